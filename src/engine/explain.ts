import type { Connection } from './analyze';
import { formatConns, isAllConns, isEmptyConns, type ConnSet } from './conn';
import type { DirectionResult } from './evaluate';
import { tierChainLines } from './admin/explain';
import { contributionName } from './icmp-option';

const KIND_OF_PREFIX: Readonly<Record<string, string>> = {
  mnp: 'MultiNetworkPolicy',
  netpol: 'NetworkPolicy',
  anp: 'AdminNetworkPolicy',
  banp: 'BaselineAdminNetworkPolicy',
  cnp: 'ClusterNetworkPolicy',
};

/** `netpol:ns/name` → `NetworkPolicy ns/name`. */
export function policyName(id: string): string {
  const i = id.indexOf(':');
  const kind = KIND_OF_PREFIX[id.slice(0, i)] ?? id.slice(0, i);
  return `${kind} ${id.slice(i + 1)}`;
}

/** One line per side: who isolates it and which rules admit what. */
export function explainDirection(side: 'egress' | 'ingress', who: string, r: DirectionResult): string {
  if (!r.isolated)
    return `${side} of ${who}: not isolated (no ${side} policy selects it on this network) → all allowed`;
  if (r.tiers) return `${side} of ${who}: ${tierChainLines(r, r.tiers, policyName).join('; ')}`;
  const by = r.policies.map(policyName).join(', ');
  if (r.rules.length === 0) return `${side} of ${who}: isolated by ${by}; no rule matches → all denied`;
  const rules = r.rules
    .map((c) => `${contributionName(c, policyName)} allows ${formatConns(c.conns)}`)
    .join('; ');
  return `${side} of ${who}: isolated by ${by}; ${rules}`;
}

/** A short reason for tables: which side restricts, and by which policies/rules. */
export function shortReason(c: Connection): string {
  const parts: string[] = [];
  const side = (name: 'egress' | 'ingress', r: DirectionResult): void => {
    if (!r.isolated) return;
    if (r.tiers) {
      const chain = tierChainLines(r, r.tiers, policyName);
      if (chain.length) parts.push(`${name}: ${chain.join('; ')}`);
      return;
    }
    if (isEmptyConns(r.allowed)) {
      parts.push(`${name} isolated by ${r.policies.map(policyName).join(', ')}, no rule matches`);
      return;
    }
    const rules = r.rules.map((x) => contributionName(x, policyName)).join(', ');
    parts.push(`${name} allows ${isAllConns(r.allowed) ? 'all' : formatConns(r.allowed)} via ${rules}`);
  };
  side('egress', c.egress);
  side('ingress', c.ingress);
  for (const d of c.acl?.droppedBy ?? []) parts.push(`${d.acl} drops ${formatConns(d.conns)}`);
  for (const r of c.acl?.repliesDroppedBy ?? [])
    parts.push(`replies (${formatConns(r.conns)}) dropped by ${r.acl}`);
  if (c.udnLock) parts.push(c.udnLock.reason);
  if (parts.length === 0)
    return c.acl
      ? 'no policy isolates either side; no Subnet ACL drops it'
      : 'no policy isolates either side';
  return parts.join('; ');
}

/** Kube-OVN Subnet ACL lines (R7.3-R7.6). */
export function explainAcl(c: Connection): string[] {
  const a = c.acl;
  if (!a) return [];
  const out: string[] = [];
  for (const d of a.droppedBy) out.push(`Kube-OVN: ${d.acl} drops ${formatConns(d.conns)}`);
  if (a.allowedBy.length) out.push(`Kube-OVN: allowed by ${a.allowedBy.join('; ')}`);
  if (a.droppedBy.length === 0 && a.allowedBy.length === 0)
    out.push('Kube-OVN: no Subnet ACL matches → allowed (OVN default)');
  for (const r of a.repliesDroppedBy)
    out.push(
      `Kube-OVN: the connection can start, but replies (${formatConns(r.conns)}) are dropped by ${r.acl}: no ACL on the switch is stateful, so replies are checked like new packets`,
    );
  return out;
}

/** The whole "why" for one connection, for the CLI and the app's explain panel. */
export function explainConnection(c: Connection): string[] {
  return [
    `${c.from} → ${c.to} on ${c.network}: ${verdictText(c.allowed)}`,
    explainDirection('egress', c.from, c.egress),
    explainDirection('ingress', c.to, c.ingress),
    ...explainAcl(c),
    ...(c.udnLock ? [c.udnLock.reason] : []),
  ];
}

export function verdictText(a: ConnSet): string {
  if (isAllConns(a)) return 'all allowed';
  if (isEmptyConns(a)) return 'all denied';
  return `allowed ${formatConns(a)}`;
}
