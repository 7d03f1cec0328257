import type { CompactFactor, CompactTables } from './classes';
import type { SideRows } from './diff-side';

/** What a row's values read of a member (see `Cells`). */
interface Reads {
  /** label groups and namespace slots its factors list a class for (members there are read one by one) */
  readonly groups: readonly number[];
  readonly slots: readonly number[];
  /**
   * kind, namespace kind (+1) and CIDR atom → its classes in every tier's part, as one dense
   * number each; `spans` bound them (kind, namespace kind, atom)
   */
  readonly kinds: Int32Array;
  readonly nsKinds: Int32Array;
  readonly atoms: Int32Array;
  readonly spans: readonly [number, number, number];
  /** whether its values depend on the member's named ports (egress rows of factors naming ports) */
  readonly named: boolean;
}

/** Steady endpoints (by index k) grouped by a key, as offsets into one list (CSR). */
interface Index {
  readonly start: Int32Array;
  readonly list: Int32Array;
}

/** Cells of steady endpoints alike in kinds, and in atoms and named ports where asked. */
interface Partition extends Index {
  readonly count: number;
  /** per cell (read at its first member): kind, namespace kind and atom on either side, named-port pair */
  readonly at: Readonly<Record<'kindB' | 'kindA' | 'nsB' | 'nsA' | 'atomB' | 'atomA' | 'np', Int32Array>>;
}

function csr(keys: Int32Array, span: number): Index {
  const start = new Int32Array(span + 1);
  for (const x of keys) (start[x + 1] as number)++;
  for (let c = 0; c < span; c++) start[c + 1] = (start[c + 1] as number) + (start[c] as number);
  const at = start.slice(0, span);
  const list = new Int32Array(keys.length);
  keys.forEach((x, k) => (list[(at[x] as number)++] = k));
  return { start, list };
}

const spanOf = (xs: Int32Array): number => {
  let max = -1;
  for (const x of xs) if (x > max) max = x;
  return max + 1;
};

/** Numbers the tuples `of(k, 0..)` for k < n densely, one dimension at a time (keys < 2^53). */
function dense(n: number, dims: readonly ((k: number) => number)[]): Int32Array {
  const cell = new Int32Array(n);
  for (const of of dims) {
    const ids = new Map<number, number>();
    for (let k = 0; k < n; k++) {
      const key = (cell[k] as number) * 2 ** 31 + of(k) + 1;
      let c = ids.get(key);
      if (c === undefined) ids.set(key, (c = ids.size));
      cell[k] = c;
    }
  }
  return cell;
}

let scratch = new Int32Array(1024).fill(-1);

/**
 * For x < n, the tuple of each part's `of(part, x)` (≥ -1, small), numbered densely in order of
 * first appearance: a typed-array renumbering while the tuples' mixed-radix span is small (this
 * runs for every row of both sides), else a map.
 */
function tuples<P>(n: number, parts: readonly P[], of: (p: P, x: number) => number): Int32Array {
  const out = new Int32Array(n);
  if (!parts.length) return out;
  let span = 1;
  for (const p of parts) {
    let max = -1;
    for (let x = 0; x < n; x++) max = Math.max(max, of(p, x));
    for (let x = 0; x < n; x++) out[x] = (out[x] as number) * (max + 2) + of(p, x) + 1;
    span *= max + 2;
    if (span > 2 ** 40) break;
  }
  if (span > 2 ** 40)
    return dense(
      n,
      parts.map((p) => (x: number) => of(p, x)),
    );
  if (span > 1 << 20) return dense(n, [(x) => out[x] as number]);
  if (scratch.length < span) scratch = new Int32Array(span).fill(-1);
  const keys = out.slice();
  let next = 0;
  for (let x = 0; x < n; x++) {
    const v = keys[x] as number;
    let id = scratch[v] as number;
    if (id < 0) scratch[v] = id = next++;
    out[x] = id;
  }
  for (const v of keys) scratch[v] = -1;
  return out;
}

/** A small memo of per-pair answers by cell key: typed while the keys are few. */
const MEMO = 1 << 16;

/**
 * The endpoints at the other end whose value differs between a row of BEFORE and a row of
 * AFTER, found by cells instead of by building both rows. A row's value for a member
 * (`TableRows.value`) reads the member's CIDR atom, namespace slot, label group, kind, namespace
 * kind and named ports; outside the groups and slots its factors list, only the kinds, the
 * atom's ipBlock class and the named ports count. So the steady members alike in those on both
 * sides take one value per side, read at one of them; members of listed groups and slots are
 * read one by one. At 5,000 endpoints a row pair so costs a few hundred reads, not two rows of
 * 5,000, where kinds were numbered afresh or a namespace relabelled (every class table rebuilt,
 * so no row pair is known alike). Exact: it reads the rows' own values and assumes nothing of
 * the edit.
 */
export class Cells {
  private readonly parts = new Map<number, Partition>();
  private readonly reads: [Map<number, Reads>, Map<number, Reads>] = [new Map(), new Map()];
  private readonly byGroup: [Index, Index];
  private readonly bySlot: [Index, Index];
  /** per steady endpoint: the last pair that read it one by one */
  private readonly mark: Int32Array;
  private pair = 0;
  /** per cell key: 0 unknown, 1 alike, 2 different (entries of the current pair, then cleared) */
  private readonly memo = new Uint8Array(MEMO);
  private readonly big = new Map<number, number>();

  constructor(
    private readonly sb: SideRows,
    private readonly sa: SideRows,
    /** each steady endpoint's member on either side */
    private readonly mb: Int32Array,
    private readonly ma: Int32Array,
  ) {
    const of = (m: Int32Array, xs: Int32Array) => Int32Array.from(m, (x) => xs[x] as number);
    const index = (keys: Int32Array) => csr(keys, spanOf(keys));
    this.byGroup = [index(of(mb, sb.tables.groupOf)), index(of(ma, sa.tables.groupOf))];
    this.bySlot = [index(of(mb, sb.tables.slotOf)), index(of(ma, sa.tables.slotOf))];
    this.mark = new Int32Array(mb.length).fill(-1);
    const spans = (t: CompactTables) => [spanOf(t.kindOf), spanOf(t.nsKindOf) + 1, spanOf(t.atomOf)] as const;
    this.domains = [spans(sb.tables), spans(sa.tables)];
  }

  /** per side: how many kinds, namespace kinds (+1) and atoms its members have */
  private readonly domains: [readonly [number, number, number], readonly [number, number, number]];

  private kindCells?: Int32Array;
  private npPairs?: Int32Array;

  /** Steady endpoints grouped by kinds and namespace kinds, and by atoms and named ports if asked. */
  private partition(atoms: boolean, named: boolean): Partition {
    const id = (atoms ? 1 : 0) + (named ? 2 : 0);
    let p = this.parts.get(id);
    if (p) return p;
    const { mb, ma } = this;
    const tb = this.sb.tables;
    const ta = this.sa.tables;
    const n = mb.length;
    const on = (m: Int32Array, x: Int32Array) => (k: number) => x[m[k] as number] as number;
    const kindB = on(mb, tb.kindOf);
    const kindA = on(ma, ta.kindOf);
    const nsB = on(mb, tb.nsKindOf);
    const nsA = on(ma, ta.nsKindOf);
    const atomB = on(mb, tb.atomOf);
    const atomA = on(ma, ta.atomOf);
    const kind = (this.kindCells ??= dense(n, [kindB, kindA, nsB, nsA]));
    const np = (this.npPairs ??= dense(n, [on(mb, tb.npOf), on(ma, ta.npOf)]));
    const dims = [(k: number) => kind[k] as number];
    if (atoms) dims.push(atomB, atomA);
    if (named) dims.push((k) => np[k] as number);
    const cell = dims.length === 1 ? kind : dense(n, dims);
    const count = spanOf(cell);
    const { start, list } = csr(cell, count);
    const first = (of: (k: number) => number) =>
      Int32Array.from({ length: count }, (_, c) => of(list[start[c] as number] as number));
    const at = {
      kindB: first(kindB),
      kindA: first(kindA),
      nsB: first(nsB),
      nsA: first(nsA),
      atomB: first(atomB),
      atomA: first(atomA),
      np: first((k) => np[k] as number),
    };
    this.parts.set(id, (p = { count, start, list, at }));
    return p;
  }

  /** What row `row` of a side reads (`side` 0: BEFORE), its tiers' parts included. */
  private readsOf(side: 0 | 1, row: number): Reads {
    const s = side === 0 ? this.sb : this.sa;
    const t = s.tables;
    const { fi, egress } = row < 0 ? { fi: -1, egress: false } : s.rows.spec(row);
    const memo = this.reads[side];
    const key = fi * 2 + (egress ? 0 : 1);
    let r = memo.get(key);
    if (r) return r;
    const f = t.factors[fi];
    const plain = !f
      ? []
      : f.tiers
        ? [f.tiers.admin, f.tiers.np, f.tiers.baseline].filter((x) => x >= 0)
        : [fi];
    const parts = plain.map((x) => t.factors[x] as CompactFactor);
    const groups: number[] = [];
    const slots: number[] = [];
    for (const p of parts) {
      for (let k = 0; k < p.sel.length; k += 2) groups.push(p.sel[k] as number);
      for (let k = 0; k < p.ns.length; k += 2) slots.push(p.ns[k] as number);
    }
    // each part's class of a kind, namespace kind and atom, as `TableRows.value` reads them
    const [kindSpan, nsSpan, atomSpan] = this.domains[side];
    const kinds = tuples(kindSpan, parts, (p, x) => p.kinds[x] ?? 0);
    const nsKinds = tuples(nsSpan, parts, (p, x) => p.nsKinds[x - 1] ?? 0);
    const atoms = tuples(atomSpan, parts, (p, x) => p.ip[x] ?? -1);
    const named = egress && (f?.usesNamed || parts.some((p) => p.usesNamed)) === true;
    const spans = [spanOf(kinds), spanOf(nsKinds), spanOf(atoms)] as const;
    memo.set(key, (r = { groups, slots, kinds, nsKinds, atoms, spans, named }));
    return r;
  }

  /**
   * Calls `push(k)` for each steady endpoint k where row `rb` of BEFORE and row `ra` of AFTER
   * hold different allowed sets, each once; false (and no call) when reading by cells would
   * cost about as much as comparing the whole rows.
   */
  changed(rb: number, ra: number, push: (k: number) => void): boolean {
    const n = this.mb.length;
    const xb = this.readsOf(0, rb);
    const xa = this.readsOf(1, ra);
    const atoms = xb.spans[2] > 1 || xa.spans[2] > 1;
    const cells = this.partition(atoms, xb.named || xa.named);
    let listed = 0;
    const count = (ix: Index, keys: readonly number[]) => {
      for (const g of keys)
        if (g + 1 < ix.start.length) listed += (ix.start[g + 1] as number) - (ix.start[g] as number);
    };
    count(this.byGroup[0], xb.groups);
    count(this.bySlot[0], xb.slots);
    count(this.byGroup[1], xa.groups);
    count(this.bySlot[1], xa.slots);
    if (cells.count + listed > n / 2) return false;
    const [kb, nb, ab] = xb.spans;
    const [ka, na, aa] = xa.spans;
    const npSpan = xb.named || xa.named ? spanOf(cells.at.np) : 1;
    const span = kb * nb * ab * ka * na * aa * npSpan;
    if (span > 2 ** 52) return false; // (cell keys would lose precision: never seen)
    const { sb, sa, mb, ma, mark, memo, big } = this;
    const pair = this.pair++;
    const differs = (k: number) => sb.at(rb, mb[k] as number) !== sa.at(ra, ma[k] as number);
    // members of listed groups and slots: one by one
    const each = (ix: Index, keys: readonly number[]) => {
      for (const g of keys) {
        if (g + 1 >= ix.start.length) continue;
        for (let i = ix.start[g] as number; i < (ix.start[g + 1] as number); i++) {
          const k = ix.list[i] as number;
          if (mark[k] === pair) continue;
          mark[k] = pair;
          if (differs(k)) push(k);
        }
      }
    };
    each(this.byGroup[0], xb.groups);
    each(this.bySlot[0], xb.slots);
    each(this.byGroup[1], xa.groups);
    each(this.bySlot[1], xa.slots);
    // the others: cells whose kinds, namespace kinds and atoms fall in the same classes of the
    // rows' factors on both sides, and alike in named ports where the rows read them, take one
    // answer, read at one of their members
    const small = span <= MEMO;
    const touched: number[] = [];
    const { start, list, at } = cells;
    for (let c = 0; c < cells.count; c++) {
      const end = start[c + 1] as number;
      let i = start[c] as number;
      while (i < end && mark[list[i] as number] === pair) i++;
      if (i === end) continue;
      let key = xb.kinds[at.kindB[c] as number] as number;
      key = key * nb + (xb.nsKinds[(at.nsB[c] as number) + 1] as number);
      key = key * ab + (xb.atoms[at.atomB[c] as number] as number);
      key = key * ka + (xa.kinds[at.kindA[c] as number] as number);
      key = key * na + (xa.nsKinds[(at.nsA[c] as number) + 1] as number);
      key = key * aa + (xa.atoms[at.atomA[c] as number] as number);
      key = key * npSpan + (npSpan > 1 ? (at.np[c] as number) : 0);
      let d = small ? (memo[key] as number) : (big.get(key) ?? 0);
      if (d === 0) {
        d = differs(list[i] as number) ? 2 : 1;
        if (small) {
          memo[key] = d;
          touched.push(key);
        } else big.set(key, d);
      }
      if (d === 2) for (; i < end; i++) if (mark[list[i] as number] !== pair) push(list[i] as number);
    }
    for (const key of touched) memo[key] = 0;
    big.clear();
    return true;
  }
}
