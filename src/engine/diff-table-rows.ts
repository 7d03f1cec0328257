import { CompactReader, NP, classKey, nsClassOf, tierKey } from './classes/compact';
import type { CompactFactor, CompactTiers } from './classes';

const MEMO = 1 << 16;

/** What a row is read from: a factor, its direction and the named-port signature it resolves on. */
interface RowSpec {
  readonly fi: number;
  readonly egress: boolean;
  /** the subject's named-port signature (ingress rows of factors naming ports), else 0 */
  readonly k: number;
}

/** Asks the engine for a class a factor without tiers has no result for (see `TableRows`). */
export type Missing = (egress: boolean, factor: number, named: number | undefined, member: number) => number;

/**
 * The direction rows of `rowsFromTables` read from the compact class tables, a row at a time:
 * every member's egress and ingress row is numbered up front (cheap), but a row's values
 * (one per member) are only read when asked for: `value` reads one member's cell, `row` builds
 * the whole row (kept). A diff builds only the rows of factors that differ between its sides.
 */
export class TableRows {
  readonly egressRow: Int32Array;
  readonly ingressRow: Int32Array;
  private readonly specs: RowSpec[] = [];
  private readonly kept: (Int32Array | undefined)[] = [];
  /** label group → selector class of the factor being read (reset after each row) */
  private readonly selOf: Int32Array;
  /** named-port signature → its rank among the members' signatures */
  private readonly npRank = new Int32Array(NP);
  private readonly nps: number;
  /** class key → result of the row being built, for small class spaces (reset after each row) */
  private readonly memo = new Int32Array(MEMO).fill(-1);
  /** rows of the tiers' factors in their own numbering, shared by the factors holding them */
  private readonly partRows = new Map<number, RankedRow>();
  private readonly sels: (Map<number, number> | undefined)[] = [];
  /** rows built so far (parts of tiers included): what a lazy reader spared shows here */
  builds = 0;

  /**
   * `missing` answers for a class a factor without tiers has no result for (default: 0, not
   * isolated, as the reader reads it).
   */
  constructor(
    readonly reader: CompactReader,
    readonly n: number,
    private readonly missing: Missing = () => 0,
  ) {
    const t = reader.tables;
    let groups = 0;
    for (const g of t.groupOf) if (g >= groups) groups = g + 1;
    this.selOf = new Int32Array(groups);
    let nps = 0;
    for (const np of new Set(t.npOf)) this.npRank[np] = nps++;
    this.nps = nps;
    /** row by factor and direction, for rows on signature 0 (most), and by key for the others */
    const plainIds = new Int32Array(2 * t.factors.length).fill(-1);
    const namedIds = new Map<number, number>();
    /** rows of factors with tiers, by what they are made of (factors alike share them) */
    const combinedIds = new Map<string, number>();
    const rowOf = (fi: number, egress: boolean, np: number): number => {
      if (fi < 0) return -1;
      const f = t.factors[fi] as CompactFactor;
      const k = egress || !f.usesNamed ? 0 : np;
      const at = fi * 2 + (egress ? 0 : 1);
      let row = k === 0 ? (plainIds[at] as number) : (namedIds.get(at * NP + k) ?? -1);
      if (row >= 0) return row;
      if (f.tiers) {
        const { admin, np: npf, baseline, meta } = f.tiers;
        const key = `${admin},${npf},${baseline},${egress ? 'e' : 'i'}${k}|${tierKey(meta)}`;
        row = combinedIds.get(key) ?? -1;
        if (row < 0) combinedIds.set(key, (row = this.specs.length));
      } else row = this.specs.length;
      if (row === this.specs.length) this.specs.push({ fi, egress, k });
      if (k === 0) plainIds[at] = row;
      else namedIds.set(at * NP + k, row);
      return row;
    };
    // (loops: Int32Array.from with a function iterates slowly)
    const n0 = t.egressOf.length;
    this.egressRow = new Int32Array(n0);
    this.ingressRow = new Int32Array(n0);
    for (let m = 0; m < n0; m++) this.egressRow[m] = rowOf(t.egressOf[m] as number, true, 0);
    for (let m = 0; m < n0; m++)
      this.ingressRow[m] = rowOf(t.ingressOf[m] as number, false, t.npOf[m] as number);
  }

  get count(): number {
    return this.specs.length;
  }

  spec(row: number): RowSpec {
    return this.specs[row] as RowSpec;
  }

  /** Whether row `row` is built (kept). */
  built(row: number): boolean {
    return this.kept[row] !== undefined;
  }

  /** Row `row` (indices into `reader.results`, by member), built on first use. */
  row(row: number): Int32Array {
    let r = this.kept[row];
    if (!r) {
      const { fi, egress, k } = this.spec(row);
      const f = this.reader.tables.factors[fi] as CompactFactor;
      this.kept[row] = r = f.tiers ? this.combinedRow(fi, f.tiers, egress, k) : this.build(fi, egress, k);
    }
    return r;
  }

  /** Row `row`'s value at member `m` (what `row(row)[m]` holds), without building the row. */
  value(row: number, m: number): number {
    if (row < 0) return 0;
    const kept = this.kept[row];
    if (kept) return kept[m] as number;
    const { fi, egress, k } = this.spec(row);
    const tiers = (this.reader.tables.factors[fi] as CompactFactor).tiers;
    if (!tiers) return this.plain(fi, egress, k, m);
    const a = this.part(tiers.admin, egress, k, m);
    const l = this.part(tiers.np >= 0 ? tiers.np : tiers.baseline, egress, k, m);
    return this.reader.combinedOf(fi, a, tiers.np >= 0 ? l : -1 - l);
  }

  /** A tier's part `x` (-1: none) for member `m` (a method, not a closure: `value` is hot). */
  private part(x: number, egress: boolean, k: number, m: number): number {
    if (x < 0) return 0;
    const named = (this.reader.tables.factors[x] as CompactFactor).usesNamed;
    return this.plain(x, egress, egress || !named ? 0 : k, m);
  }

  /** Factor `fi`'s (without tiers) value for member `m`, as `build` reads it. */
  private plain(fi: number, egress: boolean, k: number, m: number): number {
    const t = this.reader.tables;
    const f = t.factors[fi] as CompactFactor;
    let sel = this.sels[fi];
    if (!sel) this.sels[fi] = sel = this.reader.selOf(fi);
    const cls = classKey(
      f.ip[t.atomOf[m] as number] as number,
      f.nsSpan,
      nsClassOf(f, t, m),
      f.selSpan,
      sel.get(t.groupOf[m] as number) || (f.kinds[t.kindOf[m] as number] ?? 0),
    );
    const np = f.usesNamed ? (egress ? (t.npOf[m] as number) : k) : 0;
    return this.result(fi, f, egress, f.usesNamed ? k : undefined, m, cls * NP + np);
  }

  private result(
    fi: number,
    f: CompactFactor,
    egress: boolean,
    named: number | undefined,
    m: number,
    key: number,
  ): number {
    const byKey = this.reader.valuesOf(fi);
    let r = byKey.get(key);
    if (r === undefined) {
      // (a tier's factor: 0 is its part that decides nothing)
      r = f.tier === 'whole' ? this.missing(egress, fi, named, m) : 0;
      byKey.set(key, r);
    }
    return r;
  }

  private build(fi: number, egress: boolean, np: number): Int32Array {
    const { n, selOf, memo, npRank } = this;
    const t = this.reader.tables;
    const f = t.factors[fi] as CompactFactor;
    for (let k = 0; k < f.sel.length; k += 2) selOf[f.sel[k] as number] = f.sel[k + 1] as number;
    const row = new Int32Array(n);
    this.builds++;
    const named = f.usesNamed ? np : undefined;
    let ipSpan = 1;
    for (const c of f.ip) if (c >= ipSpan) ipSpan = c + 1;
    // one class key per member and a result per class (and named-port signature, for egress rows
    // of factors naming ports): with a small class space a typed-array memo spares the hash lookups
    const perNp = egress && f.usesNamed ? this.nps : 1;
    const small = ipSpan * f.nsSpan * f.selSpan * perNp <= MEMO;
    const touched: number[] = [];
    for (let m = 0; m < n; m++) {
      const cls = classKey(
        f.ip[t.atomOf[m] as number] as number,
        f.nsSpan,
        nsClassOf(f, t, m),
        f.selSpan,
        selOf[t.groupOf[m] as number] || (f.kinds[t.kindOf[m] as number] ?? 0),
      );
      const p = f.usesNamed ? (egress ? (t.npOf[m] as number) : (named as number)) : 0;
      if (!small) {
        row[m] = this.result(fi, f, egress, named, m, cls * NP + p);
        continue;
      }
      const at = perNp === 1 ? cls : cls * perNp + (npRank[p] as number);
      let r = memo[at] as number;
      if (r < 0) {
        memo[at] = r = this.result(fi, f, egress, named, m, cls * NP + p);
        touched.push(at);
      }
      row[m] = r;
    }
    for (const c of touched) memo[c] = -1;
    for (let k = 0; k < f.sel.length; k += 2) selOf[f.sel[k] as number] = 0;
    return row;
  }

  private partRow(fi: number, egress: boolean, np: number): RankedRow | undefined {
    if (fi < 0) return undefined;
    const k = egress || !(this.reader.tables.factors[fi] as CompactFactor).usesNamed ? 0 : np;
    const id = (fi * 2 + (egress ? 0 : 1)) * NP + k;
    let row = this.partRows.get(id);
    if (!row) this.partRows.set(id, (row = ranked(this.build(fi, egress, k))));
    return row;
  }

  /**
   * A factor with tiers: each member's result combined from its tiers' rows, once per distinct
   * pair of part values (a typed-array memo when the pairs are few); factors with the same
   * tiers and ties share the row.
   */
  private combinedRow(fi: number, tiers: CompactTiers, egress: boolean, np: number): Int32Array {
    const { n, memo, reader } = this;
    const admin = this.partRow(tiers.admin, egress, np);
    const lower = this.partRow(tiers.np >= 0 ? tiers.np : tiers.baseline, egress, np);
    const row = new Int32Array(n);
    this.builds++;
    // pairs of the part values' ranks index a typed memo (their global numbers would make it as
    // large as their product)
    const countL = lower ? lower.count : 1;
    const small = (admin ? admin.count : 1) * countL <= MEMO;
    const touched: number[] = [];
    for (let m = 0; m < n; m++) {
      const at = small
        ? (admin ? (admin.rank[m] as number) : 0) * countL + (lower ? (lower.rank[m] as number) : 0)
        : -1;
      let r = small ? (memo[at] as number) : -1;
      if (r < 0) {
        const a = admin ? (admin.row[m] as number) : 0;
        const l = lower ? (lower.row[m] as number) : 0;
        r = reader.combinedOf(fi, a, tiers.np >= 0 ? l : -1 - l);
        if (small) {
          memo[at] = r;
          touched.push(at);
        }
      }
      row[m] = r;
    }
    for (const c of touched) memo[c] = -1;
    return row;
  }
}

/** A part row with its values ranked: rank[m] is the rank of row[m] among the row's distinct values. */
interface RankedRow {
  readonly row: Int32Array;
  readonly rank: Int32Array;
  readonly count: number;
}
let rankOf = new Int32Array(0);
function ranked(row: Int32Array): RankedRow {
  let max = 0;
  for (const v of row) if (v > max) max = v;
  if (rankOf.length <= max) rankOf = new Int32Array(Math.max(max + 1, 2 * rankOf.length));
  const rank = new Int32Array(row.length);
  const seen: number[] = [];
  for (let m = 0; m < row.length; m++) {
    const v = row[m] as number;
    if (rankOf[v] === 0) {
      seen.push(v);
      rankOf[v] = seen.length;
    }
    rank[m] = (rankOf[v] as number) - 1;
  }
  for (const v of seen) rankOf[v] = 0;
  return { row, rank, count: seen.length };
}
