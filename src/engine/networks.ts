import type { Diagnostic } from '../model/diagnostic';
import {
  DEFAULT_NETWORK,
  type Endpoint,
  type IpSource,
  type Model,
  type NetworkAttachmentDefinition,
} from '../model/types';
import { addressOf, nthAddress, parseCidr, parseIp, type AddrRange } from './cidr';
import { openPorts, type LockedEndpoint } from './udn/lock';
import { planUdns, type UdnPlan } from './udn/plan';

export const OVNK_TYPE = 'ovn-k8s-cni-overlay';

/**
 * A logical network. OVN-K overlay NADs sharing `config.name` are one network
 * ("networks are not namespaced", SEMANTICS R5.5); any other NAD is its own network.
 */
export interface LogicalNetwork {
  readonly id: string; // 'default' | 'ovnk:<netName>' | 'nad:<ns>/<name>'
  readonly nads: readonly NetworkAttachmentDefinition[];
  readonly isOvnk: boolean;
  /** OVN-K network without IPAM (no `subnets`): selector peers are not supported (R5.7). */
  readonly ipamless: boolean;
  readonly isKubeOvn: boolean;
  /** A primary network (C)UDN or primary NAD: NetworkPolicy applies here, MultiNetworkPolicy not (R10.9). */
  readonly primary?: boolean;
  /** An OVN-K (C)UDN network: the (C)UDN it comes from (`ns/name` or `NAME`). */
  readonly udn?: string;
}

export interface ParsedIp {
  readonly text: string;
  readonly family: 4 | 6;
  readonly value: bigint;
}

/** An endpoint on a logical network, through one NAD key (or `default`). */
export interface Member {
  readonly endpoint: Endpoint;
  readonly index: number; // index in model.endpoints
  readonly nad: string;
  readonly ips: readonly ParsedIp[];
  readonly ipSource: IpSource;
}

export interface NetworkLayout {
  readonly networks: ReadonlyMap<string, LogicalNetwork>;
  /** NAD key → logical network id. */
  readonly nadToNetwork: ReadonlyMap<string, string>;
  readonly members: ReadonlyMap<string, readonly Member[]>;
  readonly diagnostics: readonly Diagnostic[];
  /** namespace → logical id of its primary network when it is not `default` (R10.4). */
  readonly primaryOf?: ReadonlyMap<string, string>;
  /** endpoint id → its locked `default` attachment (R10.6). */
  readonly locked?: ReadonlyMap<string, LockedEndpoint>;
  /** namespace → key of its primary network (`ns/name` or a CUDN `NAME`) when it is not `default`. */
  readonly primaryKeys?: ReadonlyMap<string, string>;
  /** attachment name → the network key it resolves to, where they differ (`ns/CUDN` → `CUDN`). */
  readonly aliases?: ReadonlyMap<string, string>;
}

export function logicalIdOf(nad: NetworkAttachmentDefinition): string {
  return nad.cniType === OVNK_TYPE && nad.netName ? `ovnk:${nad.netName}` : `nad:${nad.key}`;
}

const NO_IPS: readonly ParsedIp[] = [];

function parseIps(list: readonly string[]): readonly ParsedIp[] {
  const out: ParsedIp[] = [];
  for (const t of list) {
    const text = addressOf(t);
    const ip = parseIp(text);
    // (a literal: a spread puts the copied fields out of the object, one more object per address)
    if (ip) out.push({ text, family: ip.family, value: ip.value });
  }
  // (an exact copy: a pushed array keeps room for 17, and every member keeps its list)
  return out.length ? out.slice() : NO_IPS;
}

/** First CIDR of an OVN-K `subnets` entry; layer3 writes `10.128.0.0/16/24`. */
function subnetRange(s: string): AddrRange | undefined {
  const parts = s.trim().split('/');
  const p = parseCidr(parts.slice(0, 2).join('/'));
  return p.ok ? p.range : undefined;
}

/**
 * Deterministic IPAM simulation (R5.8 step 4): addresses from the network's subnets in
 * endpoint order, skipping the network address, the first host address, excluded
 * subnets and every address already taken on the network. An excluded range is jumped over
 * in one step, so each call costs at most (excluded ranges + addresses in use) steps.
 */
function allocator(net: LogicalNetwork, taken: Set<string>): () => string | undefined {
  const nad = net.nads[0];
  if (!nad) return () => undefined;
  const ranges = (nad.subnets.length ? nad.subnets : nad.ipamSubnets)
    .map(subnetRange)
    .filter((r): r is AddrRange => !!r);
  const excluded = nad.excludeSubnets.map(subnetRange).filter((r): r is AddrRange => !!r);
  // (C)UDNs also keep the second host address for the management port (R10.5)
  const first = net.udn ? 3n : 2n;
  let ri = 0;
  let n = first;
  return () => {
    for (; ri < ranges.length; ri++, n = first) {
      const r = ranges[ri] as AddrRange;
      for (;;) {
        const v = r.start + n;
        if (v > r.end) break;
        // keep clear of the broadcast address in IPv4
        if (r.family === 4 && v === r.end && r.end > r.start + 2n) break;
        const ex = excluded.find((x) => x.family === r.family && v >= x.start && v <= x.end);
        if (ex) {
          n = ex.end - r.start + 1n;
          continue;
        }
        const a = nthAddress(r, n) as string;
        n++;
        if (taken.has(a)) continue;
        taken.add(a);
        return a;
      }
    }
    return undefined;
  };
}

function namespaceLabelsOf(model: Model): (ns: string) => Readonly<Record<string, string>> {
  const byName = new Map(model.namespaces.map((n) => [n.name, n.labels]));
  return (ns) => ({ ...(byName.get(ns) ?? {}), 'kubernetes.io/metadata.name': ns });
}

interface Pending {
  readonly net: LogicalNetwork;
  readonly endpoint: Endpoint;
  readonly index: number;
  readonly nad: string;
}

export function layoutNetworks(model: Model): NetworkLayout {
  const diagnostics: Diagnostic[] = [];
  const plan: UdnPlan = planUdns(model, namespaceLabelsOf(model));
  diagnostics.push(...plan.diagnostics);
  const networks = new Map<string, LogicalNetwork>();
  const nadToNetwork = new Map<string, string>();
  const grouped = new Map<string, NetworkAttachmentDefinition[]>();
  for (const nad of model.nads) {
    if (plan.generated.has(nad.key)) continue; // a (C)UDN's own NAD: folded into its owner (R10.2)
    const id = logicalIdOf(nad);
    nadToNetwork.set(nad.key, id);
    grouped.set(id, [...(grouped.get(id) ?? []), nad]);
  }
  networks.set(DEFAULT_NETWORK, {
    id: DEFAULT_NETWORK,
    nads: [],
    isOvnk: false,
    ipamless: false,
    isKubeOvn: false,
  });
  const primaryNets = new Set([...plan.primaryOf.values()].map((r) => r.net));
  for (const [id, nads] of grouped) {
    const isOvnk = id.startsWith('ovnk:');
    networks.set(id, {
      id,
      nads,
      isOvnk,
      ipamless: isOvnk && nads.every((n) => n.subnets.length === 0),
      isKubeOvn: nads.some((n) => n.cniType === 'kube-ovn'),
      ...(primaryNets.has(id) || nads.some((n) => n.role === 'primary') ? { primary: true } : {}),
    });
  }
  for (const u of plan.networks) {
    networks.set(u.id, {
      id: u.id,
      nads: u.nads,
      isOvnk: true,
      ipamless: u.ipamless,
      isKubeOvn: false,
      ...(u.primary ? { primary: true } : {}),
      ...(u.udn ? { udn: u.udn.key } : {}),
    });
  }
  for (const [ref, r] of plan.refs) nadToNetwork.set(ref, r.net);
  const primaryOf = new Map([...plan.primaryOf].map(([ns, r]) => [ns, r.net]));
  const locked = new Map<string, LockedEndpoint>();

  const members = new Map<string, Member[]>();
  const pending: Pending[] = [];
  const place = (
    netId: string,
    endpoint: Endpoint,
    index: number,
    nad: string,
    ipList: readonly string[],
    source: IpSource,
  ) => {
    const net = networks.get(netId) as LogicalNetwork;
    const ips = parseIps(ipList);
    const list = members.get(netId) ?? [];
    members.set(netId, list);
    if (ips.length === 0 && netId !== DEFAULT_NETWORK && endpoint.kind !== 'External') {
      pending.push({ net, endpoint, index, nad });
      list.push({ endpoint, index, nad, ips, ipSource: 'none' });
    } else {
      list.push({ endpoint, index, nad, ips, ipSource: source });
    }
  };
  model.endpoints.forEach((endpoint, index) => {
    const workload = endpoint.kind !== 'External' && !endpoint.hostNetwork;
    if (workload && plan.noStart.has(endpoint.namespace)) return; // U4: never starts
    const primary = workload ? plan.primaryOf.get(endpoint.namespace) : undefined;
    const isLocked = !!primary || (workload && plan.conflicted.has(endpoint.namespace));
    // (the networks placed on: a short list, not a set per endpoint)
    const seen: string[] = [];
    for (const att of endpoint.attachments) {
      if (att.nad === DEFAULT_NETWORK) {
        if (seen.includes(DEFAULT_NETWORK)) continue;
        seen.push(DEFAULT_NETWORK);
        // A VM's guest-reported pod-network address is its address on the primary UDN (l2bridge, R10.13).
        const vmOnUdn = !!primary && endpoint.kind === 'VM' && att.ipSource === 'vmi-status';
        place(DEFAULT_NETWORK, endpoint, index, DEFAULT_NETWORK, vmOnUdn ? [] : att.ips, att.ipSource);
        if (isLocked) locked.set(endpoint.id, { primary: primary?.key ?? '', open: openPorts(endpoint) });
        if (primary && !seen.includes(primary.net)) {
          seen.push(primary.net);
          const hint = endpoint.udn;
          if (hint?.primaryIps?.length)
            place(
              primary.net,
              endpoint,
              index,
              primary.key,
              hint.primaryIps,
              hint.primaryIpSource ?? 'annotation',
            );
          else place(primary.net, endpoint, index, primary.key, vmOnUdn ? att.ips : [], 'vmi-status');
        }
        continue;
      }
      const ref = plan.refs.get(att.nad);
      const netId = ref?.net ?? nadToNetwork.get(att.nad);
      if (!netId) {
        diagnostics.push({
          severity: 'error',
          code: 'nad-unknown',
          message: `attaches to network "${att.nad}", but no NetworkAttachmentDefinition ${att.nad} exists; the ${endpoint.kind === 'VM' ? 'VM' : 'pod'} would not start (Multus looks the NAD up in the ${att.nad.split('/')[0]} namespace)`,
          object: { kind: endpoint.sourceKind, namespace: endpoint.namespace, name: endpoint.name },
          field: endpoint.kind === 'VM' ? 'spec.template.spec.networks' : 'metadata.annotations',
        });
        continue;
      }
      if (ref?.ownNamespace && workload && ref.ownNamespace !== endpoint.namespace)
        diagnostics.push({
          severity: 'warning',
          code: 'udn-secondary-cross-namespace',
          message: `attaches to the secondary UserDefinedNetwork ${ref.key} of namespace ${ref.ownNamespace}; a UDN serves only its own namespace (Multus may still allow the reference; unverified) (U12)`,
          object: { kind: endpoint.sourceKind, namespace: endpoint.namespace, name: endpoint.name },
          field: endpoint.kind === 'VM' ? 'spec.template.spec.networks' : 'metadata.annotations',
        });
      if (seen.includes(netId)) continue; // two interfaces on one network: one endpoint there
      seen.push(netId);
      place(netId, endpoint, index, ref?.key ?? att.nad, att.ips, att.ipSource);
    }
  });
  // Simulated IPAM for endpoints without an address on networks that have IPAM.
  const allocators = new Map<string, () => string | undefined>();
  for (const p of pending) {
    const nad = p.net.nads[0];
    if (!nad || (nad.subnets.length === 0 && nad.ipamSubnets.length === 0)) continue;
    let alloc = allocators.get(p.net.id);
    if (!alloc) {
      // the addresses in use on the network (made here: only networks with IPAM need them)
      const taken = new Set<string>();
      for (const m of members.get(p.net.id) ?? []) for (const ip of m.ips) taken.add(ip.text);
      alloc = allocator(p.net, taken);
      allocators.set(p.net.id, alloc);
    }
    const ip = alloc();
    if (!ip) {
      const e = p.endpoint;
      diagnostics.push({
        severity: 'warning',
        code: 'ipam-no-address',
        message: `no free address is left in the subnets of ${p.nad} (${(nad.subnets.length ? nad.subnets : nad.ipamSubnets).join(', ')} minus excludeSubnets and addresses in use), so no IP was simulated for it on this network`,
        object: { kind: e.sourceKind, namespace: e.namespace, name: e.name },
        field: e.kind === 'VM' ? 'spec.template.spec.networks' : 'metadata.annotations',
      });
      continue;
    }
    const list = members.get(p.net.id) ?? [];
    const k = list.findIndex((m) => m.index === p.index);
    if (k >= 0)
      list[k] = {
        endpoint: p.endpoint,
        index: p.index,
        nad: p.nad,
        ips: parseIps([ip]),
        ipSource: 'ipam-simulated',
      };
  }
  const primaryKeys = new Map([...plan.primaryOf].map(([ns, r]) => [ns, r.key]));
  const aliases = new Map([...plan.refs].filter(([ref, r]) => ref !== r.key).map(([ref, r]) => [ref, r.key]));
  return { networks, nadToNetwork, members, diagnostics, primaryOf, locked, primaryKeys, aliases };
}

/**
 * The layout with the endpoints at `changed` replaced by their new versions, which differ from
 * the old ones only in fields the layout does not read (labels, named ports): every network keeps
 * its members in place, and lists without a changed endpoint are kept as they are.
 */
export function relabelLayout(
  layout: NetworkLayout,
  endpoints: readonly Endpoint[],
  changed: readonly number[],
): NetworkLayout {
  const at = new Set(changed);
  const members = new Map<string, readonly Member[]>();
  for (const [net, list] of layout.members) {
    let out: Member[] | undefined;
    for (let k = 0; k < list.length; k++) {
      const m = list[k] as Member;
      if (!at.has(m.index)) continue;
      out ??= [...list];
      out[k] = { ...m, endpoint: endpoints[m.index] as Endpoint };
    }
    members.set(net, out ?? list);
  }
  return { ...layout, members };
}
