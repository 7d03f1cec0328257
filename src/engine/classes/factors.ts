import type { Direction } from '../compile';
import type { Decider } from '../admin/evaluate';
import type { DirectionResult } from '../evaluate';
import type { ClassCache } from './cache';
import { classKey, NP } from './compact';
import { intern, serialOf, type Feature, type PolicyFeatures } from './features';
import { buildSelTable, extendSelTable, NO_SEL, selClass } from './sel-table';
import type {
  Atoms,
  Factor,
  FactorTier,
  FirstMatch,
  IpClasses,
  NetState,
  NsTable,
  PatternKey,
  SelTable,
  TierFactors,
} from './state';
import { ints } from './ints';

/**
 * Factors: the endpoints whose egress (or ingress) the same policies decide, with the classes
 * of the other end those policies tell apart (selector, namespace and ipBlock classes).
 */

/** Forget a factor's class-keyed results (they stay in its pattern-keyed store). */
export function reset(f: Factor<unknown>): void {
  f.results.clear();
  f.done = 0;
  f.doneNps.length = 0;
}

let nextFactor = 1;

/** What factors with tiers hold instead of tables of their own (never written: see `tablesOf`). */
const NONE = {
  policies: [] as readonly Decider[],
  features: [] as readonly Feature[],
  ip: [] as readonly string[],
  ipc: {
    ids: new Map<string, number>(),
    of: new Int32Array(0),
    pos: new Int32Array(0),
    serial: -1,
    seen: 0,
    text: undefined,
  },
  ints: new Int32Array(0),
  results: new Map<number, unknown>(),
  store: new Map<PatternKey, unknown>(),
  doneNps: [] as number[],
} as const;

/** Policies with their `factorKey`, and its number on the network (`NetState.listIds`). */
export interface KeyedList {
  readonly list: readonly { p: Decider; pf: PolicyFeatures }[];
  readonly key: string;
  readonly id: number;
}

/** The cluster policies selecting a group, per tier (R9.6): all of them, the Admin and Baseline ones. */
export interface ClusterLists {
  readonly all: KeyedList;
  readonly admin: KeyedList;
  readonly baseline: KeyedList;
}

/** The policies' part of a factor's key (`factorFor`): their serials in order. */
export function factorKey(ps: readonly { p: Decider }[]): string {
  // (joined: a kept key of one flat string, not a chain)
  return ps.map((x) => `,${serialOf(x.p)}`).join('');
}

/** A list of policies as a `KeyedList` of the network. */
export function keyedList(st: NetState, list: KeyedList['list']): KeyedList {
  const key = factorKey(list);
  return { list, key, id: intern(st.listIds, key) };
}

/** A factor's code in its key: tier and direction. */
const codeOf = (tier: FactorTier, dir: Direction) =>
  (tier === 'whole' ? 0 : tier === 'Admin' ? 2 : 4) + (dir === 'egress' ? 0 : 1);

/**
 * The factor of the policies `x` alone (one tier's when `tier` is not `whole`; a whole one
 * holds NetworkPolicies only), its class tables brought up to date once per analysis. Keyed
 * by numbers: a factor is looked up once per label group and tier.
 */
export function listFactor<R = DirectionResult>(
  cache: ClassCache,
  st: NetState,
  network: string,
  atoms: Atoms,
  dir: Direction,
  x: KeyedList,
  tier: FactorTier,
): Factor<R> | undefined {
  if (!x.list.length) return undefined;
  const key = x.id * 8 + codeOf(tier, dir);
  let f = st.factors.get(key) as Factor<R> | undefined;
  if (!f) {
    f = newFactor<R>(cache, st, network, dir, { ps: x.list, store: [tier, dir, x.key].join('') }, tier);
    st.factors.set(key, f);
  }
  if (f.refreshed !== cache.generation) refresh(cache, st, network, atoms, f);
  return f;
}

const TIERED_SPAN = 2 ** 21;

/**
 * The factor of a namespace's policies `own` with cluster policies: its results are its
 * tiers' parts combined (`tiers.ts`), so it has no classes of its own.
 */
export function tieredFactor(
  cache: ClassCache,
  st: NetState,
  network: string,
  atoms: Atoms,
  dir: Direction,
  own: KeyedList,
  cluster: ClusterLists,
): Factor {
  const outer = own.id * 2 + (dir === 'egress' ? 0 : 1);
  // (one map for all: a number while the cluster list's id fits below TIERED_SPAN)
  const c = cluster.all.id;
  const key = c < TIERED_SPAN ? outer * TIERED_SPAN + c : `${outer}/${c}`;
  let f = st.tiered.get(key);
  if (!f) {
    const part = <P>(t: FactorTier, x: KeyedList) => listFactor<P>(cache, st, network, atoms, dir, x, t);
    const parts: TierFactors = {
      admin: part<FirstMatch>('Admin', cluster.admin),
      np: part<DirectionResult>('whole', own),
      baseline: part<FirstMatch>('Baseline', cluster.baseline),
    };
    const named = !!(parts.admin?.usesNamed || parts.np?.usesNamed || parts.baseline?.usesNamed);
    f = newFactor(cache, st, network, dir, undefined, 'whole', named);
    f.parts = parts;
    st.tiered.set(key, f);
  }
  if (f.refreshed !== cache.generation) refresh(cache, st, network, atoms, f);
  return f;
}

/**
 * A new factor: of policies `x` with the results' store named `store`, or (`x` undefined) one
 * with tiers: no policies, peers or tables of its own.
 */
function newFactor<R>(
  cache: ClassCache,
  st: NetState,
  network: string,
  dir: Direction,
  x: { ps: KeyedList['list']; store: string } | undefined,
  tier: FactorTier,
  named = false,
): Factor<R> {
  const tiered = x === undefined;
  const ps = x?.ps ?? [];
  let usesNamed = named;
  for (const { pf } of ps) usesNamed ||= pf[dir].usesNamed;
  const { sels, nsws, ips } = tiered ? NO_PEERS : peersOfPolicies(ps, dir);
  const nsKey = nsws.map((x) => x.key).join('\u0000');
  const ipc = tiered ? NONE.ipc : ipClasses(st, ips);
  return {
    id: nextFactor++,
    tier,
    dir,
    policies: tiered ? NONE.policies : ps.map((x) => x.p),
    sel: sels,
    nsw: nsws,
    ip: ips,
    usesNamed,
    selTable: NO_SEL,
    stamp: -1,
    selSpan: 1,
    selKey: sels.map((x) => x.key).join('\u0000'),
    nsKey,
    nsOf: NONE.ints,
    nsKeys: nsTable(cache, st, nsKey, nsws).keys,
    nsSpan: 0,
    // (a factor with tiers never fills these: one shared empty set of them each)
    ipIds: ipc.ids,
    ipc,
    peerSig: undefined,
    plan: undefined,
    results: tiered ? (NONE.results as Map<number, R>) : new Map(),
    store: x ? cache.store<R>([network, x.store].join('\u0000')) : (NONE.store as Map<PatternKey, R>),
    done: 0,
    doneNps: tiered ? NONE.doneNps : [],
    prepared: 0,
    shipped: -1,
    used: cache.generation,
    refreshed: 0,
    refRound: 0,
    refCount: 0,
  };
}

const NO_PEERS = { sels: NONE.features, nsws: NONE.features, ips: NONE.ip };

/** The selector, namespace-wide and ipBlock peers of a direction of policies, each once. */
function peersOfPolicies(ps: KeyedList['list'], dir: Direction) {
  const sel = new Set<Feature>();
  const nsw = new Set<Feature>();
  const ip = new Set<string>();
  for (const { pf } of ps) {
    const d = pf[dir];
    d.sel.forEach((x) => sel.add(x));
    d.nsw.forEach((x) => nsw.add(x));
    d.ip.forEach((x) => ip.add(x.key));
  }
  return { sels: [...sel], nsws: [...nsw], ips: [...ip] };
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
  const current = f.selTable === NO_SEL || f.selTable.kindSerial === cache.kinds.serial;
  if (f.stamp === stamp && current) return checkSpace(f, atoms);
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

/**
 * The namespace classes of a set of namespace-wide peers, extended to every known slot. A peer
 * without a namespaceSelector admits its own namespace only; the others read namespace labels,
 * so namespaces of one namespace kind (kinds.ts) are alike for them: a class per kind, then
 * the own namespaces' (not a pass over every peer for every namespace).
 */
function nsTable(cache: ClassCache, st: NetState, key: string, nsw: readonly Feature[]): NsTable {
  let t = st.nsTables.get(key);
  if (!t) st.nsTables.set(key, (t = { nsOf: new Int32Array(0), keys: new Map() }));
  const slots = cache.slotNames.length;
  if (t.nsOf.length >= slots) return t;
  const nsOf = new Int32Array(slots);
  nsOf.set(t.nsOf);
  if (nsw.length === 0)
    intern(t.keys, ''); // every slot alike (zeros)
  else {
    if (cache.kinds.pending) cache.updateKinds();
    // slot 0 (matched by none) first: class 0 is no peer's
    const from = Math.max(1, t.nsOf.length);
    if (t.nsOf.length === 0) nsOf[0] = intern(t.keys, '0'.repeat(nsw.length));
    const classOfNs = (ns: string) => {
      let k = '';
      for (const x of nsw) k += cache.admits(x, ns) ? '1' : '0';
      return intern(t.keys, k);
    };
    if (nsw.every((x) => x.ownNs !== undefined))
      // peers of their own namespaces only: every other namespace is in no peer's (a fill,
      // not a pass over the namespaces per table: tables are per set of such peers)
      nsOf.fill(nsOf[0] as number, from);
    else {
      // a class per namespace kind (kinds.ts); the peers' own namespaces below
      const kindOf = cache.kinds.nsKinds(cache.slotNames, cache.namespaceLabels);
      const own = nsw.flatMap((x) => (x.ownNs === undefined ? [] : [cache.slots.get(x.ownNs) ?? -1]));
      // (class + 1 by namespace kind: an array, as there is a look-up per namespace)
      const byKind: number[] = [];
      for (let s = from; s < slots; s++) {
        if (own.length && own.includes(s)) continue;
        const kind = kindOf[s] as number;
        let c = (byKind[kind] ?? 0) - 1;
        if (c < 0) byKind[kind] = (c = classOfNs(cache.slotNames[s] as string)) + 1;
        nsOf[s] = c;
      }
    }
    // the peers' own namespaces, each by itself
    for (const x of nsw) {
      const s = x.ownNs === undefined ? undefined : cache.slots.get(x.ownNs);
      if (s !== undefined && s >= from) nsOf[s] = classOfNs(x.ownNs as string);
    }
  }
  t.nsOf = nsOf;
  return t;
}

/** The ipBlock classes of ipBlock peers `ips` (by key) on the network: one record per list. */
function ipClasses(st: NetState, ips: readonly string[]): IpClasses {
  const key = ips.join('\u0000');
  let c = st.ipClasses.get(key);
  if (!c)
    st.ipClasses.set(
      key,
      (c = {
        ids: new Map(),
        of: new Int32Array(0),
        pos: new Int32Array(0),
        serial: -1,
        seen: 0,
        text: undefined,
      }),
    );
  return c;
}

/** The factor's ipBlock class of every CIDR atom (stable ids; extended as atoms appear). */
export function ipOf(f: Factor<unknown>, atoms: Atoms): Int32Array {
  const c = f.ipc;
  if (c.serial !== atoms.serial || c.seen !== atoms.bits.length) {
    const pos = ints(f.ip.length, (i) => atoms.index.get(f.ip[i] as string) as number);
    const key: string[] = [];
    c.of = ints(atoms.bits.length, (a) => {
      const bits = atoms.bits[a] as string;
      key.length = 0;
      for (const p of pos) key.push(bits[p] as string);
      // (joined: a kept key of one flat string, not a chain)
      return intern(c.ids, key.join(''));
    });
    c.pos = pos;
    c.serial = atoms.serial;
    c.seen = atoms.bits.length;
    c.text = undefined;
  }
  return c.of;
}

/** The positions of the factor's ipBlock peers in the atoms' bits (`Atoms.index`), with `ipOf`. */
export function ipPositions(f: Factor<unknown>, atoms: Atoms): Int32Array {
  ipOf(f, atoms);
  return f.ipc.pos;
}

/** `ipOf` as text (kept with it: lists of peers are keyed by it, once per factor prepared). */
export function ipText(f: Factor<unknown>, atoms: Atoms): string {
  const c = f.ipc;
  ipOf(f, atoms);
  return (c.text ??= c.of.join(','));
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
