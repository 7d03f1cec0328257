import type { Diagnostic, ObjectRef } from '../model/diagnostic';
import { endpointId } from '../model/ids';
import type {
  Attachment,
  ClusterNode,
  ClusterPolicy,
  Endpoint,
  IgnoredObject,
  KubeOvnSubnet,
  Model,
  Namespace,
  NetworkAttachmentDefinition,
  Origin,
  ParseResult,
  Policy,
  UserDefinedNetwork,
} from '../model/types';
import { FieldReader } from './reader';

/**
 * Reading an object never looks at what other objects produced: it records what it contributes
 * (`Contribution`), and `replay` joins the contributions in order into a `Builder`. Only the join
 * depends on other objects (duplicates, VM + VMI, implicit namespaces, map order), so a memoised
 * contribution replayed gives exactly what reading the object again would (the incremental derive).
 */
export type Op =
  /** the object's namespace, created undeclared unless already known */
  | { readonly t: 'ns'; readonly name: string }
  | { readonly t: 'namespace'; readonly v: Namespace }
  | { readonly t: 'endpoint'; readonly v: Endpoint; readonly at: Site }
  | { readonly t: 'nad'; readonly v: NetworkAttachmentDefinition }
  /** `dup`: the warning if an earlier object had the same id */
  | { readonly t: 'policy'; readonly v: Policy; readonly at: Site; readonly dup: string }
  | { readonly t: 'clusterPolicy'; readonly v: ClusterPolicy; readonly at: Site; readonly dup: string }
  | { readonly t: 'subnet'; readonly v: KubeOvnSubnet }
  | { readonly t: 'node'; readonly v: ClusterNode }
  | { readonly t: 'udn'; readonly v: UserDefinedNetwork }
  | { readonly t: 'ignored'; readonly v: IgnoredObject };

/** Where a duplicate warning points (the object's reader). */
export interface Site {
  readonly ref: ObjectRef;
  readonly origin: Origin;
}

/** What reading one value contributed: its diagnostics and ops; `ops[i].after` diagnostics precede it. */
export interface Contribution {
  readonly diagnostics: Diagnostic[];
  readonly ops: { readonly after: number; readonly op: Op }[];
}

export function newContribution(): Contribution {
  return { diagnostics: [], ops: [] };
}

export function emit(c: Contribution, op: Op): void {
  c.ops.push({ after: c.diagnostics.length, op });
}

export interface Builder {
  namespaces: Map<string, Namespace>;
  endpoints: Map<string, Endpoint>;
  nads: Map<string, NetworkAttachmentDefinition>;
  policies: Map<string, Policy>;
  subnets: Map<string, KubeOvnSubnet>;
  clusterPolicies: Map<string, ClusterPolicy>;
  nodes: Map<string, ClusterNode>;
  udns: Map<string, UserDefinedNetwork>;
  ignored: IgnoredObject[];
  diagnostics: Diagnostic[];
}

export function newBuilder(): Builder {
  return {
    namespaces: new Map(),
    endpoints: new Map(),
    nads: new Map(),
    policies: new Map(),
    subnets: new Map(),
    clusterPolicies: new Map(),
    nodes: new Map(),
    udns: new Map(),
    ignored: [],
    diagnostics: [],
  };
}

/** A VMI next to its VM: the VM keeps its id, and takes the VMI's reported IPs. */
function mergeVm(vm: Endpoint, vmi: Endpoint): Endpoint {
  const attachments = vm.attachments.map((a): Attachment => {
    const other = vmi.attachments.find((b) => b.nad === a.nad && b.ips.length > 0);
    return a.ips.length === 0 && other ? { ...a, ips: other.ips, ipSource: other.ipSource } : a;
  });
  return { ...vm, attachments };
}

function warnDuplicate(b: Builder, at: Site, message: string): void {
  new FieldReader(at.ref, at.origin, b.diagnostics).report(
    'warning',
    'duplicate-object',
    'metadata.name',
    message,
  );
}

/**
 * Each read endpoint with its id, made once: a replayed contribution then gives the same object,
 * so a consumer comparing by identity (the engine worker's model delta) sees it unchanged.
 */
const withId = new WeakMap<Endpoint, Endpoint>();

function addEndpoint(b: Builder, e: Endpoint, at: Site): void {
  const id = endpointId(e.kind, e.namespace, e.name);
  const prev = b.endpoints.get(id);
  let ep = withId.get(e);
  if (ep?.id !== id) withId.set(e, (ep = { ...e, id }));
  if (!prev) {
    b.endpoints.set(id, ep);
    return;
  }
  if (prev.sourceKind === 'VirtualMachine' && e.sourceKind === 'VirtualMachineInstance')
    b.endpoints.set(id, mergeVm(prev, ep));
  else if (prev.sourceKind === 'VirtualMachineInstance' && e.sourceKind === 'VirtualMachine')
    b.endpoints.set(id, mergeVm(ep, prev));
  else {
    warnDuplicate(
      b,
      at,
      `a workload named ${e.namespace}/${e.name} was already read (${prev.sourceKind}); this one replaces it`,
    );
    b.endpoints.set(id, ep);
  }
}

function apply(b: Builder, op: Op): void {
  switch (op.t) {
    case 'ns':
      if (!b.namespaces.has(op.name))
        b.namespaces.set(op.name, { name: op.name, labels: {}, declared: false });
      return;
    case 'namespace':
      b.namespaces.set(op.v.name, op.v);
      return;
    case 'endpoint':
      addEndpoint(b, op.v, op.at);
      return;
    case 'nad':
      b.nads.set(op.v.key, op.v);
      return;
    case 'policy':
      if (b.policies.has(op.v.id)) warnDuplicate(b, op.at, op.dup);
      b.policies.set(op.v.id, op.v);
      return;
    case 'clusterPolicy':
      if (b.clusterPolicies.has(op.v.id)) warnDuplicate(b, op.at, op.dup);
      b.clusterPolicies.set(op.v.id, op.v);
      return;
    case 'subnet':
      b.subnets.set(op.v.name, op.v);
      return;
    case 'node':
      b.nodes.set(op.v.name, op.v);
      return;
    case 'udn':
      b.udns.set(op.v.key, op.v);
      return;
    case 'ignored':
      b.ignored.push(op.v);
  }
}

/** Join one contribution into the builder, diagnostics and ops in the order they were made. */
export function replay(b: Builder, c: Contribution): void {
  let k = 0;
  for (const { after, op } of c.ops) {
    while (k < after) b.diagnostics.push(c.diagnostics[k++] as Diagnostic);
    apply(b, op);
  }
  while (k < c.diagnostics.length) b.diagnostics.push(c.diagnostics[k++] as Diagnostic);
}

export function finish(b: Builder): ParseResult {
  const model: Model = {
    namespaces: [...b.namespaces.values()],
    endpoints: [...b.endpoints.values()],
    nads: [...b.nads.values()],
    policies: [...b.policies.values()],
    subnets: [...b.subnets.values()],
    ...(b.udns.size ? { udns: [...b.udns.values()] } : {}),
    ignored: b.ignored,
    ...(b.clusterPolicies.size ? { clusterPolicies: [...b.clusterPolicies.values()] } : {}),
    ...(b.nodes.size ? { nodes: [...b.nodes.values()] } : {}),
  };
  return { model, diagnostics: b.diagnostics };
}
