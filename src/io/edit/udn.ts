import { isObject, type Json } from '../reader';

/** Building and editing OVN-K (Cluster)UserDefinedNetworks for the forms (SEMANTICS §10). */

export const PRIMARY_UDN_LABEL = 'k8s.ovn.org/primary-user-defined-network';
export type UdnTopologyName = 'Layer2' | 'Layer3' | 'Localnet';
export type UdnRoleName = 'Primary' | 'Secondary';

export interface UdnFields {
  readonly topology: UdnTopologyName;
  readonly role: UdnRoleName;
  /** comma list; Layer3 items may carry a host subnet (`10.0.0.0/16/24`) */
  readonly subnets: string;
  /** Localnet only */
  readonly physicalNetworkName?: string;
}

const BLOCK = { Layer2: 'layer2', Layer3: 'layer3', Localnet: 'localnet' } as const;

function subnetList(text: string, topology: UdnTopologyName): unknown[] {
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  if (topology !== 'Layer3') return items;
  return items.map((s) => {
    const [a = '', b = '', host] = s.split('/');
    return host ? { cidr: `${a}/${b}`, hostSubnet: Number(host) } : { cidr: `${a}/${b}` };
  });
}

/** The network body (UDN `spec`, CUDN `spec.network`) for these fields, as the CRD wants it. */
export function udnNetworkBody(f: UdnFields): Json {
  const key = BLOCK[f.topology];
  const block: Record<string, unknown> = { role: f.topology === 'Localnet' ? 'Secondary' : f.role };
  const subnets = subnetList(f.subnets, f.topology);
  if (subnets.length) block.subnets = subnets;
  if (f.topology === 'Localnet') block.physicalNetworkName = f.physicalNetworkName || 'physnet';
  else if (!subnets.length && f.role === 'Secondary' && f.topology === 'Layer2')
    block.ipam = { mode: 'Disabled' };
  return { topology: f.topology, [key]: block };
}

/** The fields of a UDN/CUDN object (defaults where absent). */
export function readUdnFields(obj: Json): UdnFields {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const net = obj.kind === 'ClusterUserDefinedNetwork' ? (isObject(spec.network) ? spec.network : {}) : spec;
  const topology = (
    ['Layer2', 'Layer3', 'Localnet'].includes(String(net.topology)) ? net.topology : 'Layer2'
  ) as UdnTopologyName;
  const block = isObject(net[BLOCK[topology]]) ? (net[BLOCK[topology]] as Json) : {};
  const subnets = (Array.isArray(block.subnets) ? block.subnets : [])
    .map((s) =>
      typeof s === 'string'
        ? s
        : isObject(s) && typeof s.cidr === 'string'
          ? `${s.cidr}${typeof s.hostSubnet === 'number' ? `/${s.hostSubnet}` : ''}`
          : '',
    )
    .filter(Boolean)
    .join(', ');
  return {
    topology,
    role: block.role === 'Secondary' ? 'Secondary' : 'Primary',
    subnets,
    ...(typeof block.physicalNetworkName === 'string'
      ? { physicalNetworkName: block.physicalNetworkName }
      : {}),
  };
}

/** The object with its network body replaced (other fields kept verbatim). */
export function withUdnFields(obj: Json, f: UdnFields): Json {
  const spec = isObject(obj.spec) ? obj.spec : {};
  return obj.kind === 'ClusterUserDefinedNetwork'
    ? { ...obj, spec: { ...spec, network: udnNetworkBody(f) } }
    : { ...obj, spec: udnNetworkBody(f) };
}

/** A namespaced UDN; a primary one also needs the namespace label (see `withPrimaryLabel`). */
export function createUdn(name: string, namespace: string, f: UdnFields): Json {
  return {
    apiVersion: 'k8s.ovn.org/v1',
    kind: 'UserDefinedNetwork',
    metadata: { name, namespace },
    spec: udnNetworkBody(f),
  };
}

/** A CUDN selecting namespaces by labels (`{}` = every namespace). */
export function createCudn(name: string, matchLabels: Readonly<Record<string, string>>, f: UdnFields): Json {
  return {
    apiVersion: 'k8s.ovn.org/v1',
    kind: 'ClusterUserDefinedNetwork',
    metadata: { name },
    spec: { namespaceSelector: { matchLabels: { ...matchLabels } }, network: udnNetworkBody(f) },
  };
}

/** The Namespace with the label that asks for a primary UDN (only settable at creation on a real cluster). */
export function withPrimaryLabel(ns: Json): Json {
  const meta = isObject(ns.metadata) ? ns.metadata : {};
  const labels = isObject(meta.labels) ? meta.labels : {};
  return { ...ns, metadata: { ...meta, labels: { ...labels, [PRIMARY_UDN_LABEL]: '' } } };
}

export function cudnMatchLabels(obj: Json): Record<string, string> {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const sel = isObject(spec.namespaceSelector) ? spec.namespaceSelector : {};
  const ml = isObject(sel.matchLabels) ? sel.matchLabels : {};
  return Object.fromEntries(
    Object.entries(ml).filter((e): e is [string, string] => typeof e[1] === 'string'),
  );
}

export function withCudnMatchLabels(obj: Json, labels: Readonly<Record<string, string>>): Json {
  const spec = isObject(obj.spec) ? obj.spec : {};
  const sel = isObject(spec.namespaceSelector) ? spec.namespaceSelector : {};
  return { ...obj, spec: { ...spec, namespaceSelector: { ...sel, matchLabels: { ...labels } } } };
}
