import ipaddr from 'ipaddr.js';
import { adminDecision } from './reference-admin';
import type {
  Endpoint,
  LabelSelector,
  Labels,
  Model,
  Peer,
  Policy,
  PolicyPort,
  Protocol,
} from '../model/types';
import { isPrimaryNet, lockAllows, onPrimary, primaryIps, primaryNetOf, udnNetOf } from './reference-udn';

/**
 * A deliberately simple evaluator, pair by pair, written straight from SEMANTICS.md and
 * sharing no code with the engine (only the model types). The property tests and the
 * benchmark compare the engine against it. Scope: valid policies and explicit IPs (no
 * simulated IPAM), which is what the generators produce.
 */

export type Proto = Protocol | 'ICMP';

export function matches(s: LabelSelector, l: Labels): boolean {
  for (const [k, v] of Object.entries(s.matchLabels ?? {})) if (l[k] !== v) return false;
  for (const e of s.matchExpressions ?? []) {
    const has = k(l, e.key);
    const val = l[e.key];
    if (e.operator === 'In' && !(has && e.values?.includes(val as string))) return false;
    if (e.operator === 'NotIn' && has && e.values?.includes(val as string)) return false;
    if (e.operator === 'Exists' && !has) return false;
    if (e.operator === 'DoesNotExist' && has) return false;
    if (!['In', 'NotIn', 'Exists', 'DoesNotExist'].includes(e.operator)) return false;
  }
  return true;
}
const k = (l: Labels, key: string) => Object.prototype.hasOwnProperty.call(l, key);

export function nsLabelsOf(m: Model, ns: string): Labels {
  return { ...(m.namespaces.find((n) => n.name === ns)?.labels ?? {}), 'kubernetes.io/metadata.name': ns };
}

/** Logical network of a NAD key (R5.5): OVN-K NADs sharing config.name are one network. */
function netOf(m: Model, nadKey: string): string | undefined {
  if (nadKey === 'default') return 'default';
  const udn = udnNetOf(m, nadKey);
  if (udn) return udn;
  const nad = m.nads.find((n) => n.key === nadKey);
  if (!nad) return undefined;
  return nad.cniType === 'ovn-k8s-cni-overlay' && nad.netName ? `ovnk:${nad.netName}` : `nad:${nad.key}`;
}

export function ipsOn(m: Model, e: Endpoint, net: string): string[] {
  const primary = onPrimary(m, e);
  if (primary && net === primary) return primaryIps(e).map((ip) => ip.split('/')[0] as string);
  if (primary && net === 'default' && e.kind === 'VM') return [];
  const a = e.attachments.find((x) => netOf(m, x.nad) === net);
  return a ? a.ips.map((ip) => ip.split('/')[0] as string) : [];
}

function inCidr(ip: string, cidr: string): boolean {
  try {
    const addr = ipaddr.parse(ip);
    const [range, bits] = cidr.includes('/')
      ? ipaddr.parseCIDR(cidr)
      : [ipaddr.parse(cidr), ipaddr.parse(cidr).kind() === 'ipv4' ? 32 : 128];
    return addr.kind() === range.kind() && addr.match(range, bits);
  } catch {
    return false;
  }
}

function policyNets(m: Model, p: Policy): string[] {
  if (p.kind === 'NetworkPolicy') return [primaryNetOf(m, p.namespace) ?? 'default'];
  if (p.policyFor === undefined) return [];
  const nets: string[] = [];
  for (const item of p.policyFor.replaceAll(' ', '').split(',')) {
    const key = item.includes('/') ? item : `${p.namespace}/${item}`;
    const net = netOf(m, key);
    if (!net || isPrimaryNet(m, net)) continue; // R10.9: no MultiNetworkPolicy on a primary network
    const nads = m.nads.filter((n) => netOf(m, n.key) === net);
    const ovnkNoSubnets = net.startsWith('ovnk:') && nads.every((n) => n.subnets.length === 0);
    const hasSelectorPeer = [...(p.ingress ?? []), ...(p.egress ?? [])].some((r) =>
      (r.peers ?? []).some((x) => x.podSelector || x.namespaceSelector),
    );
    if (ovnkNoSubnets && hasSelectorPeer) continue; // R5.7: OVN-K does not apply it
    if (nads.some((n) => n.cniType === 'kube-ovn')) continue; // R7.8
    nets.push(net);
  }
  return nets;
}

/** R1.3 / R1.5 with exact matching; a NetworkPolicy with a bad value is rejected (R1.4). */
function types(p: Policy): { ingress: boolean; egress: boolean } | undefined {
  const t = p.policyTypes ?? [];
  if (t.length === 0) return { ingress: true, egress: (p.egress ?? []).length > 0 };
  if (p.kind === 'NetworkPolicy' && t.some((x) => x !== 'Ingress' && x !== 'Egress')) return undefined;
  return { ingress: t.includes('Ingress'), egress: t.includes('Egress') };
}

function selects(p: Policy, e: Endpoint): boolean {
  return (
    e.kind !== 'External' && !e.hostNetwork && e.namespace === p.namespace && matches(p.podSelector, e.labels)
  );
}

function peerOk(m: Model, p: Policy, peer: Peer, other: Endpoint, net: string): boolean {
  if (peer.ipBlock) {
    const ib = peer.ipBlock;
    return ipsOn(m, other, net).some(
      (ip) => inCidr(ip, ib.cidr) && !(ib.except ?? []).some((x) => inCidr(ip, x)),
    );
  }
  if (other.kind === 'External' || other.hostNetwork) return false;
  if (peer.namespaceSelector) {
    if (!matches(peer.namespaceSelector, nsLabelsOf(m, other.namespace))) return false;
  } else if (other.namespace !== p.namespace) return false;
  return peer.podSelector ? matches(peer.podSelector, other.labels) : true;
}

function portOk(
  ports: readonly PolicyPort[] | undefined,
  proto: Proto,
  port: number | undefined,
  dst: Endpoint,
): boolean {
  if (!ports || ports.length === 0) return true;
  if (proto === 'ICMP') return false;
  return ports.some((pp) => {
    if ((pp.protocol ?? 'TCP') !== proto) return false;
    if (pp.port === undefined) return true;
    if (typeof pp.port === 'number')
      return port !== undefined && port >= pp.port && port <= (pp.endPort ?? pp.port);
    return dst.namedPorts.some((n) => n.name === pp.port && n.protocol === proto && n.port === port);
  });
}

function sideAllows(
  m: Model,
  subject: Endpoint,
  other: Endpoint,
  dst: Endpoint,
  net: string,
  dir: 'ingress' | 'egress',
  proto: Proto,
  port: number | undefined,
): boolean {
  const isolating = m.policies.filter(
    (p) => policyNets(m, p).includes(net) && types(p)?.[dir] && selects(p, subject),
  );
  if (net === 'default' && (m.clusterPolicies ?? []).length) {
    const d = adminDecision(m, subject, other, dst, dir, proto, port, isolating.length > 0, inCidr);
    if (d !== 'NetworkPolicy') return d === 'Allow';
  }
  if (isolating.length === 0) return true;
  return isolating.some((p) =>
    ((dir === 'ingress' ? p.ingress : p.egress) ?? []).some(
      (r) =>
        (!r.peers || r.peers.length === 0 || r.peers.some((x) => peerOk(m, p, x, other, net))) &&
        portOk(r.ports, proto, port, dst),
    ),
  );
}

/** R4.1: egress of src and ingress of dst on the logical network must both allow. */
export function referenceAllows(
  m: Model,
  src: Endpoint,
  dst: Endpoint,
  net: string,
  proto: Proto,
  port?: number,
): boolean {
  return (
    (net !== 'default' || lockAllows(m, src, dst, proto, port)) &&
    sideAllows(m, src, dst, dst, net, 'egress', proto, port) &&
    sideAllows(m, dst, src, dst, net, 'ingress', proto, port)
  );
}

export function referenceNetworks(m: Model, e: Endpoint): string[] {
  const primary = onPrimary(m, e);
  return [
    ...new Set(
      [...e.attachments.map((a) => netOf(m, a.nad)), ...(primary ? [primary] : [])].filter(
        (x): x is string => x !== undefined,
      ),
    ),
  ];
}

export function logicalNetworkOf(m: Model, nadKey: string): string | undefined {
  return netOf(m, nadKey);
}
