import type { CompiledPolicy, CompiledRule } from '../compile';
import type { ClassCache } from './cache';
import type { Feature } from './features';
import type { Factor } from './state';

/**
 * A factor's rules with their peers as positions in its pattern (`patternOf`: its selector,
 * namespace-wide and ipBlock peers, in that order). A result depends only on the pattern (the
 * pattern-keyed store relies on it), so a rule matches a peer when one of its positions is set:
 * an evaluation reads the bits its pattern was made of instead of asking each peer again.
 */
export interface Plan {
  /** the policies' rules of the factor's direction, in evaluation order, and their policies' ids */
  readonly rules: readonly CompiledRule[];
  readonly policies: readonly string[];
  /** whether the k-th rule matches the peer whose pattern was made last */
  readonly hit: (k: number) => boolean;
}

/** The bits of the pattern made last (`patternOf` writes them; grown as needed). */
let bits = new Uint8Array(64);

/** The scratch for a pattern of `n` bits. */
export function patternScratch(n: number): Uint8Array {
  if (bits.length < n) bits = new Uint8Array(Math.max(n, 2 * bits.length));
  return bits;
}

/**
 * The factor's plan (made once), or null when a peer has no position (never expected: then the
 * factor is evaluated peer by peer).
 */
export function planOf(cache: ClassCache, f: Factor<unknown>): Plan | null {
  if (f.plan !== undefined) return f.plan;
  const rules: CompiledRule[] = [];
  const policies: string[] = [];
  // per rule its peers' positions, flat: rule k's are at[from[k] .. to[k]); from[k] = -1 for a
  // rule of every peer (-1 in `at`: a peer matching nothing)
  const at: number[] = [];
  const from: number[] = [];
  const to: number[] = [];
  for (const p of f.policies as CompiledPolicy[]) {
    const byRule = cache.policy(p)[f.dir].rulePeers;
    const list = f.dir === 'ingress' ? p.ingressRules : p.egressRules;
    for (let k = 0; k < list.length; k++) {
      rules.push(list[k] as CompiledRule);
      policies.push(p.policy.id);
      const rp = byRule[k];
      from.push(rp === undefined ? -1 : at.length);
      for (const x of rp ?? []) {
        const q = x === null ? -1 : position(f, x);
        if (q < -1) return (f.plan = null);
        at.push(q);
      }
      to.push(at.length);
    }
  }
  const hit = (k: number): boolean => {
    const a = from[k] as number;
    if (a < 0) return true;
    const b = to[k] as number;
    for (let i = a; i < b; i++) {
      const q = at[i] as number;
      if (q >= 0 && bits[q] === 1) return true;
    }
    return false;
  };
  return (f.plan = { rules, policies, hit });
}

/** A peer's position in the factor's patterns (-2: none; the lists are short). */
function position(f: Factor<unknown>, x: Feature | string): number {
  const { sel, nsw, ip } = f;
  if (typeof x === 'string') {
    const k = ip.indexOf(x);
    return k < 0 ? -2 : sel.length + nsw.length + k;
  }
  const k = (x.nsWide ? nsw : sel).indexOf(x);
  return k < 0 ? -2 : x.nsWide ? sel.length + k : k;
}
