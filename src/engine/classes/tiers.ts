import { evaluateTiers, split } from '../admin/evaluate';
import { ALL_CONNS } from '../conn';
import type { DirectionResult, EvalContext } from '../evaluate';
import type { Member } from '../networks';
import type { Factor, FirstMatch, NetState } from './state';

/**
 * Tiered results (SEMANTICS R9.6) from per-tier factors: factors with cluster policies differ
 * in which ANPs select them, but a tier's part of a result depends only on that tier's policies
 * and on the other end's class for them. So each tier has its own factor (the NetworkPolicy
 * tier's is the factor of those policies alone), shared by every factor holding its policies,
 * and a factor's result is its tiers' parts combined — once per distinct combination of tier
 * factors and parts on the network.
 */

const ids = new WeakMap<object, number>();
let nextId = 1;
function idOf(x: object | undefined): number {
  if (!x) return 0;
  let id = ids.get(x);
  if (id === undefined) ids.set(x, (id = nextId++));
  return id;
}

/** A tier without policies: nothing decided. */
const NONE: FirstMatch = { steps: [], left: ALL_CONNS };

/** The factor's result from its tiers' parts for one class (`member` one of it). */
export function combine(
  st: NetState,
  f: Factor,
  admin: FirstMatch | undefined,
  np: DirectionResult | undefined,
  baseline: FirstMatch | undefined,
  member: Member,
  ctx: EvalContext,
): { result: DirectionResult; fresh: boolean } {
  const t = f.parts;
  const key = `${t?.admin?.id ?? 0}.${t?.np?.id ?? 0}.${t?.baseline?.id ?? 0}:${idOf(admin)}.${idOf(np)}.${idOf(baseline)}`;
  let r = st.combined.get(key);
  if (r) return { result: r, fresh: false };
  const lists = split(f.policies);
  // evaluateTiers asks for the NetworkPolicy part only when the factor has NetworkPolicies
  r = evaluateTiers(f.policies, f.dir, member, [], ctx, {
    np: () => np as DirectionResult,
    first: (policies) => (policies === lists.admin ? admin : baseline) ?? NONE,
  });
  st.combined.set(key, r);
  return { result: r, fresh: true };
}
