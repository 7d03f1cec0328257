import type { Direction } from '../compile';
import { isCluster, type Decider } from '../admin/evaluate';
import type { DirectionResult } from '../evaluate';
import type { ClassCache } from './cache';
import { classKey, NP } from './compact';
import { intern, serialOf, type Feature, type PolicyFeatures } from './features';
import { buildSelTable, extendSelTable, NO_SEL, selClass } from './sel-table';
import type { Atoms, Factor, FactorTier, FirstMatch, NetState, NsTable, Presence, SelTable } from './state';

/**
 * Factors: the endpoints whose egress (or ingress) the same policies decide, with the classes
 * of the other end those policies tell apart (selector, namespace and ipBlock classes).
 */

/** Forget a factor's class-keyed results (they stay in its pattern-keyed store). */
export function reset(f: Factor<unknown>): void {
  f.results.clear();
  f.done = 0;
  f.doneNps.clear();
}

let nextFactor = 1;
const tierOf = (p: Decider): FactorTier => (isCluster(p) ? p.admin.tier : 'whole');

/**
 * The factor of the policies `ps` (one tier's when `tier` is not `whole`), its class tables
 * brought up to date once per analysis. A whole factor with cluster policies gets the factors
 * of its tiers: its results are combined from theirs (`tiers.ts`).
 */
export function factorFor<R = DirectionResult>(
  cache: ClassCache,
  st: NetState,
  network: string,
  atoms: Atoms,
  dir: Direction,
  ps: readonly { p: Decider; pf: PolicyFeatures }[],
  tier: FactorTier = 'whole',
): Factor<R> | undefined {
  if (!ps.length) return undefined;
  let key: string = tier === 'whole' ? dir : `${tier}${dir}`;
  for (const x of ps) key += `,${serialOf(x.p)}`;
  let f = st.factors.get(key) as Factor<R> | undefined;
  if (!f) {
    const sel = new Set<Feature>();
    const nsw = new Set<Feature>();
    const ip = new Set<string>();
    let usesNamed = false;
    for (const { pf } of ps) {
      const d = pf[dir];
      d.sel.forEach((x) => sel.add(x));
      d.nsw.forEach((x) => nsw.add(x));
      d.ip.forEach((x) => ip.add(x.key));
      usesNamed ||= d.usesNamed;
    }
    f = {
      id: nextFactor++,
      tier,
      dir,
      policies: ps.map((x) => x.p),
      sel: [...sel],
      nsw: [...nsw],
      ip: [...ip],
      usesNamed,
      selTable: NO_SEL,
      stamp: -1,
      selGroups: NO_SEL.groups,
      selSpan: 1,
      selKey: [...sel].map((x) => x.key).join('\u0000'),
      nsKey: [...nsw].map((x) => x.key).join('\u0000'),
      nsOf: new Int32Array(0),
      nsKeys: nsTable(cache, st, [...nsw].map((x) => x.key).join('\u0000'), [...nsw]).keys,
      nsSpan: 0,
      ipIds: new Map(),
      ipOfAtom: new Int32Array(0),
      ipFor: 0,
      ipSeen: 0,
      results: new Map(),
      store: cache.store<R>(`${network}\u0000${key}`),
      done: 0,
      doneNps: new Set(),
      used: cache.generation,
      refreshed: 0,
    };
    if (tier === 'whole' && ps.some((x) => isCluster(x.p))) {
      const of = (t: FactorTier) => ps.filter((x) => tierOf(x.p) === t);
      f.parts = {
        admin: factorFor<FirstMatch>(cache, st, network, atoms, dir, of('Admin'), 'Admin'),
        np: factorFor(cache, st, network, atoms, dir, of('whole')),
        baseline: factorFor<FirstMatch>(cache, st, network, atoms, dir, of('Baseline'), 'Baseline'),
        memo: new Map(),
      };
    }
    st.factors.set(key, f);
  }
  if (f.refreshed !== cache.generation) refresh(cache, st, network, atoms, f);
  return f;
}

/** Mark a factor used in this analysis, its class tables brought up to date (once per analysis). */
export function touch(
  cache: ClassCache,
  st: NetState,
  network: string,
  atoms: Atoms,
  f: Factor<unknown>,
): void {
  if (f.refreshed !== cache.generation) refresh(cache, st, network, atoms, f);
}

/** Bring a factor's class tables (and its tiers') up to date: once per analysis. */
function refresh(cache: ClassCache, st: NetState, network: string, atoms: Atoms, f: Factor<unknown>): void {
  f.refreshed = cache.generation;
  f.used = cache.generation;
  if (f.parts) {
    // its results are its tiers' parts combined: only their classes matter
    for (const t of [f.parts.admin, f.parts.np, f.parts.baseline])
      if (t && t.refreshed !== cache.generation) refresh(cache, st, network, atoms, t);
    return;
  }
  // the tables change only when label groups or namespaces were added
  const slots = cache.slotNames.length;
  const stamp = slots < 2 ** 20 ? cache.groups.length * 2 ** 20 + slots : NaN;
  if (f.stamp === stamp) return checkSpace(f, atoms);
  f.stamp = stamp;
  // selector classes: refine the label groups by every selector peer's matches; one table per
  // set of selector peers on the network, shared by the factors that have them, extended in
  // place as peers match new groups (sel-table.ts)
  let sel: SelTable | undefined = f.selTable;
  if (sel === NO_SEL || sel.replaced) sel = f.sel.length ? st.selTables.get(f.selKey) : NO_SEL;
  if (sel && !extendSelTable(cache, sel)) {
    sel.replaced = true;
    sel = undefined;
  }
  if (!sel) st.selTables.set(f.selKey, (sel = buildSelTable(cache, f.sel)));
  if (f.selTable !== sel) {
    // another table numbers the classes otherwise (results are found again by pattern)
    if (f.selTable !== NO_SEL) reset(f);
    f.selTable = sel;
  } else if (f.selSpan !== sel.span) respan(f, f.selSpan, sel.span);
  f.selGroups = sel.groups;
  f.selSpan = sel.span;
  // namespace classes: alike on every namespace-wide peer (slot 0 is matched by none); one
  // table per set of such peers on the network, shared by the factors that have them
  const table = nsTable(cache, st, f.nsKey, f.nsw);
  if (f.nsOf !== table.nsOf || f.nsKeys !== table.keys) {
    // class keys are renumbered when the table gained classes or is another one
    if (f.nsSpan && (f.nsKeys !== table.keys || table.keys.size !== f.nsSpan)) reset(f);
    f.nsOf = table.nsOf;
    f.nsKeys = table.keys;
    f.nsSpan = table.keys.size;
  }
  checkSpace(f, atoms);
}

function checkSpace(f: Factor<unknown>, atoms: Atoms): void {
  if (atoms.bits.length * f.nsKeys.size * f.selSpan >= 2 ** 37)
    throw new Error(
      `policies ${f.policies.map((p) => p.policy.id).join(', ')}: too many classes to analyse (${atoms.bits.length} CIDR atoms x ${f.nsKeys.size} namespace classes x ${f.selSpan} selector classes)`,
    );
}

/** Re-key a factor's results for a selector span grown from `from` to `to` (class numbers kept). */
function respan(f: Factor<unknown>, from: number, to: number): void {
  const entries = [...f.results];
  f.results.clear();
  for (const [key, r] of entries) {
    const np = key % NP;
    const cls = (key - np) / NP;
    const s = cls % from;
    f.results.set((((cls - s) / from) * to + s) * NP + np, r);
  }
}

/** The namespace classes of a set of namespace-wide peers, extended to every known slot. */
function nsTable(cache: ClassCache, st: NetState, key: string, nsw: readonly Feature[]): NsTable {
  let t = st.nsTables.get(key);
  if (!t) st.nsTables.set(key, (t = { nsOf: new Int32Array(0), keys: new Map() }));
  if (t.nsOf.length < cache.slotNames.length) {
    const nsOf = new Int32Array(cache.slotNames.length);
    nsOf.set(t.nsOf);
    if (nsw.length === 0)
      intern(t.keys, ''); // every slot alike (zeros)
    else {
      const admits = nsw.map((x) => cache.admitsBySlot(x));
      for (let s = t.nsOf.length; s < nsOf.length; s++) {
        let k = '';
        for (const a of admits) k += a[s] ? '1' : '0';
        nsOf[s] = intern(t.keys, k);
      }
    }
    t.nsOf = nsOf;
  }
  return t;
}

/** The factor's ipBlock class of every CIDR atom (stable ids; extended as atoms appear). */
export function ipOf(f: Factor<unknown>, atoms: Atoms): Int32Array {
  if (f.ipFor !== atoms.serial || f.ipSeen !== atoms.bits.length) {
    const pos = f.ip.map((k) => atoms.index.get(k) as number);
    f.ipOfAtom = Int32Array.from(atoms.bits, (bits) => intern(f.ipIds, pos.map((k) => bits[k]).join('')));
    f.ipFor = atoms.serial;
    f.ipSeen = atoms.bits.length;
  }
  return f.ipOfAtom;
}
export function classOf(st: NetState, atoms: Atoms, f: Factor<unknown>, peer: number): number {
  return classKey(
    ipOf(f, atoms)[st.atomOf[peer] as number] as number,
    f.nsKeys.size,
    f.nsOf[st.slotOf[peer] as number] as number,
    f.selSpan,
    selClass(f.selTable, st.groupOf[peer] as number),
  );
}
/** Which of the factor's peers a member matches: the result's key across rebuilds. */
export function patternOf(
  cache: ClassCache,
  st: NetState,
  atoms: Atoms,
  f: Factor<unknown>,
  peer: number,
): string {
  const g = st.groupOf[peer] as number;
  let k = '';
  for (const x of f.sel) k += cache.matches(x, g) ? '1' : '0';
  k += '|';
  for (const x of f.nsw) k += cache.matches(x, g) ? '1' : '0';
  k += '|';
  const bits = atoms.bits[st.atomOf[peer] as number] as string;
  for (const key of f.ip) k += bits[atoms.index.get(key) as number];
  return k;
}

/**
 * One peer of every class of the factor (named: of every class and named-port signature). The
 * list depends only on the factor's selector table, ipBlock and namespace-wide peers: factors
 * alike in those share it (per layout).
 */
/** What `allPeers` asks: one peer per class of factor `f` (named: per named-port signature too). */
export interface PeerQuery {
  readonly st: NetState;
  readonly atoms: Atoms;
  readonly presence: Presence;
  readonly f: Factor<unknown>;
  readonly named: boolean;
  readonly npCount: number;
}

export function allPeers(q: PeerQuery): readonly number[] {
  const { presence, f, named } = q;
  let bySel = presence.peerLists.get(f.selTable);
  if (!bySel) presence.peerLists.set(f.selTable, (bySel = new Map()));
  // the factor's ipBlock and namespace-wide peers: with the selector table, all a list depends on
  const sig = `${named ? 'n' : 'a'}${f.ip.join(';')}|${f.nsw.map((x) => x.key).join(';')}`;
  let out = bySel.get(sig);
  if (!out) bySel.set(sig, (out = peersOf(q, sig)));
  return out;
}

/** Deduplication of class keys: stamps when the key space is small, else a set. */
let seenStamp = new Int32Array(1 << 12);
let seenRound = 0;

function peersOf({ st, atoms, presence, f, named, npCount }: PeerQuery, sig: string): number[] {
  const out: number[] = [];
  const reps = named ? presence.named : presence.plain;
  const ip = ipOf(f, atoms);
  const nsSpan = f.nsKeys.size;
  const nps = named ? Math.max(1, npCount) : 1;
  const space = (f.ipIds.size + 1) * nsSpan * f.selSpan * nps;
  const { atomOf, slotOf, groupOf, npOf } = st;
  const { selTable, nsOf, selSpan } = f;
  if (f.selGroups.length * 4 > reps.byGroup.size && space <= 1 << 22) {
    // selector peers matching many groups (cluster-wide peers): one pass over every
    // distinct combination, class keys deduplicated by stamps
    if (seenStamp.length < space) seenStamp = new Int32Array(Math.max(space, 2 * seenStamp.length));
    const round = ++seenRound;
    for (const m of reps.all) {
      const k =
        classKey(
          ip[atomOf[m] as number] as number,
          nsSpan,
          nsOf[slotOf[m] as number] as number,
          selSpan,
          selClass(selTable, groupOf[m] as number),
        ) *
          nps +
        (named ? (npOf[m] as number) : 0);
      if (seenStamp[k] === round) continue;
      seenStamp[k] = round;
      out.push(m);
    }
    return out;
  }
  // one member per class among the label groups the factor's selector peers tell apart (class
  // keys deduplicated by stamps when the key space is small, else by a set) …
  const stamps = space <= 1 << 22;
  if (stamps && seenStamp.length < space) seenStamp = new Int32Array(Math.max(space, 2 * seenStamp.length));
  const round = ++seenRound;
  const seen = stamps ? undefined : new Set<number>();
  for (let k = 0; k < selTable.groups.length; k++) {
    const list = reps.byGroup.get(selTable.groups[k] as number);
    if (!list) continue;
    const c = selTable.dense
      ? (selTable.dense[selTable.groups[k] as number] as number)
      : (selTable.classes[k] as number);
    for (const m of list) {
      const cls = classKey(
        ip[atomOf[m] as number] as number,
        nsSpan,
        nsOf[slotOf[m] as number] as number,
        selSpan,
        c,
      );
      const np = named ? (npOf[m] as number) : 0;
      if (seen) {
        const key = cls * NP + np;
        if (seen.has(key)) continue;
        seen.add(key);
      } else {
        const key = cls * nps + np;
        if (seenStamp[key] === round) continue;
        seenStamp[key] = round;
      }
      out.push(m);
    }
  }
  // … and, among the groups they do not, one per class of buckets (same slot and atom) alike
  // for its ipBlock and namespace-wide peers; factors with the same such peers share these
  let classes = presence.bucketClasses.get(sig);
  if (!classes) {
    const byClass = new Map<number, (readonly number[])[]>();
    for (const b of reps.buckets) {
      const first = b[0] as number;
      const k =
        classKey(
          ip[st.atomOf[first] as number] as number,
          f.nsKeys.size,
          f.nsOf[st.slotOf[first] as number] as number,
          1,
          0,
        ) *
          NP +
        (named ? (st.npOf[first] as number) : 0);
      const l = byClass.get(k);
      if (l) l.push(b);
      else byClass.set(k, [b]);
    }
    classes = [...byClass.values()];
    presence.bucketClasses.set(sig, classes);
  }
  for (const cls of classes) {
    for (const b of cls) {
      const m = f.selGroups.length ? b.find((x) => !selClass(selTable, st.groupOf[x] as number)) : b[0];
      if (m !== undefined) {
        out.push(m);
        break;
      }
    }
  }
  return out;
}
