import type { ClusterPeer, ClusterPolicy, ClusterPort, Endpoint, Model } from '../model/types';
import { ipsOn, matches, nsLabelsOf, type Proto } from './reference';

/**
 * The admin tiers of SEMANTICS §9 for the reference evaluator, connection by connection and
 * rule by rule, straight from R9.6 (and R9.15 for ClusterNetworkPolicy). No engine code.
 */

function subjectOf(m: Model, p: ClusterPolicy, e: Endpoint): boolean {
  if (e.kind === 'External' || e.hostNetwork) return false; // R9.2
  const s = p.subject;
  if (s.namespaces) return matches(s.namespaces, nsLabelsOf(m, e.namespace));
  if (s.pods)
    return (
      matches(s.pods.namespaceSelector, nsLabelsOf(m, e.namespace)) && matches(s.pods.podSelector, e.labels)
    );
  return false;
}

function ipIn(ip: string, cidr: string, inCidr: (ip: string, cidr: string) => boolean): boolean {
  return inCidr(ip, cidr);
}

function peerOk(
  m: Model,
  peer: ClusterPeer,
  other: Endpoint,
  inCidr: (ip: string, cidr: string) => boolean,
): boolean {
  const pod = other.kind !== 'External' && !other.hostNetwork;
  if (peer.namespaces) return pod && matches(peer.namespaces, nsLabelsOf(m, other.namespace));
  if (peer.pods)
    return (
      pod &&
      matches(peer.pods.namespaceSelector, nsLabelsOf(m, other.namespace)) &&
      matches(peer.pods.podSelector, other.labels)
    );
  const ips = ipsOn(m, other, 'default');
  if (peer.networks) return ips.some((ip) => (peer.networks ?? []).some((c) => ipIn(ip, c, inCidr))); // R9.8
  if (peer.nodes) {
    const sel = peer.nodes;
    const addrs = (m.nodes ?? []).filter((n) => matches(sel, n.labels)).flatMap((n) => n.addresses);
    return ips.some((ip) => addrs.includes(ip)); // R9.9
  }
  return false; // domainNames (R9.10)
}

function portOk(
  ports: readonly ClusterPort[] | undefined,
  proto: Proto,
  port: number | undefined,
  dst: Endpoint,
) {
  if (!ports) return true; // every protocol and port, ICMP included
  if (proto === 'ICMP' || port === undefined) return false;
  return ports.some((p) => {
    if (p.kind === 'named')
      return dst.namedPorts.some((n) => n.name === p.name && n.protocol === proto && n.port === port);
    if (p.protocol !== proto) return false;
    return p.kind === 'number' ? p.port === port : port >= p.start && port <= p.end;
  });
}

type Action = 'Allow' | 'Deny' | 'Pass';

/** The first matching rule's action over the policies in order, or undefined. */
function firstAction(
  m: Model,
  policies: readonly ClusterPolicy[],
  dir: 'ingress' | 'egress',
  other: Endpoint,
  dst: Endpoint,
  proto: Proto,
  port: number | undefined,
  inCidr: (ip: string, cidr: string) => boolean,
): Action | undefined {
  for (const p of policies)
    for (const r of p[dir])
      if (r.peers.some((x) => peerOk(m, x, other, inCidr)) && portOk(r.ports, proto, port, dst))
        return r.action === 'Accept' || r.action === 'Allow'
          ? 'Allow'
          : r.action === 'Pass'
            ? 'Pass'
            : 'Deny';
  return undefined;
}

const byPriority = (a: ClusterPolicy, b: ClusterPolicy) =>
  (a.priority ?? 0) - (b.priority ?? 0) ||
  (a.kind === 'ClusterNetworkPolicy' ? 1 : 0) - (b.kind === 'ClusterNetworkPolicy' ? 1 : 0) ||
  (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

/**
 * R9.6 for one side on the default network: 'Allow'/'Deny' when a cluster tier decides,
 * 'NetworkPolicy' when the NetworkPolicy tier must decide (given `npIsolates`).
 */
export function adminDecision(
  m: Model,
  subject: Endpoint,
  other: Endpoint,
  dst: Endpoint,
  dir: 'ingress' | 'egress',
  proto: Proto,
  port: number | undefined,
  npIsolates: boolean,
  inCidr: (ip: string, cidr: string) => boolean,
): 'Allow' | 'Deny' | 'NetworkPolicy' {
  const valid = (m.clusterPolicies ?? []).filter(
    (p) => !p.rejected && p[dir].length > 0 && subjectOf(m, p, subject),
  );
  const admin = valid.filter((p) => p.tier === 'Admin').sort(byPriority);
  const a = firstAction(m, admin, dir, other, dst, proto, port, inCidr);
  if (a === 'Allow' || a === 'Deny') return a;
  if (npIsolates) return 'NetworkPolicy';
  const baseline = valid
    .filter((p) => p.tier === 'Baseline')
    .sort(
      (x, y) =>
        (x.kind === 'BaselineAdminNetworkPolicy' ? 1 : 0) -
          (y.kind === 'BaselineAdminNetworkPolicy' ? 1 : 0) || byPriority(x, y),
    );
  const b = firstAction(m, baseline, dir, other, dst, proto, port, inCidr);
  return b === 'Deny' ? 'Deny' : 'Allow'; // a Baseline Pass ends the tier: default allow
}
