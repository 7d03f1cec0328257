import type { ClassCache } from './cache';
import type { Feature } from './features';
import type { NetState, SelTable } from './state';

/**
 * Selector classes (see `SelTable`): label groups alike on every selector peer of a set, one
 * table per set of selector peers on a network, shared by the factors that have them.
 */

const featureSize = (fs: readonly Feature[]): number => fs.reduce((s, x) => s + x.groups.length, 0);

/** The selector classes of a set of selector peers, rebuilt when one of them matches new groups. */
export function selTable(cache: ClassCache, st: NetState, fs: readonly Feature[]): SelTable {
  const key = fs.map((x) => x.key).join('\u0000');
  let t = st.selTables.get(key);
  const size = featureSize(fs);
  if (!t || t.size !== size) {
    // built on a dense scratch array (group → class), kept sparse
    if (work.length < cache.groups.length)
      work = new Int32Array(Math.max(cache.groups.length, 2 * work.length));
    const selOf = work;
    const groups: number[] = [];
    // per feature, each class it splits gets a new number (remap: old class → new, stamped)
    if (remap.length < size + 2) {
      remap = new Int32Array(2 * size + 2);
      stamp = new Int32Array(2 * size + 2);
      round = 0;
    }
    let next = 1;
    for (const x of fs) {
      round++;
      for (const g of x.groups) {
        const old = selOf[g] as number;
        if (old === 0) groups.push(g);
        if (stamp[old] !== round) {
          stamp[old] = round;
          remap[old] = next++;
        }
        selOf[g] = remap[old] as number;
      }
    }
    const sorted = Int32Array.from(groups).sort();
    const classes = Int32Array.from(sorted, (g) => selOf[g] as number);
    for (const g of sorted) selOf[g] = 0;
    st.selTables.set(key, (t = { groups: sorted, classes, span: next, size }));
  }
  return t;
}
let work = new Int32Array(0);
let remap = new Int32Array(0);
let stamp = new Int32Array(0);
let round = 0;

/** No selector peers: every group in class 0. */
export const NO_SEL: SelTable = { groups: new Int32Array(0), classes: new Int32Array(0), span: 1, size: 0 };

/** A label group's selector class (0: matched by none), by binary search: for single lookups. */
export function selClass(t: SelTable, g: number): number {
  const gs = t.groups;
  let lo = 0;
  let hi = gs.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const x = gs[mid] as number;
    if (x === g) return t.classes[mid] as number;
    if (x < g) lo = mid + 1;
    else hi = mid - 1;
  }
  return 0;
}

/**
 * For a pass over many groups: the table spread over a shared array (group → class, 0 past its
 * end). Call `unspread` with the same table when done (it leaves the array all zeros again).
 */
export function spread(t: SelTable): Int32Array {
  const last = t.groups.length ? (t.groups[t.groups.length - 1] as number) + 1 : 0;
  if (spreadOf.length < last) spreadOf = new Int32Array(Math.max(last, 2 * spreadOf.length));
  const gs = t.groups;
  for (let k = 0; k < gs.length; k++) spreadOf[gs[k] as number] = t.classes[k] as number;
  return spreadOf;
}
export function unspread(t: SelTable): void {
  for (const g of t.groups) spreadOf[g] = 0;
}
let spreadOf = new Int32Array(0);
