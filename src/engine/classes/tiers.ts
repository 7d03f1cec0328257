import { evaluateTiers, split, type TierParts } from '../admin/evaluate';
import { ALL_CONNS } from '../conn';
import type { DirectionResult, EvalContext } from '../evaluate';
import type { Member } from '../networks';
import type { Factor, FirstMatch, TierFactors } from './state';

/**
 * Tiered results (SEMANTICS R9.6) from per-tier factors: factors with cluster policies differ
 * in which ANPs select them, but a tier's part of a result depends only on that tier's policies
 * and on the other end's class for them. So each tier has its own factor (the NetworkPolicy
 * tier's is the factor of those policies alone), shared by every factor holding its policies,
 * and a factor's result is its tiers' parts combined — once per distinct combination of parts.
 */

/** A tier without policies: nothing decided. */
const NONE: FirstMatch = { steps: [], left: ALL_CONNS };

// the parts of the combination under way (one object, not closures per combination)
let current: { admin: FirstMatch; np: DirectionResult | undefined; baseline: FirstMatch; lists: object } = {
  admin: NONE,
  np: undefined,
  baseline: NONE,
  lists: {},
};
const PARTS: TierParts = {
  np: () => current.np as DirectionResult,
  first: (policies) => (policies === current.lists ? current.admin : current.baseline),
};

/** The factor's result from its tiers' parts for one class (`member` one of it); `fresh` when not kept before. */
export function combine(
  f: Factor,
  t: TierFactors,
  admin: FirstMatch | undefined,
  np: DirectionResult | undefined,
  baseline: FirstMatch | undefined,
  member: Member,
  ctx: EvalContext,
): { result: DirectionResult; fresh: boolean } {
  // classes with the same parts share the result (evaluateTiers asks for the NetworkPolicy part
  // only when the factor has NetworkPolicies, for the Baseline part only when it has none)
  let byLower = t.memo.get(admin);
  if (!byLower) t.memo.set(admin, (byLower = new Map()));
  const lower = np ?? baseline;
  let r = byLower.get(lower);
  if (r) return { result: r, fresh: false };
  current = { admin: admin ?? NONE, np, baseline: baseline ?? NONE, lists: split(f.policies).admin };
  r = evaluateTiers(f.policies, f.dir, member, [], ctx, PARTS);
  byLower.set(lower, r);
  return { result: r, fresh: true };
}
