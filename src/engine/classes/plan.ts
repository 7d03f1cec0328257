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
  /** the policies' rules of the factor's direction, in evaluation order */
  readonly rules: readonly { readonly rule: CompiledRule; readonly policy: string }[];
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
  const pos = new Map<Feature | string, number>();
  f.sel.forEach((x, i) => pos.set(x, i));
  f.nsw.forEach((x, i) => pos.set(x, f.sel.length + i));
  f.ip.forEach((x, i) => pos.set(x, f.sel.length + f.nsw.length + i));
  const rules: Plan['rules'][number][] = [];
  const peers: (Int32Array | undefined)[] = [];
  let complete = true;
  for (const p of f.policies as CompiledPolicy[]) {
    const byRule = cache.policy(p)[f.dir].rulePeers;
    const list = f.dir === 'ingress' ? p.ingressRules : p.egressRules;
    list.forEach((rule, k) => {
      rules.push({ rule, policy: p.policy.id });
      const rp = byRule[k];
      if (rp === undefined) return void peers.push(undefined);
      const at = new Int32Array(rp.length);
      rp.forEach((x, i) => {
        const q = x === null ? -1 : pos.get(x);
        if (q === undefined) complete = false;
        at[i] = q ?? -1;
      });
      peers.push(at);
    });
  }
  const hit = (k: number): boolean => {
    const at = peers[k];
    if (at === undefined) return true;
    for (let i = 0; i < at.length; i++) {
      const q = at[i] as number;
      if (q >= 0 && bits[q] === 1) return true;
    }
    return false;
  };
  return (f.plan = complete ? { rules, hit } : null);
}
