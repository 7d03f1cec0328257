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
  | { readonly t: 'endpoint'; readonly v: Endpoint; readonly at: Site }
  | { readonly t: 'ignored'; readonly v: IgnoredObject }
  | KeyedOp;

/** The values filed under a key, where a later object with the same key replaces the earlier one. */
interface Keyed {
  namespace: Namespace;
  nad: NetworkAttachmentDefinition;
  policy: Policy;
  clusterPolicy: ClusterPolicy;
  subnet: KubeOvnSubnet;
  node: ClusterNode;
  udn: UserDefinedNetwork;
}
type KeyedKind = keyof Keyed;

/** `dup`: the warning (pointing `at` the object) if an earlier object had the same key; else silent. */
type KeyedOp = {
  [K in KeyedKind]: { readonly t: K; readonly v: Keyed[K]; readonly at?: Site; readonly dup?: string };
}[KeyedKind];

const KEY_OF: { readonly [K in KeyedKind]: (v: Keyed[K]) => string } = {
  namespace: (v) => v.name,
  nad: (v) => v.key,
  policy: (v) => v.id,
  clusterPolicy: (v) => v.id,
  subnet: (v) => v.name,
  node: (v) => v.name,
  udn: (v) => v.key,
};

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
  keyed: { [K in KeyedKind]: Map<string, Keyed[K]> };
  endpoints: Map<string, Endpoint>;
  ignored: IgnoredObject[];
  diagnostics: Diagnostic[];
}

export function newBuilder(): Builder {
  const keyed = Object.fromEntries(Object.keys(KEY_OF).map((k) => [k, new Map()]));
  return { keyed: keyed as Builder['keyed'], endpoints: new Map(), ignored: [], diagnostics: [] };
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
  let ep = withId.get(e);
  if (!ep) withId.set(e, (ep = { ...e, id: endpointId(e.kind, e.namespace, e.name) }));
  const id = ep.id;
  const prev = b.endpoints.get(id);
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

function file<K extends KeyedKind>(b: Builder, op: KeyedOp & { t: K }): void {
  const v = op.v as Keyed[K];
  const map = b.keyed[op.t] as Map<string, Keyed[K]>;
  const key = (KEY_OF[op.t] as (v: Keyed[K]) => string)(v);
  if (op.at && op.dup !== undefined && map.has(key)) warnDuplicate(b, op.at, op.dup);
  map.set(key, v);
}

function apply(b: Builder, op: Op): void {
  switch (op.t) {
    case 'ns':
      if (!b.keyed.namespace.has(op.name))
        b.keyed.namespace.set(op.name, { name: op.name, labels: {}, declared: false });
      return;
    case 'endpoint':
      addEndpoint(b, op.v, op.at);
      return;
    case 'ignored':
      b.ignored.push(op.v);
      return;
    default:
      file(b, op);
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
  const { namespace, nad, policy, subnet, udn, clusterPolicy, node } = b.keyed;
  const model: Model = {
    namespaces: [...namespace.values()],
    endpoints: [...b.endpoints.values()],
    nads: [...nad.values()],
    policies: [...policy.values()],
    subnets: [...subnet.values()],
    ...(udn.size ? { udns: [...udn.values()] } : {}),
    ignored: b.ignored,
    ...(clusterPolicy.size ? { clusterPolicies: [...clusterPolicy.values()] } : {}),
    ...(node.size ? { nodes: [...node.values()] } : {}),
  };
  return { model, diagnostics: b.diagnostics };
}
