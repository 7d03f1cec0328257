import type { NamedPort } from '../../model/types';
import type { Direction } from '../compile';
import {
  ALL_CONNS,
  NO_CONNS,
  connOf,
  intersectConns,
  isEmptyConns,
  subtractConns,
  unionConns,
  type ConnSet,
} from '../conn';
import { anyPeerMatches, rulePortsResolver, type EvalContext, type TierStep } from '../evaluate';
import type { Member } from '../networks';
import type { AdminPort, AdminRule, CompiledClusterPolicy } from './compile';

/** The ordered first-match pieces of the admin tiers (SEMANTICS R9.4-R9.6, R9.11). */

/** R9.11: ports on the destination's named ports (any protocol for a named port). */
function portConns(ports: readonly AdminPort[] | 'all', dst: readonly NamedPort[]): ConnSet {
  if (ports === 'all') return ALL_CONNS;
  let out = NO_CONNS;
  for (const p of ports) {
    if (p.kind === 'set') out = unionConns(out, connOf(p.protocol, p.set));
    else
      for (const np of dst)
        if (np.name === p.name) out = unionConns(out, connOf(np.protocol, [[np.port, np.port]]));
  }
  return out;
}

const rulePorts = rulePortsResolver<AdminPort>('named-any', portConns);

/** R9.4: a rule matches when one of its peers matches the other end and its ports the connection. */
function ruleConns(rule: AdminRule, peer: Member, dst: readonly NamedPort[], ctx: EvalContext): ConnSet {
  if (!anyPeerMatches(rule.peers, '', peer, ctx)) return NO_CONNS;
  return rulePorts(rule, dst);
}

/** First match over ordered policies and rules, on the connections still undecided. */
export function firstMatch(
  policies: readonly CompiledClusterPolicy[],
  dir: Direction,
  peer: Member,
  dst: readonly NamedPort[],
  ctx: EvalContext,
  undecided: ConnSet,
  steps: TierStep[],
): ConnSet {
  let left = undecided;
  for (const p of policies) {
    for (const rule of dir === 'ingress' ? p.ingressRules : p.egressRules) {
      if (isEmptyConns(left)) return left;
      const m = intersectConns(ruleConns(rule, peer, dst, ctx), left);
      if (isEmptyConns(m)) continue;
      left = subtractConns(left, m);
      let step = lastStep.get(rule);
      if (step?.conns !== m) {
        step = {
          policy: p.policy.id,
          kind: p.admin.kind,
          tier: p.admin.tier,
          ...(p.admin.kind === 'BaselineAdminNetworkPolicy' ? {} : { priority: p.admin.priority }),
          direction: dir,
          rule: rule.index,
          ...(rule.name !== undefined ? { name: rule.name } : {}),
          action: rule.action,
          conns: m,
        };
        lastStep.set(rule, step);
      }
      steps.push(step);
    }
  }
  return left;
}

/** A rule's last step, reused while its connections are the same object (steps are never changed). */
const lastStep = new WeakMap<AdminRule, TierStep>();

export function sumOf(
  steps: readonly TierStep[],
  tier: 'Admin' | 'Baseline',
  action: TierStep['action'],
): ConnSet {
  let out = NO_CONNS;
  for (const s of steps) if (s.tier === tier && s.action === action) out = unionConns(out, s.conns);
  return out;
}

/** Ids of sorted policies sharing a priority with a neighbour (BANP has none). */
export function tied(sorted: readonly CompiledClusterPolicy[]): string[] {
  const out = new Set<string>();
  for (let k = 1; k < sorted.length; k++) {
    const a = sorted[k - 1] as CompiledClusterPolicy;
    const b = sorted[k] as CompiledClusterPolicy;
    if (a.admin.kind === 'BaselineAdminNetworkPolicy' || b.admin.kind === 'BaselineAdminNetworkPolicy')
      continue;
    if (a.admin.priority === b.admin.priority) {
      out.add(a.policy.id);
      out.add(b.policy.id);
    }
  }
  return [...out];
}
