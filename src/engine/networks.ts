import type { Diagnostic } from '../model/diagnostic';
import {
  DEFAULT_NETWORK,
  type Endpoint,
  type IpSource,
  type Model,
  type NetworkAttachmentDefinition,
} from '../model/types';
import { addressOf, nthAddress, parseCidr, parseIp, type AddrRange } from './cidr';

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
}

export function logicalIdOf(nad: NetworkAttachmentDefinition): string {
  return nad.cniType === OVNK_TYPE && nad.netName ? `ovnk:${nad.netName}` : `nad:${nad.key}`;
}

function parseIps(list: readonly string[]): ParsedIp[] {
  const out: ParsedIp[] = [];
  for (const t of list) {
    const text = addressOf(t);
    const ip = parseIp(text);
    if (ip) out.push({ text, ...ip });
  }
  return out;
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
  let ri = 0;
  let n = 2n;
  return () => {
    for (; ri < ranges.length; ri++, n = 2n) {
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

export function layoutNetworks(model: Model): NetworkLayout {
  const diagnostics: Diagnostic[] = [];
  const networks = new Map<string, LogicalNetwork>();
  const nadToNetwork = new Map<string, string>();
  const grouped = new Map<string, NetworkAttachmentDefinition[]>();
  for (const nad of model.nads) {
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
  for (const [id, nads] of grouped) {
    const isOvnk = id.startsWith('ovnk:');
    networks.set(id, {
      id,
      nads,
      isOvnk,
      ipamless: isOvnk && nads.every((n) => n.subnets.length === 0),
      isKubeOvn: nads.some((n) => n.cniType === 'kube-ovn'),
    });
  }

  const members = new Map<string, Member[]>();
  const pending: { net: LogicalNetwork; endpoint: Endpoint; index: number; nad: string }[] = [];
  const taken = new Map<string, Set<string>>();
  model.endpoints.forEach((endpoint, index) => {
    const seen = new Set<string>();
    for (const att of endpoint.attachments) {
      const netId = att.nad === DEFAULT_NETWORK ? DEFAULT_NETWORK : nadToNetwork.get(att.nad);
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
      if (seen.has(netId)) continue; // two interfaces on one network: one endpoint there
      seen.add(netId);
      const net = networks.get(netId) as LogicalNetwork;
      const ips = parseIps(att.ips);
      const list = members.get(netId) ?? [];
      members.set(netId, list);
      if (ips.length === 0 && netId !== DEFAULT_NETWORK && endpoint.kind !== 'External') {
        pending.push({ net, endpoint, index, nad: att.nad });
        list.push({ endpoint, index, nad: att.nad, ips, ipSource: 'none' });
      } else {
        list.push({ endpoint, index, nad: att.nad, ips, ipSource: att.ipSource });
        const t = taken.get(netId) ?? new Set<string>();
        for (const ip of ips) t.add(ip.text);
        taken.set(netId, t);
      }
    }
  });
  // Simulated IPAM for endpoints without an address on networks that have IPAM.
  const allocators = new Map<string, () => string | undefined>();
  for (const p of pending) {
    const nad = p.net.nads[0];
    if (!nad || (nad.subnets.length === 0 && nad.ipamSubnets.length === 0)) continue;
    let alloc = allocators.get(p.net.id);
    if (!alloc) {
      alloc = allocator(p.net, taken.get(p.net.id) ?? new Set());
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
  return { networks, nadToNetwork, members, diagnostics };
}
