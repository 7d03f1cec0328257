import { combineTiers, split, type TierMeta } from '../admin/evaluate';
import type { CompiledClusterPolicy } from '../admin/compile';
import { tied } from '../admin/first-match';
import type { DirectionResult } from '../evaluate';
import { NO_PART } from './compact';
import type { FirstMatch, TierFactors } from './state';

/**
 * Tiered results (SEMANTICS R9.6) from per-tier factors: factors with cluster policies differ
 * in which ANPs select them, but a tier's part of a result depends only on that tier's policies
 * and on the other end's class for them. So each tier has its own factor (the NetworkPolicy
 * tier's is the factor of those policies alone), shared by every factor holding its policies,
 * and a factor's result is its tiers' parts combined — once per distinct combination of parts.
 * Tables for views hold the tiers' parts only (`CompactReader` combines them on lookup).
 */

/** The factor's result from its tiers' parts for one class; `fresh` when not kept before. */
export function combine(
  t: TierFactors,
  admin: FirstMatch | undefined,
  np: DirectionResult | undefined,
  baseline: FirstMatch | undefined,
): { result: DirectionResult; fresh: boolean } {
  // classes with the same parts share the result (the NetworkPolicy part is there only when
  // the factor has NetworkPolicies, the Baseline part only when it has none)
  const memo = (t.memo ??= new Map());
  let byLower = memo.get(admin);
  if (!byLower) memo.set(admin, (byLower = new Map()));
  const lower = np ?? baseline;
  let r = byLower.get(lower);
  if (r) return { result: r, fresh: false };
  r = combineTiers(
    (t.meta ??= metaOf(t)),
    admin ?? NO_PART,
    () => np as DirectionResult,
    () => baseline ?? NO_PART,
  );
  byLower.set(lower, r);
  return { result: r, fresh: true };
}

/**
 * `tierMeta(f.policies)` from the factor's tiers: its NetworkPolicies are its NetworkPolicy
 * tier's, its ties those of its Admin and Baseline tiers. Made once per set of tiers and kept
 * (the compact tables of every answer ship it: 23,000 at 50,000 endpoints), its lists shared
 * with the tiers' (the wire numbers a list it has seen by object, not by its 30-odd ids).
 */
export function metaOfTiers(t: TierFactors): TierMeta {
  return (t.meta ??= metaOf(t));
}

const ties = new WeakMap<readonly CompiledClusterPolicy[], readonly string[]>();
/** `tied` kept per sorted tier list (`split` keeps the lists per policy list). */
function tiesOf(sorted: readonly CompiledClusterPolicy[]): readonly string[] {
  let x = ties.get(sorted);
  if (!x) ties.set(sorted, (x = tied(sorted)));
  return x;
}

/** What `split` would say of the policies of the factor with tiers `t`, from its tiers. */
function metaOf(t: TierFactors): TierMeta {
  const admin = t.admin ? tiesOf(split(t.admin.policies).admin) : [];
  const baseline = t.baseline ? tiesOf(split(t.baseline.policies).baseline) : [];
  return {
    npIds: t.np ? split(t.np.policies).npIds : [],
    ambiguous: !baseline.length ? admin : !admin.length ? baseline : bothTies(admin, baseline),
  };
}

const joined = new WeakMap<readonly string[], WeakMap<readonly string[], readonly string[]>>();
/** Both tiers' ties, one list per pair of tiers' lists (5,000 metas at 50,000 share 72). */
function bothTies(admin: readonly string[], baseline: readonly string[]): readonly string[] {
  let byBaseline = joined.get(admin);
  if (!byBaseline) joined.set(admin, (byBaseline = new WeakMap()));
  let x = byBaseline.get(baseline);
  if (!x) byBaseline.set(baseline, (x = admin.concat(baseline)));
  return x;
}
