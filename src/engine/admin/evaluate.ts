import type { NamedPort } from '../../model/types';
import type { CompiledPolicy, Direction } from '../compile';
import {
  ALL_CONNS,
  NO_CONNS,
  intersectConns,
  isAllConns,
  isEmptyConns,
  unionConns,
  type ConnSet,
} from '../conn';
import {
  evaluateDirection,
  type DirectionResult,
  type EvalContext,
  type RuleContribution,
  type TierStep,
} from '../evaluate';
import type { Member } from '../networks';
import { baselineOrder, tierOrder, type CompiledClusterPolicy } from './compile';
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
  first(policies: readonly CompiledClusterPolicy[]): TierPart;
}

interface Split {
  readonly nps: readonly CompiledPolicy[];
  readonly npIds: readonly string[];
  readonly admin: readonly CompiledClusterPolicy[];
  readonly baseline: readonly CompiledClusterPolicy[];
  readonly ambiguous: readonly string[];
}
function inOrder<T>(list: readonly T[], order: (a: T, b: T) => number): boolean {
  for (let i = 1; i < list.length; i++) if (order(list[i - 1] as T, list[i] as T) > 0) return false;
  return true;
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
    // (lists selected by kind come in `clusterOrder` already: checking is linear)
    if (!inOrder(admin, tierOrder)) admin.sort(tierOrder);
    if (!inOrder(baseline, baselineOrder)) baseline.sort(baselineOrder);
    const npIds = nps.map((p) => p.policy.id);
    s = { nps, npIds, admin, baseline, ambiguous: tied(admin).concat(tied(baseline)) };
    splits.set(deciders, s);
  }
  return s;
}

const adminSums = new WeakMap<object, { rest: ConnSet; allow: ConnSet }>();
/** What an Admin-tier part leaves to the tiers below (undecided or passed), and what it allows (kept per part). */
function sums(part: TierPart): {
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

/** What a tiered result needs of its policies besides the tiers' parts (pure data: pages combine too). */
export interface TierMeta {
  /** the NetworkPolicies' ids (empty: none isolates the side, the Baseline tier decides) */
  readonly npIds: readonly string[];
  /** policies of one tier with equal priorities selecting the side (R9.3) */
  readonly ambiguous: readonly string[];
}

/** A tier's first matches over every connection, in order, and what none of them decided. */
export type TierPart = { readonly steps: readonly TierStep[]; readonly left: ConnSet };

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
  const { nps, admin, baseline } = split(deciders);
  if (admin.length === 0 && baseline.length === 0) return parts.np(nps);
  return combineTiers(
    split(deciders),
    parts.first(admin),
    () => parts.np(nps),
    () => parts.first(baseline),
  );
}

/**
 * A tiered result from its tiers' parts (R9.6): the Admin part, then what it leaves to the
 * NetworkPolicy tier's result (asked only when `meta` names NetworkPolicies) or else to the
 * Baseline part. The parts are asked for only when the tier above leaves something.
 */
export function combineTiers(
  meta: TierMeta,
  adminPart: TierPart,
  np: () => DirectionResult,
  baselinePart: () => TierPart,
): DirectionResult {
  const { npIds, ambiguous } = meta;
  const { rest, allow } = sums(adminPart);
  let steps: readonly TierStep[] = adminPart.steps;
  let allowed = allow;
  let rules: readonly RuleContribution[] = [];
  let networkPolicy = NO_CONNS;
  let byDefault = NO_CONNS;
  if (!isEmptyConns(rest)) {
    if (npIds.length) {
      // R9.6 step 2: the NetworkPolicy tier decides everything left; BANP not consulted
      const r = np();
      networkPolicy = rest;
      if (r.isolated) {
        if (isAllConns(rest)) {
          // nothing decided above: the NetworkPolicy tier's result as it is
          allowed = unionConns(allowed, r.allowed);
          rules = r.rules;
        } else {
          allowed = unionConns(allowed, intersectConns(rest, r.allowed));
          rules = r.rules
            .map((x) => ({ ...x, conns: intersectConns(x.conns, rest) }))
            .filter((x) => !isEmptyConns(x.conns));
        }
      }
    } else {
      // first matches from every connection restricted to `rest` are the first matches from `rest`
      const base = baselinePart();
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

const baselineSums = new WeakMap<TierPart, ConnSet>();
/**
 * What `combineTiers` allows, without the rest of the result (no rules or chain): for scans
 * that compare only allowed sets (the diff), over every combination of parts.
 */
export function tiersAllowed(
  meta: TierMeta,
  adminPart: TierPart,
  np: () => DirectionResult,
  baselinePart: () => TierPart,
): ConnSet {
  const { rest, allow } = sums(adminPart);
  if (isEmptyConns(rest)) return allow;
  if (meta.npIds.length) {
    const r = np();
    if (!r.isolated) return allow;
    return unionConns(allow, isAllConns(rest) ? r.allowed : intersectConns(rest, r.allowed));
  }
  // the Baseline part restricted to `rest`: its Allow and Pass steps and what it left, allowed
  const base = baselinePart();
  let open = baselineSums.get(base);
  if (!open) {
    open = unionConns(
      unionConns(sumOf(base.steps, 'Baseline', 'Allow'), sumOf(base.steps, 'Baseline', 'Pass')),
      base.left,
    );
    baselineSums.set(base, open);
  }
  return unionConns(allow, intersectConns(open, rest));
}
