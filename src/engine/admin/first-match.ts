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
  return firstMatchOf(policies, dir, matchedRules(policies, dir, peer, ctx), dst, undecided, steps);
}

/** The rules of `dir` of the policies, in evaluation order. */
export function ruleCount(policies: readonly CompiledClusterPolicy[], dir: Direction): number {
  let n = 0;
  for (const p of policies) n += (dir === 'ingress' ? p.ingressRules : p.egressRules).length;
  return n;
}

let matched = new Uint8Array(64);

/**
 * Per rule in evaluation order, 1 when one of its peers matches `peer` (R9.4): what a first
 * match depends on besides the destination's named ports. The list is reused by the next call.
 */
export function matchedRules(
  policies: readonly CompiledClusterPolicy[],
  dir: Direction,
  peer: Member,
  ctx: EvalContext,
): Uint8Array {
  const n = ruleCount(policies, dir);
  if (matched.length < n) matched = new Uint8Array(Math.max(n, 2 * matched.length));
  let k = 0;
  for (const p of policies)
    for (const rule of dir === 'ingress' ? p.ingressRules : p.egressRules)
      matched[k++] = anyPeerMatches(rule.peers, '', peer, ctx) ? 1 : 0;
  return matched;
}

/** Whether a rule's connections depend on the destination's named ports. */
export function namesPorts(rule: AdminRule): boolean {
  return rule.ports !== 'all' && rule.ports.some((x) => x.kind === 'named-any');
}

/** `firstMatch` from the rules' matches (`matchedRules`). */
export function firstMatchOf(
  policies: readonly CompiledClusterPolicy[],
  dir: Direction,
  hits: Uint8Array,
  dst: readonly NamedPort[],
  undecided: ConnSet,
  steps: TierStep[],
): ConnSet {
  let left = undecided;
  let k = 0;
  for (const p of policies) {
    for (const rule of dir === 'ingress' ? p.ingressRules : p.egressRules) {
      if (isEmptyConns(left)) return left;
      const m = hits[k++] === 1 ? intersectConns(rulePorts(rule, dst), left) : NO_CONNS;
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
