// One place for every id the app builds or parses. Ids are branded strings: a PolicyId cannot
// be passed where an EndpointId is expected, and every id is made by a constructor here.
import type { ObjectRef } from './diagnostic';

declare const brand: unique symbol;
type Brand<T, B extends string> = T & { readonly [brand]: B };

/** An endpoint: `pod:<ns>/<name>`, `vm:<ns>/<name>`, `ext:<name>`. */
export type EndpointId = Brand<string, 'EndpointId'>;
/** A policy: `netpol:<ns>/<name>`, `mnp:<ns>/<name>`. */
export type PolicyId = Brand<string, 'PolicyId'>;
/** A design object: `Kind/<ns>/<name>` (namespace empty for cluster-scoped kinds). */
export type ObjectId = Brand<string, 'ObjectId'>;
/** A network key: `default`, or the NAD key `<ns>/<name>`. */
export type NetworkId = Brand<string, 'NetworkId'>;

export type EndpointKindTag = 'Pod' | 'VM' | 'External';

/**
 * Kinds without a namespace. ExternalHost is ours: a host outside the cluster has none. The
 * io readers and the design's object ids use this one set, so a diagnostic's object and the
 * design object it names always agree.
 */
export const CLUSTER_SCOPED: ReadonlySet<string> = new Set([
  'Namespace',
  'Subnet',
  'ExternalHost',
  'Node',
  'ClusterRole',
  'ClusterRoleBinding',
  'CustomResourceDefinition',
  'NodeNetworkConfigurationPolicy',
  'ClusterUserDefinedNetwork',
  'ClusterNetworkConnect',
  'RouteAdvertisements',
  'AdminNetworkPolicy',
  'BaselineAdminNetworkPolicy',
  'ClusterNetworkPolicy',
]);

/** The namespace an object lives in: '' when cluster-scoped, `default` when not written. */
export function namespaceOf(kind: string, written: unknown): string {
  if (CLUSTER_SCOPED.has(kind)) return '';
  return typeof written === 'string' && written !== '' ? written : 'default';
}

const EP_PREFIX: Record<EndpointKindTag, string> = { Pod: 'pod', VM: 'vm', External: 'ext' };

// Ids are built with join: a template literal of several parts is a chain of cons strings (five
// objects per id, kept with every endpoint and policy of a design); join makes one flat string.

export function endpointId(kind: EndpointKindTag, namespace: string, name: string): EndpointId {
  return (
    kind === 'External' ? `ext:${name}` : [EP_PREFIX[kind], ':', namespace, '/', name].join('')
  ) as EndpointId;
}

export function parseEndpointId(
  id: string,
): { kind: EndpointKindTag; namespace: string; name: string } | undefined {
  const m = /^(pod|vm|ext):(?:([^/]*)\/)?([^/]+)$/.exec(id);
  if (!m) return undefined;
  const kind: EndpointKindTag = m[1] === 'pod' ? 'Pod' : m[1] === 'vm' ? 'VM' : 'External';
  if ((kind === 'External') !== (m[2] === undefined)) return undefined;
  return { kind, namespace: m[2] ?? '', name: m[3] ?? '' };
}

export function isEndpointId(id: string): id is EndpointId {
  return parseEndpointId(id) !== undefined;
}

export function policyId(
  kind: 'NetworkPolicy' | 'MultiNetworkPolicy',
  namespace: string,
  name: string,
): PolicyId {
  return [kind === 'NetworkPolicy' ? 'netpol' : 'mnp', ':', namespace, '/', name].join('') as PolicyId;
}

export function parsePolicyId(
  id: string,
): { kind: 'NetworkPolicy' | 'MultiNetworkPolicy'; namespace: string; name: string } | undefined {
  const m = /^(netpol|mnp):([^/]+)\/(.+)$/.exec(id);
  if (!m) return undefined;
  return {
    kind: m[1] === 'netpol' ? 'NetworkPolicy' : 'MultiNetworkPolicy',
    namespace: m[2] ?? '',
    name: m[3] ?? '',
  };
}

export function objectId(kind: string, namespace: string, name: string): ObjectId {
  return `${kind}/${CLUSTER_SCOPED.has(kind) ? '' : namespace}/${name}` as ObjectId;
}

/** The design object a diagnostic names (the inspector, canvas badges, "go to object"). */
export function objectIdOfRef(ref: ObjectRef): ObjectId {
  return objectId(ref.kind, ref.namespace ?? '', ref.name);
}

export function parseObjectId(id: string): ObjectRef | undefined {
  const m = /^([^/]+)\/([^/]*)\/(.+)$/.exec(id);
  if (!m) return undefined;
  const [, kind = '', namespace = '', name = ''] = m;
  return namespace ? { kind, namespace, name } : { kind, name };
}

export const DEFAULT_NETWORK_ID = 'default' as NetworkId;

/** `default`, or a NAD's `namespace/name` key. */
export function networkId(nadNamespace: string, nadName: string): NetworkId {
  return `${nadNamespace}/${nadName}` as NetworkId;
}

export function parseNetworkId(id: string): { namespace: string; name: string } | 'default' | undefined {
  if (id === 'default') return 'default';
  const m = /^([^/]+)\/([^/]+)$/.exec(id);
  return m ? { namespace: m[1] ?? '', name: m[2] ?? '' } : undefined;
}

interface Labelled {
  readonly id: string;
  readonly kind: EndpointKindTag;
  readonly namespace: string;
  readonly name: string;
}

/** `namespace/name`, or the external's name: what conformance cases and the CLI print. */
export function baseLabel(e: Pick<Labelled, 'kind' | 'namespace' | 'name'>): string {
  return e.kind === 'External' ? e.name : `${e.namespace}/${e.name}`;
}

const labelers = new WeakMap<readonly Labelled[], (e: Labelled) => string>();

/**
 * Display labels for a set of endpoints: `namespace/name`, told apart as `ns/name (Pod)` and
 * `ns/name (VM)` only when a Pod and a VM share a name. Labels are for people; views key by id.
 */
export function endpointLabeler(endpoints: readonly Labelled[]): (e: Labelled) => string {
  const hit = labelers.get(endpoints);
  if (hit) return hit;
  const seen = new Map<string, string>();
  const shared = new Set<string>();
  for (const e of endpoints) {
    const l = baseLabel(e);
    const prev = seen.get(l);
    if (prev !== undefined && prev !== e.id) shared.add(l);
    else seen.set(l, e.id);
  }
  const labeler = (e: Labelled): string => {
    const l = baseLabel(e);
    return shared.has(l) ? `${l} (${e.kind})` : l;
  };
  labelers.set(endpoints, labeler);
  return labeler;
}
