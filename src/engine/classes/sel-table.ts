import type { ClassCache } from './cache';
import type { Feature } from './features';
import type { SelTable } from './state';

/**
 * Selector classes of a set of selector peers: label groups alike on every one of them (class 0:
 * matched by none). A table is built once and extended as label groups appear: a new group joins
 * the class of the groups its peers match alike, or opens a new class. Class numbers stay below
 * `span`, a power of two, so new classes do not renumber the class keys until it doubles.
 *
 * Sparse: the groups matched (ascending) and their classes, looked up by binary search; a table
 * matching a quarter of all groups or more is dense instead: a group → class array (with room
 * for groups to come) and the groups matched. One dense array per table grew as groups x tables
 * (70 MiB at 10,000 endpoints, 424 MiB at 50,000 without cluster policies).
 *
 * A class is found by the sum of its peers' weights (`Feature.weight`), checked against a group
 * of the class; when two classes of a table have the same sum, new groups rebuild the table.
 */

/** The selector class of label group `g` (0: matched by none of the table's peers). */
export function selClass(t: SelTable, g: number): number {
  const d = t.dense;
  if (d) return g < d.length ? (d[g] as number) : 0;
  const gs = t.groups;
  let lo = 0;
  let hi = gs.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((gs[mid] as number) < g) lo = mid + 1;
    else hi = mid;
  }
  return lo < gs.length && gs[lo] === g ? (t.classes[lo] as number) : 0;
}

const spanFor = (classes: number): number => {
  let s = 1;
  while (s < classes) s *= 2;
  return s;
};

/** A table with no selector peers (every group in class 0). */
const NO_CLASSES = new Int32Array(0);

export const NO_SEL: SelTable = {
  gbuf: new Int32Array(0),
  cbuf: new Int32Array(0),
  groups: new Int32Array(0),
  classes: new Int32Array(0),
  dense: undefined,
  span: 1,
  features: [],
  seen: new Int32Array(0),
  groupsSeen: Infinity,
  replaced: false,
  next: 1,
  hash: [0],
  count: [0],
  index: undefined,
};

// per feature, each class it splits gets a new number (remap: old class → new, stamped); the
// class of every group under way in `work` (as large as the groups)
let remap = new Int32Array(0);
let stamp = new Int32Array(0);
let round = 0;
let work = new Int32Array(0);
// per class number under way: its peers' weight sum and count; the groups met, in order
let sums = new Float64Array(0);
let counts = new Int32Array(0);
let listed = new Int32Array(0);

export function buildSelTable(cache: ClassCache, fs: readonly Feature[]): SelTable {
  if (!fs.length) return NO_SEL;
  let size = 0;
  for (const x of fs) size += x.groups.length;
  const total = cache.groups.length;
  if (work.length < total) work = new Int32Array(Math.max(total, 2 * work.length));
  if (remap.length < size + 2) {
    remap = new Int32Array(2 * size + 2);
    stamp = new Int32Array(2 * size + 2);
    sums = new Float64Array(2 * size + 2);
    counts = new Int32Array(2 * size + 2);
    listed = new Int32Array(2 * size + 2);
    round = 0;
  }
  const selOf = work;
  let n = 0;
  let next = 1;
  sums[0] = 0;
  counts[0] = 0;
  for (const x of fs) {
    round++;
    const w = x.weight;
    const gs = x.groups;
    for (let k = 0; k < gs.length; k++) {
      const g = gs[k] as number;
      const old = selOf[g] as number;
      if (old === 0) listed[n++] = g;
      if (stamp[old] !== round) {
        stamp[old] = round;
        remap[old] = next;
        sums[next] = (sums[old] as number) + w;
        counts[next] = (counts[old] as number) + 1;
        next++;
      }
      selOf[g] = remap[old] as number;
    }
  }
  // room for a few groups more (appended in place as they appear)
  const cap = n + 8 + (n >> 4);
  const gbuf = new Int32Array(cap);
  const groups = gbuf.subarray(0, n);
  let dense: Int32Array | undefined;
  let cbuf = NO_CLASSES;
  if (n * 4 >= total) {
    dense = new Int32Array(total + (total >> 3) + 64);
    dense.set(selOf.subarray(0, total));
    // ascending by a pass over every group (cheaper than sorting that many)
    let k = 0;
    for (let g = 0; g < total; g++) if (dense[g] !== 0) groups[k++] = g;
  } else {
    cbuf = new Int32Array(cap);
    groups.set(listed.subarray(0, n));
    groups.sort();
    for (let k = 0; k < n; k++) cbuf[k] = selOf[groups[k] as number] as number;
  }
  const classes = cbuf.subarray(0, dense ? 0 : n);
  for (let k = 0; k < n; k++) selOf[groups[k] as number] = 0; // `work` is all zeros between calls
  const t: SelTable = {
    gbuf,
    cbuf,
    groups,
    classes,
    dense,
    span: spanFor(next),
    features: fs,
    seen: Int32Array.from(fs, (x) => x.groups.length),
    groupsSeen: total,
    replaced: false,
    next,
    hash: Array.from(sums.subarray(0, next)),
    count: Array.from(counts.subarray(0, next)),
    index: undefined,
  };
  indexOf(t); // now, not on the first edit that extends the table
  return t;
}

/** One group per class and the classes by sum. */
function indexOf(t: SelTable): NonNullable<SelTable['index']> {
  if (t.index) return t.index;
  const rep: number[] = new Array<number>(t.next).fill(-1);
  const byHash = new Map<number, number>();
  let exact = true;
  for (let k = 0; k < t.groups.length; k++) {
    const c = t.dense ? (t.dense[t.groups[k] as number] as number) : (t.classes[k] as number);
    if (rep[c] !== -1) continue;
    rep[c] = t.groups[k] as number;
    const h = t.hash[c] as number;
    if (byHash.has(h)) exact = false;
    else byHash.set(h, c);
  }
  return (t.index = { rep, byHash, exact });
}

/**
 * Bring a table up to date with the groups its peers gained since (every feature `ensure`d
 * first). False when it cannot be extended in place (the caller builds it again).
 */
export function extendSelTable(cache: ClassCache, t: SelTable): boolean {
  const total = cache.groups.length;
  if (t.groupsSeen >= total) return true;
  const before = t.groupsSeen;
  t.groupsSeen = total;
  // the new groups matched, each with the sum of its peers' weights and the peers
  let added: Map<number, { h: number; fs: number[] }> | undefined;
  for (let i = 0; i < t.features.length; i++) {
    const x = t.features[i] as Feature;
    const from = t.seen[i] as number;
    if (from === x.groups.length) continue;
    for (let k = from; k < x.groups.length; k++) {
      const g = x.groups[k] as number;
      // a group known before gaining a peer (not expected): its class would change
      if (g < before) return false;
      added ??= new Map();
      const a = added.get(g);
      if (a) {
        a.h += x.weight;
        a.fs.push(i);
      } else added.set(g, { h: x.weight, fs: [i] });
    }
    t.seen[i] = x.groups.length;
  }
  if (!added) return true;
  const { rep, byHash, exact } = indexOf(t);
  if (!exact) return false;
  const news = [...added.keys()].sort((a, b) => a - b);
  const n = t.groups.length;
  // appended in place when the buffers have room (the views grow), else into larger ones
  let { gbuf, cbuf, dense } = t;
  if (gbuf.length < n + news.length) {
    const cap = Math.max(n + news.length, Math.ceil(n * 1.5) + 4);
    gbuf = new Int32Array(cap);
    gbuf.set(t.groups);
    if (!dense) {
      cbuf = new Int32Array(cap);
      cbuf.set(t.classes);
    }
  }
  const last = news[news.length - 1] as number;
  if (dense && last >= dense.length) {
    const grown = new Int32Array(Math.max(last + 1, Math.ceil(dense.length * 1.5)));
    grown.set(dense);
    dense = grown;
  }
  news.forEach((g, k) => {
    const a = added.get(g) as { h: number; fs: number[] };
    let c = byHash.get(a.h);
    if (c === undefined) {
      c = t.next++;
      t.hash[c] = a.h;
      t.count[c] = a.fs.length;
      rep[c] = g;
      byHash.set(a.h, c);
    }
    gbuf[n + k] = g;
    if (dense) dense[g] = c;
    else cbuf[n + k] = c;
  });
  // a class found by its sum: its peers must be the new group's (else two sets share a sum)
  for (const g of news) {
    const a = added.get(g) as { h: number; fs: number[] };
    const c = byHash.get(a.h) as number;
    const r = rep[c] as number;
    if (r !== g && (t.count[c] !== a.fs.length || !a.fs.every((i) => (t.features[i] as Feature).has.has(r))))
      return false;
  }
  t.gbuf = gbuf;
  t.cbuf = cbuf;
  t.dense = dense;
  t.groups = gbuf.subarray(0, n + news.length);
  t.classes = dense ? NO_CLASSES : cbuf.subarray(0, n + news.length);
  if (t.next > t.span) t.span = spanFor(t.next);
  return true;
}
