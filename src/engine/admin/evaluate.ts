import type { NamedPort } from '../../model/types';
import type { CompiledPolicy, Direction } from '../compile';
import { ALL_CONNS, NO_CONNS, intersectConns, isEmptyConns, unionConns, type ConnSet } from '../conn';
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
/** The parts of a tiered decision a caller may memoise (by the peer's match pattern per part). */
export interface TierParts {
  /** the NetworkPolicy tier's result */
  np(nps: readonly CompiledPolicy[]): DirectionResult;
  /** a tier's first matches over every connection, in order, and what none of them decided */
  first(policies: readonly CompiledClusterPolicy[]): {
    readonly steps: readonly TierStep[];
    readonly left: ConnSet;
  };
}

interface Split {
  readonly nps: readonly CompiledPolicy[];
  readonly npIds: readonly string[];
  readonly admin: readonly CompiledClusterPolicy[];
  readonly baseline: readonly CompiledClusterPolicy[];
  readonly ambiguous: readonly string[];
}
const splits = new WeakMap<readonly Decider[], Split>();
/** The deciders by tier, each cluster tier in evaluation order (kept per deciders list). */
export function split(deciders: readonly Decider[]): Split {
  let s = splits.get(deciders);
  if (!s) {
    const nps: CompiledPolicy[] = [];
    const admin: CompiledClusterPolicy[] = [];
    const baseline: CompiledClusterPolicy[] = [];
    for (const d of deciders) {
      if (!isCluster(d)) nps.push(d);
      else (d.admin.tier === 'Admin' ? admin : baseline).push(d);
    }
    admin.sort(tierOrder);
    // BANP after the Baseline-tier CNPs (open question 7)
    const banpLast = (p: CompiledClusterPolicy) => (p.admin.kind === 'BaselineAdminNetworkPolicy' ? 1 : 0);
    baseline.sort((a, b) => banpLast(a) - banpLast(b) || tierOrder(a, b));
    const npIds = nps.map((p) => p.policy.id);
    s = { nps, npIds, admin, baseline, ambiguous: tied(admin).concat(tied(baseline)) };
    splits.set(deciders, s);
  }
  return s;
}

const adminSums = new WeakMap<object, { rest: ConnSet; allow: ConnSet }>();
/** What an Admin-tier part leaves to the tiers below (undecided or passed), and what it allows (kept per part). */
function sums(part: { readonly steps: readonly TierStep[]; readonly left: ConnSet }): {
  rest: ConnSet;
  allow: ConnSet;
} {
  let s = adminSums.get(part);
  if (!s) {
    s = {
      rest: unionConns(part.left, sumOf(part.steps, 'Admin', 'Pass')),
      allow: sumOf(part.steps, 'Admin', 'Allow'),
    };
    adminSums.set(part, s);
  }
  return s;
}

/**
 * One direction under the tiers (SEMANTICS R9.6, R9.15): the Admin tier in priority order,
 * first match; what it passes or leaves undecided goes to the NetworkPolicy tier if any
 * NetworkPolicy isolates the side, else to the Baseline tier (first match), else it is allowed.
 * Without cluster policies this is `evaluateDirection` exactly. `parts` lets the factors reuse
 * each tier's part across the policy sets that share it.
 */
export function evaluateTiers(
  deciders: readonly Decider[],
  dir: Direction,
  peer: Member,
  dst: readonly NamedPort[],
  ctx: EvalContext,
  parts: TierParts = {
    np: (nps) => evaluateDirection(nps, dir, peer, dst, ctx),
    first(policies) {
      const steps: TierStep[] = [];
      return { left: firstMatch(policies, dir, peer, dst, ctx, ALL_CONNS, steps), steps };
    },
  },
): DirectionResult {
  const { nps, npIds, admin, baseline, ambiguous } = split(deciders);
  if (admin.length === 0 && baseline.length === 0) return parts.np(nps);
  const adminPart = parts.first(admin);
  const { rest, allow } = sums(adminPart);
  let steps: readonly TierStep[] = adminPart.steps;
  let allowed = allow;
  let rules: readonly RuleContribution[] = [];
  let networkPolicy = NO_CONNS;
  let byDefault = NO_CONNS;
  if (!isEmptyConns(rest)) {
    if (nps.length) {
      // R9.6 step 2: the NetworkPolicy tier decides everything left; BANP not consulted
      const np = parts.np(nps);
      networkPolicy = rest;
      if (np.isolated) {
        if (rest === ALL_CONNS) {
          // nothing decided above: the NetworkPolicy tier's result as it is
          allowed = unionConns(allowed, np.allowed);
          rules = np.rules;
        } else {
          allowed = unionConns(allowed, intersectConns(rest, np.allowed));
          rules = np.rules
            .map((r) => ({ ...r, conns: intersectConns(r.conns, rest) }))
            .filter((r) => !isEmptyConns(r.conns));
        }
      }
    } else {
      // first matches from every connection restricted to `rest` are the first matches from `rest`
      const base = parts.first(baseline);
      const all = [...steps];
      for (const x of base.steps) {
        const conns = intersectConns(x.conns, rest);
        if (!isEmptyConns(conns)) all.push({ ...x, conns });
      }
      steps = all;
      const left = intersectConns(base.left, rest);
      // a Baseline Pass (CNP) ends the Baseline tier: default allow
      byDefault = unionConns(left, sumOf(all, 'Baseline', 'Pass'));
      allowed = unionConns(allowed, unionConns(sumOf(all, 'Baseline', 'Allow'), byDefault));
    }
  }
  return {
    isolated: true,
    policies: npIds,
    rules,
    allowed,
    tiers: { steps, networkPolicy, byDefault, ...(ambiguous.length ? { ambiguous } : {}) },
  };
}
