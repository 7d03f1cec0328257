import { CompactReader, NP, classKey, nsClassOf, readerOfVerdicts, tierKey } from './classes/compact';
import type { CompactFactor, CompactTiers, DirectionRows, NetworkVerdicts } from './classes';

const MEMO = 1 << 16;

/**
 * `NetworkVerdicts.directionRows()` read from the compact class tables (`prepareAll` first):
 * per member a few typed-array reads instead of a result lookup through the factor, so a scan
 * over every row of a 5,000-endpoint network costs tens of milliseconds, not seconds. Every
 * cell names the same result object as `directionRows` (a test checks it); the numbering differs.
 * Where cluster tiers decide, the result is combined here (`allowedOnly`: only what it allows).
 */
export function rowsFromTables(v: NetworkVerdicts, o: { allowedOnly?: boolean } = {}): DirectionRows {
  v.prepareAll();
  const reader = readerOfVerdicts(v, o.allowedOnly);
  const t = reader.tables;
  /** a subject of the row's factor (and named-port signature): what a missing result is asked of */
  const subjectOf = (of: Int32Array, fi: number, np: number | undefined): number =>
    of.findIndex((x, s) => x === fi && (np === undefined || t.npOf[s] === np));
  // not in the tables (prepareAll fills them; this keeps the rows right if it ever does not)
  const rows = tableRows(reader, v.members.length, (egress, fi, named, m) => {
    const s = egress ? subjectOf(t.egressOf, fi, undefined) : subjectOf(t.ingressOf, fi, named);
    return reader.add(egress ? v.egress(s, m) : v.ingress(m, s));
  });
  return { ...rows, results: reader.results };
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

/**
 * The direction rows of `n` members from their class tables, as indices into `reader.results`
 * (a factor with cluster policies combines its tiers' parts once per class); `missing` answers
 * for a class a factor without tiers has no result for (default: 0, not isolated, as the reader
 * reads it). `named`: the row's named-port signature (ingress rows of factors naming ports).
 */
export function tableRows(
  reader: CompactReader,
  n: number,
  missing: (egress: boolean, factor: number, named: number | undefined, member: number) => number = () => 0,
): Omit<DirectionRows, 'results'> {
  const t = reader.tables;
  let groups = 0;
  for (const g of t.groupOf) if (g >= groups) groups = g + 1;
  /** label group → selector class of the factor being read (reset after each row) */
  const selOf = new Int32Array(groups);
  const rows: Int32Array[] = [];
  const rowIds = new Map<number, number>();
  /** named-port signature → its rank among the members' signatures */
  const npRank = new Int32Array(NP);
  let nps = 0;
  for (const np of new Set(t.npOf)) npRank[np] = nps++;
  /** class key → result of the row being built, for small class spaces (reset after each row) */
  const memo = new Int32Array(MEMO).fill(-1);
  const build = (fi: number, egress: boolean, np: number): Int32Array => {
    const f = t.factors[fi] as CompactFactor;
    const byKey = reader.valuesOf(fi);
    for (let k = 0; k < f.sel.length; k += 2) selOf[f.sel[k] as number] = f.sel[k + 1] as number;
    const row = new Int32Array(n);
    const named = f.usesNamed ? np : undefined;
    const result = (m: number, key: number): number => {
      let r = byKey.get(key);
      if (r === undefined) {
        // (a tier's factor: 0 is its part that decides nothing)
        r = f.tier === 'whole' ? missing(egress, fi, named, m) : 0;
        byKey.set(key, r);
      }
      return r;
    };
    let ipSpan = 1;
    for (const c of f.ip) if (c >= ipSpan) ipSpan = c + 1;
    // one class key per member and a result per class (and named-port signature, for egress rows
    // of factors naming ports): with a small class space a typed-array memo spares the hash lookups
    const perNp = egress && f.usesNamed ? nps : 1;
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
      const np = f.usesNamed ? (egress ? (t.npOf[m] as number) : (named as number)) : 0;
      if (!small) {
        row[m] = result(m, cls * NP + np);
        continue;
      }
      const at = perNp === 1 ? cls : cls * perNp + (npRank[np] as number);
      let r = memo[at] as number;
      if (r < 0) {
        memo[at] = r = result(m, cls * NP + np);
        touched.push(at);
      }
      row[m] = r;
    }
    for (const c of touched) memo[c] = -1;
    for (let k = 0; k < f.sel.length; k += 2) selOf[f.sel[k] as number] = 0;
    return row;
  };
  /** rows of the tiers' factors in their own numbering, shared by the factors holding them */
  const partRows = new Map<number, RankedRow>();
  const partRow = (fi: number, egress: boolean, np: number): RankedRow | undefined => {
    if (fi < 0) return undefined;
    const k = egress || !(t.factors[fi] as CompactFactor).usesNamed ? 0 : np;
    const id = (fi * 2 + (egress ? 0 : 1)) * NP + k;
    let row = partRows.get(id);
    if (!row) partRows.set(id, (row = ranked(build(fi, egress, k))));
    return row;
  };
  /**
   * A factor with tiers: each member's result combined from its tiers' rows, once per distinct
   * pair of part values (a typed-array memo when the pairs are few); factors with the same
   * tiers and ties share the row.
   */
  const combinedRow = (fi: number, egress: boolean, np: number): Int32Array => {
    const tiers = (t.factors[fi] as CompactFactor).tiers as CompactTiers;
    const admin = partRow(tiers.admin, egress, np);
    const lower = partRow(tiers.np >= 0 ? tiers.np : tiers.baseline, egress, np);
    const row = new Int32Array(n);
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
  };
  /** rows of factors with tiers, by what they are made of */
  const combinedIds = new Map<string, number>();
  const rowOf = (fi: number, egress: boolean, np: number): number => {
    if (fi < 0) return -1;
    const f = t.factors[fi] as CompactFactor;
    const k = egress || !f.usesNamed ? 0 : np;
    if (f.tiers) {
      const { admin, np: npf, baseline, meta } = f.tiers;
      const key = `${admin},${npf},${baseline},${egress ? 'e' : 'i'}${k}|${tierKey(meta)}`;
      let row = combinedIds.get(key);
      if (row === undefined) {
        row = rows.length;
        combinedIds.set(key, row);
        rows.push(combinedRow(fi, egress, k));
      }
      return row;
    }
    const id = (fi * 2 + (egress ? 0 : 1)) * NP + k;
    let row = rowIds.get(id);
    if (row === undefined) {
      row = rows.length;
      rowIds.set(id, row);
      rows.push(build(fi, egress, k));
    }
    return row;
  };
  const egressRow = Int32Array.from(t.egressOf, (fi) => rowOf(fi, true, 0));
  const ingressRow = Int32Array.from(t.ingressOf, (fi, j) => rowOf(fi, false, t.npOf[j] as number));
  return { egressRow, ingressRow, rows };
}
