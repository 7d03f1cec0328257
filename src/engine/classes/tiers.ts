import type { NamedPort } from '../../model/types';
import type { CompiledClusterPolicy } from '../admin/compile';
import type { Decider, TierParts } from '../admin/evaluate';
import { firstMatch } from '../admin/first-match';
import type { CompiledPolicy, Direction } from '../compile';
import { ALL_CONNS, type ConnSet } from '../conn';
import { evaluateDirection, type DirectionResult, type EvalContext, type TierStep } from '../evaluate';
import type { Member } from '../networks';
import type { ClassCache } from './cache';
import { serialOf } from './features';
import type { Atoms, NetState } from './state';

type FirstMatch = { readonly steps: readonly TierStep[]; readonly left: ConnSet };

/**
 * Per-policy-set caching of the tiers (SEMANTICS R9.6): factors with cluster policies differ
 * in which ANPs select them, but a tier's part of a result depends only on that tier's
 * policies and on which of their peers the other end matches. So the NetworkPolicy tier's
 * result and each cluster tier's first matches are kept per network by (policies, the peer's
 * match pattern on their peers, named ports), and shared by every factor holding those policies.
 */
export function memoParts(
  cache: ClassCache,
  st: NetState,
  atoms: Atoms,
  dir: Direction,
  peer: number,
  member: Member,
  np: number,
  dst: readonly NamedPort[],
  ctx: EvalContext,
): TierParts {
  const g = st.groupOf[peer] as number;
  const bits = atoms.bits[st.atomOf[peer] as number] as string;
  const keyOf = (tag: string, ps: readonly Decider[]): string => {
    let k = `${tag}${dir}`;
    let named = false;
    for (const p of ps) {
      k += `,${serialOf(p)}:`;
      const d = cache.policy(p)[dir];
      for (const x of d.sel) k += cache.matches(x, g) ? '1' : '0';
      for (const x of d.nsw) k += cache.matches(x, g) ? '1' : '0';
      for (const x of d.ip) k += bits[atoms.index.get(x.key) as number];
      named ||= d.usesNamed;
    }
    return named ? `${k}#${np}` : k;
  };
  return {
    np(nps: readonly CompiledPolicy[]) {
      const k = keyOf('n', nps);
      let r = st.tierParts.get(k) as DirectionResult | undefined;
      if (!r) st.tierParts.set(k, (r = evaluateDirection(nps, dir, member, dst, ctx)));
      return r;
    },
    first(policies: readonly CompiledClusterPolicy[]) {
      const k = keyOf('f', policies);
      let r = st.tierParts.get(k) as FirstMatch | undefined;
      if (!r) {
        const steps: TierStep[] = [];
        const left = firstMatch(policies, dir, member, dst, ctx, ALL_CONNS, steps);
        st.tierParts.set(k, (r = { steps, left }));
      }
      return r;
    },
  };
}
