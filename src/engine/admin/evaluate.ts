import type { NamedPort } from '../../model/types';
import type { CompiledPolicy, Direction } from '../compile';
import { ALL_CONNS, NO_CONNS, intersectConns, isEmptyConns, unionConns } from '../conn';
import {
  evaluateDirection,
  type DirectionResult,
  type EvalContext,
  type RuleContribution,
  type TierStep,
} from '../evaluate';
import type { Member } from '../networks';
import { tierOrder, type CompiledClusterPolicy } from './compile';
import { firstMatch, sumOf, tied } from './first-match';

/** Either kind of policy a factor holds: NetworkPolicy / MNP, or a cluster policy. */
export type Decider = CompiledPolicy | CompiledClusterPolicy;

export function isCluster(p: Decider): p is CompiledClusterPolicy {
  return 'admin' in p;
}

/**
 * One direction under the tiers (SEMANTICS R9.6, R9.15): the Admin tier in priority order,
 * first match; what it passes or leaves undecided goes to the NetworkPolicy tier if any
 * NetworkPolicy isolates the side, else to the Baseline tier (first match), else it is allowed.
 * Without cluster policies this is `evaluateDirection` exactly.
 */
export function evaluateTiers(
  deciders: readonly Decider[],
  dir: Direction,
  peer: Member,
  dst: readonly NamedPort[],
  ctx: EvalContext,
): DirectionResult {
  const nps: CompiledPolicy[] = [];
  const admin: CompiledClusterPolicy[] = [];
  const baseline: CompiledClusterPolicy[] = [];
  for (const d of deciders) {
    if (!isCluster(d)) nps.push(d);
    else (d.admin.tier === 'Admin' ? admin : baseline).push(d);
  }
  if (admin.length === 0 && baseline.length === 0) return evaluateDirection(nps, dir, peer, dst, ctx);
  admin.sort(tierOrder);
  // BANP after the Baseline-tier CNPs (open question 7)
  const banpLast = (p: CompiledClusterPolicy) => (p.admin.kind === 'BaselineAdminNetworkPolicy' ? 1 : 0);
  baseline.sort((a, b) => banpLast(a) - banpLast(b) || tierOrder(a, b));
  const steps: TierStep[] = [];
  const undecided = firstMatch(admin, dir, peer, dst, ctx, ALL_CONNS, steps);
  const rest = unionConns(undecided, sumOf(steps, 'Admin', 'Pass'));
  let allowed = sumOf(steps, 'Admin', 'Allow');
  let rules: RuleContribution[] = [];
  let networkPolicy = NO_CONNS;
  let byDefault = NO_CONNS;
  if (!isEmptyConns(rest)) {
    if (nps.length) {
      // R9.6 step 2: the NetworkPolicy tier decides everything left; BANP not consulted
      const np = evaluateDirection(nps, dir, peer, dst, ctx);
      networkPolicy = rest;
      if (np.isolated) {
        allowed = unionConns(allowed, intersectConns(rest, np.allowed));
        rules = np.rules
          .map((r) => ({ ...r, conns: intersectConns(r.conns, rest) }))
          .filter((r) => !isEmptyConns(r.conns));
      }
    } else {
      const left = firstMatch(baseline, dir, peer, dst, ctx, rest, steps);
      // a Baseline Pass (CNP) ends the Baseline tier: default allow
      byDefault = unionConns(left, sumOf(steps, 'Baseline', 'Pass'));
      allowed = unionConns(allowed, unionConns(sumOf(steps, 'Baseline', 'Allow'), byDefault));
    }
  }
  const ambiguous = tied(admin).concat(tied(baseline));
  return {
    isolated: true,
    policies: nps.map((p) => p.policy.id),
    rules,
    allowed,
    tiers: { steps, networkPolicy, byDefault, ...(ambiguous.length ? { ambiguous } : {}) },
  };
}
