import type { DesignObject } from '../io/design';

/** Kinds that stand for endpoints on the canvas (the workload form edits them). */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  'Pod',
  'VirtualMachine',
  'VirtualMachineInstance',
  'Deployment',
  'StatefulSet',
  'DaemonSet',
  'ReplicaSet',
  'Job',
  'CronJob',
  'ExternalHost',
]);

/** A namespaced policy: the palette lists these, teaching mode applies them one by one. */
export const isPolicy = (o: DesignObject): boolean =>
  o.obj.kind === 'NetworkPolicy' || o.obj.kind === 'MultiNetworkPolicy';

export type { DesignObject };
