import type { DirectionRows } from './classes';

/** One side of a diff on one network key, per endpoint id of the key (see `diffModels`). */
export interface Ends {
  /** member index; -1 not on the network, -2 several members */
  readonly idx: Int32Array;
  readonly ext: Uint8Array;
  readonly onKey: Uint8Array;
  readonly rows: DirectionRows | undefined;
  /** result index → number of its allowed set (equal numbers on both sides: equal sets) */
  readonly canon: Int32Array | undefined;
}

/** Row `row` of a side (-1: not isolated, result 0 everywhere), indexed by member. */
function rowAt(s: Ends, row: number, zeros: Int32Array): Int32Array {
  return row < 0 ? zeros : ((s.rows as DirectionRows).rows[row] as Int32Array);
}

/**
 * Calls `visit(f, t)` once for every ordered pair of endpoint ids (f !== t, indices into the
 * key's ids) whose verdict can differ between the sides `b` and `a`, and for none other.
 * A pair's verdict is its source's egress result intersected with its destination's ingress
 * result (R4.1); where both are unchanged, so is the verdict. So sources are grouped by their
 * pair of egress rows (before, after) and each group's row pair is compared once over every
 * destination; destinations likewise by ingress rows. Endpoints whose presence, kind or
 * attachment differs, or that have several members, are compared with everyone.
 */
export function eachCandidate(b: Ends, a: Ends, n: number, visit: (f: number, t: number) => void): void {
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
  const span = (a.rows?.rows.length ?? 0) + 1;
  // the steady endpoints' members on each side, and each side's "not isolated" row
  const mb = Int32Array.from(steady, (f) => b.idx[f] as number);
  const ma = Int32Array.from(steady, (f) => a.idx[f] as number);
  const zb = new Int32Array(b.rows?.egressRow.length ?? 0);
  const za = new Int32Array(a.rows?.egressRow.length ?? 0);
  /** endpoints grouped by (before row, after row) of one direction */
  const groupBy = (rowOf: (s: Ends, m: number) => number) => {
    const ids = new Map<number, number>();
    const group = new Int32Array(n).fill(-1);
    const rows: [number, number][] = [];
    const members: number[][] = [];
    for (const f of steady) {
      const rb = rowOf(b, b.idx[f] as number);
      const ra = rowOf(a, a.idx[f] as number);
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
    const cb = b.canon as Int32Array;
    const ca = a.canon as Int32Array;
    const changed = rows.map(([rb, ra]) => {
      const xb = rowAt(b, rb, zb);
      const xa = rowAt(a, ra, za);
      const out: number[] = [];
      for (let k = 0; k < mb.length; k++)
        if (cb[xb[mb[k] as number] as number] !== ca[xa[ma[k] as number] as number])
          out.push(steady[k] as number);
      return out;
    });
    return { group, members, changed };
  };
  const egress = groupBy((s, m) => (s.rows as DirectionRows).egressRow[m] as number);
  const ingress = groupBy((s, m) => (s.rows as DirectionRows).ingressRow[m] as number);
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
}
