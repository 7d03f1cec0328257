import { namesPorts } from '../admin/first-match';
import type { CompiledClusterPolicy } from '../admin/compile';
import type { CompiledPolicy, CompiledRule, Direction } from '../compile';
import { connsKey, type ConnSet } from '../conn';
import type { DirectionResult, TierStep } from '../evaluate';
import type { ClassCache } from './cache';
import { NP } from './compact';
import type { Feature } from './features';
import { ipPositions } from './factors';
import type { Atoms, Factor, NetState, PatternKey } from './state';

// Patterns and plans: what a result depends on, and evaluating from it.

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
  /** per rule: 1 when it names ports (its connections depend on the destination's named ports) */
  readonly named: Uint8Array;
  /** results by the rules they hit (`hitsKey`): one object for patterns alike in what they hit */
  readonly alike: Map<PatternKey, DirectionResult>;
}

/** The bits of the pattern made last (`patternOf` writes them; grown as needed). */
let bits = new Uint8Array(64);

/** The scratch for a pattern of `n` bits. */
function patternScratch(n: number): Uint8Array {
  if (bits.length < n) bits = new Uint8Array(Math.max(n, 2 * bits.length));
  return bits;
}

/** Scratch of exactly `len` codes for a pattern's string (by length: a few lengths in use). */
const codesByLength: Uint16Array[] = [];
function patternCodes(len: number): Uint16Array {
  return (codesByLength[len] ??= new Uint16Array(len));
}

/**
 * Which of the factor's peers a member matches, with the named-port signature `np` when the
 * factor resolves named ports: the result's key across rebuilds. Bits in a number (the peers'
 * counts are fixed per store: factors of the same policies share it), else in a string.
 */
export function patternOf(
  cache: ClassCache,
  st: NetState,
  atoms: Atoms,
  f: Factor<unknown>,
  peer: number,
  np: number,
): PatternKey {
  const g = st.groupOf[peer] as number;
  const bits = atoms.bits[st.atomOf[peer] as number] as string;
  const { sel, nsw, ip } = f;
  // the bits, kept for the evaluation that may follow (plan.ts)
  const n = sel.length + nsw.length + ip.length;
  const out = patternScratch(n);
  for (let i = 0; i < sel.length; i++) out[i] = cache.matches(sel[i] as Feature, g) ? 1 : 0;
  for (let i = 0; i < nsw.length; i++) out[sel.length + i] = cache.matches(nsw[i] as Feature, g) ? 1 : 0;
  const pos = ipPositions(f, atoms);
  for (let i = 0; i < ip.length; i++)
    out[sel.length + nsw.length + i] = bits[pos[i] as number] === '1' ? 1 : 0;
  // (a store's factors have the same counts of each peer kind: the bits alone tell patterns apart)
  return keyOfBits(cache, out, n, f.usesNamed, np);
}

/**
 * Bits `src[0 .. n)` as a key, with the named-port signature `np` when `named`: a number while
 * it fits (np ids stay below NP and live as long as the stores: `ClassCache.begin`), else a
 * string of 16 bits per character made in one call (a string grown a bit at a time stayed a
 * chain of a hundred string objects, kept by the store).
 */
function keyOfBits(cache: ClassCache, src: Uint8Array, n: number, named: boolean, np: number): PatternKey {
  if (n <= (named ? 36 : 52)) {
    let k = 0;
    for (let i = 0; i < n; i++) k = k * 2 + (src[i] as number);
    return named ? k * NP + np : k;
  }
  const codes = patternCodes((n + 15) >> 4);
  for (let c = 0; c < codes.length; c++) {
    let v = 0;
    for (let i = c << 4; i < n && i < (c + 1) << 4; i++) v = (v << 1) | (src[i] as number);
    codes[c] = v;
  }
  const k = String.fromCharCode.apply(null, codes as unknown as number[]);
  return named ? `${k}#${cache.npSig(np)}` : k;
}

const ruleIds = new WeakMap<object, number>();
let nextRuleId = 0;

/**
 * A cluster tier's first match depends only on which rules match the peer, in order
 * (`matchedRules`), and, when one of those names ports, on the destination's named ports: its
 * key by those, the same for every list of policies holding those rules.
 */
export function matchedKey(
  cache: ClassCache,
  policies: readonly CompiledClusterPolicy[],
  dir: Direction,
  matched: Uint8Array,
  np: number,
): string {
  let k = 0;
  const key: (number | string)[] = [];
  let named = false;
  for (const p of policies)
    for (const rule of dir === 'ingress' ? p.ingressRules : p.egressRules) {
      if (matched[k++] !== 1) continue;
      let id = ruleIds.get(rule);
      if (id === undefined) ruleIds.set(rule, (id = nextRuleId++));
      key.push(id);
      if (!named) named = namesPorts(rule);
    }
  if (named) key.push(`#${cache.npSig(np)}`);
  // (joined in one call: a key grown piece by piece stays a chain of string objects in the map)
  return key.join(',');
}

/**
 * What a cluster tier's part holds, as a key (never a `matchedKey`: those have no '='). Joined
 * in one call: a key grown piece by piece stays a chain of string objects in the map.
 */
export function partKey(steps: readonly TierStep[], left: ConnSet): string {
  const k = ['='];
  for (const s of steps)
    k.push(
      s.policy,
      s.kind,
      s.tier,
      String(s.priority),
      s.direction,
      String(s.rule),
      String(s.name),
      s.action,
      connsKey(s.conns),
    );
  k.push(connsKey(left));
  return k.join('\u0000');
}

/** Which rules of the plan the last pattern hits (`hitsKey` writes them). */
let hits = new Uint8Array(64);

/**
 * Which of the plan's rules match the peer whose pattern was made last, with the named-port
 * signature when the factor resolves named ports: what its result depends on. Patterns that
 * differ only in peers that decide nothing more (a rule's second peer when its first matches,
 * say) hit the same rules: at 20,000 endpoints 35,000 results were 15,000 distinct ones.
 */
export function hitsKey(cache: ClassCache, plan: Plan, np: number): PatternKey {
  const n = plan.rules.length;
  if (hits.length < n) hits = new Uint8Array(Math.max(n, 2 * hits.length));
  // the destination's named ports matter only when a rule it hits names ports
  let named = false;
  for (let k = 0; k < n; k++) {
    const hit = plan.hit(k);
    hits[k] = hit ? 1 : 0;
    if (hit && plan.named[k] === 1) named = true;
  }
  return keyOfBits(cache, hits, n, named, np);
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
  // (exact copies: pushed arrays keep room for 17, and every table factor keeps its plan)
  const hit = hitOf(at.slice(), from.slice(), to.slice());
  const named = new Uint8Array(rules.length);
  for (let k = 0; k < rules.length; k++) {
    const ports = (rules[k] as CompiledRule).ports;
    named[k] = ports !== 'all' && ports.some((x) => x.kind === 'named') ? 1 : 0;
  }
  return (f.plan = { rules: rules.slice(), policies: policies.slice(), hit, named, alike: new Map() });
}

/** Whether rule k's peers (positions at[from[k] .. to[k]), from[k] -1: every peer) match the last pattern. */
function hitOf(at: readonly number[], from: readonly number[], to: readonly number[]): Plan['hit'] {
  return (k) => {
    const a = from[k] as number;
    if (a < 0) return true;
    const b = to[k] as number;
    for (let i = a; i < b; i++) {
      const q = at[i] as number;
      if (q >= 0 && bits[q] === 1) return true;
    }
    return false;
  };
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
