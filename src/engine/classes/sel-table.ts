import type { ClassCache } from './cache';
import { lowerBound } from './search';
import type { Feature } from './features';
import type { SelTable } from './state';

/**
 * Selector classes of a set of selector peers: label groups alike on every one of them (class 0:
 * matched by none). Peers of one namespace (a NetworkPolicy's podSelector peers) match groups of
 * that namespace, listed; cross-namespace peers (with a namespaceSelector) match by kind
 * (kinds.ts). So a table holds a class per kind and one per listed group of its namespace: its
 * size grows with the selectors, not with the cluster. (Tables over every group a peer matched
 * grew as tables x groups: 7 million entries at 50,000 endpoints.)
 *
 * A table is built once and extended as label groups and kinds appear: a new group or kind
 * joins the class of the same peers matched, or opens a new class. Class numbers stay below
 * `span`, a power of two, so new classes do not renumber the class keys until it doubles.
 */

/** The selector class of label group `g` (0: matched by none of the table's peers). */
export function selClass(t: SelTable, g: number): number {
  const gs = t.groups;
  if (gs.length) {
    const at = lowerBound(gs, g);
    if (gs[at] === g) return t.classes[at] as number;
  }
  const k = t.kindOf[g];
  return k !== undefined && k < t.kindsSeen ? (t.byKind[k] as number) : 0;
}

/**
 * `selClass` for a group of no namespace of the table's peers of one namespace (their
 * namespaces hold every listed group): its kind's class, without searching the list.
 */
export function selClassByKind(t: SelTable, g: number): number {
  const k = t.kindOf[g];
  return k !== undefined && k < t.kindsSeen ? (t.byKind[k] as number) : 0;
}

/** What the compact tables ship of a table: `sel` pairs and `kinds` (see `shippedSel`). */
export interface ShippedSel {
  /** [group, class, ...] for its listed groups */
  readonly sel: Int32Array;
  /** kind → class, for the kinds it has seen */
  readonly kinds: Int32Array;
}

/** Per table, with the views and count it was made from (a table extends by new views). */
const shipped = new WeakMap<
  SelTable,
  ShippedSel & { groups: Int32Array; byKind: Int32Array; seen: number }
>();

/**
 * Table `t` as the compact tables ship it, made once per state of the table: the factors sharing
 * it share the arrays (at 50,000 endpoints 3,200 factors shipped 700,000 kind entries, 490
 * distinct), so the answer copies, packs and unpacks each once. A table's listed groups and
 * classes change only by new views, its kinds' classes only past `kindsSeen` (or a new buffer).
 */
export function shippedSel(t: SelTable): ShippedSel {
  const held = shipped.get(t);
  if (held && held.groups === t.groups && held.byKind === t.byKind && held.seen === t.kindsSeen) return held;
  const { groups, classes, byKind, kindsSeen } = t;
  const sel = new Int32Array(groups.length * 2);
  for (let k = 0; k < groups.length; k++) {
    sel[2 * k] = groups[k] as number;
    sel[2 * k + 1] = classes[k] as number;
  }
  const x = { sel, kinds: byKind.slice(0, kindsSeen), groups, byKind, seen: kindsSeen };
  shipped.set(t, x);
  return x;
}

const spanFor = (classes: number): number => {
  let s = 1;
  while (s < classes) s *= 2;
  return s;
};

const EMPTY = new Int32Array(0);

/** A table with no selector peers (every group in class 0). */
export const NO_SEL: SelTable = {
  features: [],
  local: [],
  cross: [],
  kindSerial: -1,
  kindOf: EMPTY,
  byKind: EMPTY,
  kindsSeen: 0,
  gbuf: EMPTY,
  cbuf: EMPTY,
  groups: EMPTY,
  classes: EMPTY,
  localSeen: EMPTY,
  vecs: new Map(),
  next: 1,
  span: 1,
  replaced: false,
};

export function buildSelTable(cache: ClassCache, fs: readonly Feature[]): SelTable {
  if (!fs.length) return NO_SEL;
  const local = fs.filter((x) => x.ownNs !== undefined);
  const cross = fs.filter((x) => x.ownNs === undefined);
  const t: SelTable = {
    features: fs,
    local,
    cross,
    kindSerial: cache.kinds.serial,
    kindOf: cache.kinds.of,
    byKind: new Int32Array(cross.length ? cache.kinds.count + 16 : 0),
    kindsSeen: 0,
    gbuf: EMPTY,
    cbuf: EMPTY,
    groups: EMPTY,
    classes: EMPTY,
    localSeen: new Int32Array(local.length),
    vecs: new Map<number | string, number>([[fs.length <= 52 ? 0 : '0'.repeat(fs.length), 0]]),
    next: 1,
    span: 1,
    replaced: false,
  };
  extendSelTable(cache, t);
  return t;
}

/** The class of a match vector (a number for up to 52 peers, else a string), new ones numbered next. */
function classOfVector(t: SelTable, v: number | string): number {
  let c = t.vecs.get(v);
  if (c === undefined) {
    c = t.next++;
    t.vecs.set(v, c);
  }
  return c;
}

/**
 * Bring a table up to date with the kinds and the groups its peers gained since (every feature
 * `ensure`d first). False when it cannot be extended in place (kinds numbered afresh: the
 * caller builds it again).
 */
export function extendSelTable(cache: ClassCache, t: SelTable): boolean {
  if (t === NO_SEL) return true;
  const kinds = cache.kinds;
  if (t.kindSerial !== kinds.serial) return false;
  t.kindOf = kinds.of;
  const numeric = t.features.length <= 52;
  const L = t.local.length;
  // a cross-namespace peer's bits for kind k
  const crossBits = (k: number, v: number | string): number | string => {
    if (numeric) {
      let n = v as number;
      for (let i = 0; i < t.cross.length; i++)
        if ((t.cross[i] as Feature).kindMatch[k] === 1) n += 2 ** (L + i);
      return n;
    }
    let s = v as string;
    for (const x of t.cross) s += x.kindMatch[k] === 1 ? '1' : '0';
    return s;
  };
  for (const x of t.cross) cache.ensure(x);
  if (t.cross.length && t.kindsSeen < kinds.count) {
    if (t.byKind.length < kinds.count) {
      const grown = new Int32Array(kinds.count + (kinds.count >> 2) + 16);
      grown.set(t.byKind.subarray(0, t.kindsSeen));
      t.byKind = grown;
    }
    const none = numeric ? 0 : '0'.repeat(L);
    for (let k = t.kindsSeen; k < kinds.count; k++) t.byKind[k] = classOfVector(t, crossBits(k, none));
    t.kindsSeen = kinds.count;
  }
  // the groups of its namespace its peers matched since (ids only grow: appended in order)
  const added = new Set<number>();
  t.local.forEach((x, i) => {
    for (let k = t.localSeen[i] as number; k < x.groups.length; k++) added.add(x.groups[k] as number);
    t.localSeen[i] = x.groups.length;
  });
  if (added.size && !addGroups(cache, t, [...added], crossBits)) return false;
  if (t.next > t.span) t.span = spanFor(t.next);
  return true;
}

function addGroups(
  cache: ClassCache,
  t: SelTable,
  added: number[],
  crossBits: (k: number, v: number | string) => number | string,
): boolean {
  const numeric = t.features.length <= 52;
  const news = added.sort((a, b) => a - b);
  const n = t.groups.length;
  if (n && (news[0] as number) <= (t.groups[n - 1] as number)) return false;
  if (t.gbuf.length < n + news.length) {
    const cap = Math.max(n + news.length, Math.ceil(n * 1.5) + 4);
    const gbuf = new Int32Array(cap);
    const cbuf = new Int32Array(cap);
    gbuf.set(t.groups);
    cbuf.set(t.classes);
    t.gbuf = gbuf;
    t.cbuf = cbuf;
  }
  news.forEach((g, k) => {
    let v: number | string = numeric ? 0 : '';
    t.local.forEach((x, i) => {
      const hit = cache.matches(x, g);
      if (numeric) v = (v as number) + (hit ? 2 ** i : 0);
      else v += hit ? '1' : '0';
    });
    t.gbuf[n + k] = g;
    t.cbuf[n + k] = classOfVector(t, t.cross.length ? crossBits(t.kindOf[g] as number, v) : v);
  });
  t.groups = t.gbuf.subarray(0, n + news.length);
  t.classes = t.cbuf.subarray(0, n + news.length);
  return true;
}
