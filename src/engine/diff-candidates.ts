import { Cells } from './diff-cells';
import type { SideRows } from './diff-side';

/** One side of a diff on one network key, per endpoint id of the key (see `diffModels`). */
export interface Ends {
  /** member index; -1 not on the network, -2 several members */
  readonly idx: Int32Array;
  readonly ext: Uint8Array;
  readonly onKey: Uint8Array;
  readonly rows: SideRows | undefined;
}

/**
 * Calls `visit(f, t)` once for every ordered pair of endpoint ids (f !== t, indices into the
 * key's ids) whose verdict can differ between the sides `b` and `a`, and for none other.
 * A pair's verdict is its source's egress result intersected with its destination's ingress
 * result (R4.1); where both are unchanged, so is the verdict. So sources are grouped by their
 * pair of egress rows (before, after) and each group's row pair is compared once over every
 * destination; destinations likewise by ingress rows. Row pairs `same` says are alike (an edit
 * did not touch their factors) are compared only at the endpoints whose classes moved (`sameCell`),
 * and are never built; other row pairs are compared by cells of endpoints alike (`Cells`, unless
 * `byCells` is false) where those are few, else built and compared endpoint by endpoint.
 * Endpoints whose presence, kind or attachment differs, or that have several members, are
 * compared with everyone. Returns how many row pairs were compared by cells.
 */
export function eachCandidate(
  b: Ends,
  a: Ends,
  n: number,
  same: (rb: number, ra: number) => boolean,
  visit: (f: number, t: number) => void,
  byCells = true,
): number {
  const stable = new Uint8Array(n);
  const others: number[] = [];
  const steady: number[] = [];
  for (let f = 0; f < n; f++) {
    const ib = b.idx[f] as number;
    const ia = a.idx[f] as number;
    if (ib >= 0 && ia >= 0 && b.ext[f] === a.ext[f] && b.onKey[f] === a.onKey[f]) {
      stable[f] = 1;
      steady.push(f);
    } else others.push(f);
  }
  const span = (a.rows?.rows.count ?? 0) + 1;
  // the steady endpoints' members on each side, and those whose classes moved between the sides
  const mb = Int32Array.from(steady, (f) => b.idx[f] as number);
  const ma = Int32Array.from(steady, (f) => a.idx[f] as number);
  const sb = b.rows as SideRows;
  const sa = a.rows as SideRows;
  const moved: number[] = [];
  for (let k = 0; k < steady.length; k++)
    if (!sb.sameCell(mb[k] as number, sa, ma[k] as number)) moved.push(k);
  const cells = steady.length && byCells ? new Cells(sb, sa, mb, ma) : undefined;
  /** row pairs compared by cells */
  let celled = 0;
  /** each side's "not isolated" row */
  const zb = new Int32Array(b.rows?.rows.n ?? 0);
  const za = new Int32Array(a.rows?.rows.n ?? 0);
  /** endpoints grouped by (before row, after row) of one direction */
  const groupBy = (rowOf: (s: SideRows, m: number) => number) => {
    const ids = new Map<number, number>();
    const group = new Int32Array(n).fill(-1);
    const rows: [number, number][] = [];
    const members: number[][] = [];
    for (const f of steady) {
      const rb = rowOf(sb, b.idx[f] as number);
      const ra = rowOf(sa, a.idx[f] as number);
      const g = ids.size;
      const k = (rb + 1) * span + (ra + 1);
      const id = ids.get(k) ?? g;
      if (id === g) {
        ids.set(k, g);
        rows.push([rb, ra]);
        members.push([]);
      }
      group[f] = id;
      (members[id] as number[]).push(f);
    }
    /** per group, the endpoints at the other end whose result differs (the hot loop: typed arrays) */
    const changed = rows.map(([rb, ra]) => {
      const out: number[] = [];
      // alike rows: only the moved endpoints can differ (read one by one while they are few)
      if (same(rb, ra) && moved.length * 4 <= steady.length) {
        for (const k of moved)
          if (sb.at(rb, mb[k] as number) !== sa.at(ra, ma[k] as number)) out.push(steady[k] as number);
        return out;
      }
      // else by cells of endpoints alike on both sides, where they are few
      if (cells?.changed(rb, ra, (k) => out.push(steady[k] as number))) {
        celled++;
        return out;
      }
      const xb = rb < 0 ? zb : sb.rows.row(rb);
      const xa = ra < 0 ? za : sa.rows.row(ra);
      const cb = sb.canonTable();
      const ca = sa.canonTable();
      for (let k = 0; k < mb.length; k++) {
        const vb = xb[mb[k] as number] as number;
        const va = xa[ma[k] as number] as number;
        let x = cb[vb] as number;
        let y = ca[va] as number;
        if (x < 0) x = sb.canonOf(vb);
        if (y < 0) y = sa.canonOf(va);
        if (x !== y) out.push(steady[k] as number);
      }
      return out;
    });
    return { group, members, changed };
  };
  const egress = groupBy((s, m) => s.rows.egressRow[m] as number);
  const ingress = groupBy((s, m) => s.rows.ingressRow[m] as number);
  // destination groups with a changed ingress result, as a set of sources each
  const inChanged = ingress.changed.flatMap((sources, g) => {
    if (!sources.length) return [];
    const bits = new Uint8Array(n);
    for (const f of sources) bits[f] = 1;
    return [{ bits, dests: ingress.members[g] as number[] }];
  });
  const stamp = new Int32Array(n).fill(-1);
  for (let f = 0; f < n; f++) {
    const each = (t: number): void => {
      if (t === f || stamp[t] === f) return;
      stamp[t] = f;
      visit(f, t);
    };
    if (!stable[f]) {
      for (let t = 0; t < n; t++) each(t);
      continue;
    }
    for (const t of others) each(t);
    for (const t of egress.changed[egress.group[f] as number] as number[]) each(t);
    for (const g of inChanged) if (g.bits[f]) for (const t of g.dests) each(t);
  }
  return celled;
}
