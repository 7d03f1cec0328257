import { formatConns, isAllConns, isEmptyConns, type ConnSet } from '../conn';
import type { DirectionResult, TierChain, TierStep } from '../evaluate';
import { contributionName } from '../icmp-option';

const SHORT: Record<TierStep['kind'], string> = {
  AdminNetworkPolicy: 'ANP',
  BaselineAdminNetworkPolicy: 'BANP',
  ClusterNetworkPolicy: 'CNP',
};

function conns(c: ConnSet): string {
  return isAllConns(c) ? 'all' : formatConns(c);
}

/** "ANP `sre-deny` priority 10 ingress rule #2 `block-db` Deny" (R9.16). */
export function stepName(s: TierStep, long = false): string {
  const name = s.policy.slice(s.policy.indexOf(':') + 1);
  const kind = long ? s.kind : SHORT[s.kind];
  const tier = s.kind === 'ClusterNetworkPolicy' ? ` ${s.tier} tier` : '';
  const prio = s.priority !== undefined ? ` priority ${s.priority}` : '';
  const rule = `${s.direction} rule #${s.rule}${s.name ? ` \`${s.name}\`` : ''}`;
  const action = s.kind === 'ClusterNetworkPolicy' && s.action === 'Allow' ? 'Accept' : s.action;
  return `${kind} \`${name}\`${tier}${prio} ${rule} ${action}`;
}

function npPart(
  r: Extract<DirectionResult, { isolated: true }>,
  t: TierChain,
  names: (id: string) => string,
) {
  const by = r.policies.map(names).join(', ');
  if (r.rules.length === 0)
    return `NetworkPolicy tier: selected by ${by}; no rule matches → ${conns(t.networkPolicy)} denied`;
  const rules = r.rules.map((x) => `${contributionName(x, names)} allows ${conns(x.conns)}`);
  return `NetworkPolicy tier (selected by ${by}): ${rules.join('; ')}`;
}

/**
 * The decision chain of one side (R9.16), one line per step: the Admin-tier first matches, then
 * who decided the rest (NetworkPolicy tier, Baseline tier, or the default).
 */
export function tierChainLines(
  r: Extract<DirectionResult, { isolated: true }>,
  t: TierChain,
  names: (id: string) => string,
): string[] {
  const out: string[] = [];
  const admin = t.steps.filter((s) => s.tier === 'Admin');
  const baseline = t.steps.filter((s) => s.tier === 'Baseline');
  for (const s of admin) out.push(`${stepName(s)}: ${conns(s.conns)}`);
  const passed = admin.some((s) => s.action === 'Pass');
  const lead = passed ? 'ANP Pass → ' : 'no admin rule → ';
  if (!isEmptyConns(t.networkPolicy)) out.push(lead + npPart(r, t, names));
  for (const s of baseline) out.push(`${lead}${stepName(s)}: ${conns(s.conns)}`);
  if (!isEmptyConns(t.byDefault))
    out.push(`${lead}no policy decides: allowed by default (${conns(t.byDefault)})`);
  if (t.ambiguous)
    out.push(
      `ambiguous: ${t.ambiguous.map(names).join(', ')} have equal priorities, so their order is undefined upstream (evaluated by name)`,
    );
  return out;
}

/** The chain as plain data (for JSON `why`). */
export function tierChainJson(t: TierChain): Record<string, unknown> {
  const json = (c: ConnSet) => ({ TCP: c.TCP, UDP: c.UDP, SCTP: c.SCTP, ICMP: c.ICMP });
  return {
    steps: t.steps.map((s) => ({
      policy: `${s.kind} ${s.policy.slice(s.policy.indexOf(':') + 1)}`,
      tier: s.tier,
      ...(s.priority !== undefined ? { priority: s.priority } : {}),
      direction: s.direction,
      rule: s.rule,
      ...(s.name !== undefined ? { name: s.name } : {}),
      action: s.action,
      connections: json(s.conns),
      text: stepName(s, true),
    })),
    networkPolicyTier: json(t.networkPolicy),
    allowedByDefault: json(t.byDefault),
    ...(t.ambiguous ? { ambiguous: t.ambiguous } : {}),
  };
}
