import { partNumbering, resultNumbering, tierKey } from './classes/compact';
import { AllowedReader } from './diff-reader';
import type { CompactFactor, CompactTables, NetworkVerdicts } from './classes';
import { directionAllowed, type DirectionResult } from './evaluate';
import { TableRows, missingOf } from './diff-rows';
import type { SetNumbers } from './diff-sets';

/**
 * One network of one side of a diff: its direction rows read lazily from its class tables
 * (`TableRows`), and each result's allowed set numbered across both sides (`canonOf`: equal
 * numbers, equal sets).
 */
export class SideRows {
  readonly rows: TableRows;
  readonly tables: CompactTables;
  readonly reader: AllowedReader;
  private canon = new Int32Array(1024).fill(-1);
  /** set once the analyzer has moved on (see `seal`) */
  private sealed = false;
  /** whether a class missing from the tables was asked for after `seal` */
  stale = false;

  constructor(
    v: NetworkVerdicts,
    private readonly sets: SetNumbers,
  ) {
    v.prepareAll();
    const { results, idOf } = resultNumbering();
    const { parts, idOf: partOf } = partNumbering();
    const t = v.compact(idOf, partOf);
    // the member tables are the analyzer's own arrays: an incremental analysis of the other
    // side may patch them in place, and this side's rows are read after it
    const own: CompactTables = {
      ...t,
      groupOf: t.groupOf.slice(),
      slotOf: t.slotOf.slice(),
      atomOf: t.atomOf.slice(),
      npOf: t.npOf.slice(),
    };
    this.tables = own;
    const reader = new AllowedReader(own, results, parts, sets); // (the diff reads allowed sets only)
    this.reader = reader;
    const missing = missingOf(v, reader);
    this.rows = new TableRows(reader, v.members.length, (...args) => {
      if (!this.sealed) return missing(...args);
      this.stale = true;
      return 0;
    });
  }

  /**
   * The analyzer that made these tables analyses something else now: the engine can no longer
   * answer for this side. The tables hold every class (`prepareAll`), so it is never asked; if
   * it were, `stale` tells the diff to start again with an analyzer per side.
   */
  seal(): void {
    this.sealed = true;
  }

  get results(): readonly DirectionResult[] {
    return this.rows.reader.results;
  }

  /** The number of result `r`'s allowed set. */
  canonOf(r: number): number {
    if (r >= this.canon.length) {
      const grown = new Int32Array(Math.max(r + 1, 2 * this.canon.length)).fill(-1);
      grown.set(this.canon);
      this.canon = grown;
    }
    let c = this.canon[r] as number;
    if (c < 0) this.canon[r] = c = this.sets.numberOf(directionAllowed(this.results[r] as DirectionResult));
    return c;
  }

  /** reads of each row not built yet (see `at`) */
  private reads = new Int32Array(0);
  /** rows built because they were read at many members (`at`), not to compare them whole */
  builtForReads = 0;

  /**
   * The allowed-set number of row `row` at member `m` (row -1: not isolated). A row read at
   * more than a quarter of the members is built: a read of a built row is an array read, one
   * of a row not built computes the member's classes (so reading a row costs at most about
   * twice what building it would).
   */
  at(row: number, m: number): number {
    if (row >= 0 && !this.rows.built(row)) {
      if (row >= this.reads.length) {
        const grown = new Int32Array(Math.max(row + 1, this.rows.count));
        grown.set(this.reads);
        this.reads = grown;
      }
      const r = (this.reads[row] as number) + 1;
      this.reads[row] = r;
      if (r > this.rows.n >> 2) {
        const builds = this.rows.builds;
        this.rows.row(row);
        this.builtForReads += this.rows.builds - builds; // (a tier's parts included)
      }
    }
    return this.canonOf(this.rows.value(row, m));
  }

  /**
   * The allowed-set numbers by result, sized for every result read so far; -1 where not yet
   * numbered (then `canonOf`, which writes here). Valid until more results are read.
   */
  canonTable(): Int32Array {
    const n = this.results.length;
    if (n > 0) this.canonOf(n - 1);
    return this.canon;
  }

  /** Whether member `m` here and member `o` of `other` fall in the same classes of every factor alike. */
  sameCell(m: number, other: SideRows, o: number): boolean {
    const t = this.tables;
    const u = other.tables;
    return (
      t.groupOf[m] === u.groupOf[o] &&
      t.slotOf[m] === u.slotOf[o] &&
      t.atomOf[m] === u.atomOf[o] &&
      t.npOf[m] === u.npOf[o] &&
      t.kindOf[m] === u.kindOf[o] &&
      t.nsKindOf[m] === u.nsKindOf[o]
    );
  }
}

/** Alike where both have a value. */
const samePrefix = (x: ArrayLike<number>, y: ArrayLike<number>): boolean => {
  for (let k = Math.min(x.length, y.length) - 1; k >= 0; k--) if (x[k] !== y[k]) return false;
  return true;
};

/** Alike with 0 past either's end. */
const sameRead = (x: ArrayLike<number>, y: ArrayLike<number>): boolean => {
  for (let k = Math.max(x.length, y.length) - 1; k >= 0; k--) if ((x[k] ?? 0) !== (y[k] ?? 0)) return false;
  return true;
};

const sameArray = (x: ArrayLike<number>, y: ArrayLike<number>): boolean => {
  if (x === y) return true;
  if (x.length !== y.length) return false;
  for (let k = 0; k < x.length; k++) if (x[k] !== y[k]) return false;
  return true;
};

/**
 * Whether row `rb` of side `b` and row `ra` of side `a` allow the same for every member whose
 * cell is the same on both sides (`SideRows.sameCell`): their factors map cells to classes alike
 * and hold per class the very same result objects (an analyzer shared by both sides keeps the
 * objects of what an edit did not touch) or results allowing the same (tables built afresh,
 * e.g. after a namespace's labels changed). False may still be equal rows: they are compared.
 */
export function rowMatcher(b: SideRows, a: SideRows): (rb: number, ra: number) => boolean {
  const span = a.tables.factors.length + 1;
  const memo = new Map<number, boolean>();
  const same = (fb: number, fa: number): boolean => {
    if (fb < 0 || fa < 0) return fb === fa;
    const key = fb * span + fa;
    let r = memo.get(key);
    if (r === undefined) memo.set(key, (r = sameFactor(fb, fa)));
    return r;
  };
  const sameFactor = (fb: number, fa: number): boolean => {
    const x = b.tables.factors[fb] as CompactFactor;
    const y = a.tables.factors[fa] as CompactFactor;
    if (x.tier !== y.tier || x.usesNamed !== y.usesNamed || !x.tiers !== !y.tiers) return false;
    if (x.tiers && y.tiers)
      return (
        tierKey(x.tiers.meta) === tierKey(y.tiers.meta) &&
        same(x.tiers.admin, y.tiers.admin) &&
        same(x.tiers.np, y.tiers.np) &&
        same(x.tiers.baseline, y.tiers.baseline)
      );
    if (x.nsSpan !== y.nsSpan || x.selSpan !== y.selSpan) return false;
    // (kinds and namespace kinds past an array's end read 0; every atom of a side has its ip
    // class, and an atom of a member whose cell did not move is on both sides)
    if (!sameArray(x.sel, y.sel) || !sameRead(x.kinds, y.kinds) || !samePrefix(x.ip, y.ip)) return false;
    if (!sameArray(x.ns, y.ns) || !sameRead(x.nsKinds, y.nsKinds) || !sameArray(x.keys, y.keys)) return false;
    // values number results (a tier's factor: parts) per side: alike where they are the same
    // objects or allow the same (parts: where what a combination reads of them is the same,
    // `AllowedReader`), so fresh tables of an unchanged factor are alike too
    const rb = b.rows.reader;
    const ra = a.rows.reader;
    const whole = x.tier === 'whole';
    const [vb, va] = (whole ? [rb.results, ra.results] : [rb.parts, ra.parts]) as [
      readonly object[],
      readonly object[],
    ];
    for (let k = 0; k < x.values.length; k++) {
      const p = x.values[k] as number;
      const q = y.values[k] as number;
      if (vb[p] === va[q]) continue;
      if (whole ? b.canonOf(p) !== a.canonOf(q) : b.reader.partNumber(p) !== a.reader.partNumber(q))
        return false;
    }
    return true;
  };
  return (rb, ra) => {
    if (rb < 0 || ra < 0) return rb === ra;
    const x = b.rows.spec(rb);
    const y = a.rows.spec(ra);
    return x.egress === y.egress && x.k === y.k && same(x.fi, y.fi);
  };
}
