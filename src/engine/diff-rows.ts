import { NP, classKey, resultNumbering } from './classes/compact';
import type { CompactFactor, CompactTables, DirectionRows, NetworkVerdicts } from './classes';

const MEMO = 1 << 16;

/**
 * `NetworkVerdicts.directionRows()` read from the compact class tables (`prepareAll` first):
 * per member a few typed-array reads instead of a result lookup through the factor, so a scan
 * over every row of a 5,000-endpoint network costs tens of milliseconds, not seconds. Every
 * cell names the same result object as `directionRows` (a test checks it); the numbering differs.
 */
export function rowsFromTables(v: NetworkVerdicts): DirectionRows {
  v.prepareAll();
  const { results, idOf } = resultNumbering();
  const t = v.compact(idOf);
  /** a subject of the row's factor (and named-port signature): what a missing result is asked of */
  const subjectOf = (of: Int32Array, fi: number, np: number | undefined): number =>
    of.findIndex((x, s) => x === fi && (np === undefined || t.npOf[s] === np));
  // not in the tables (prepareAll fills them; this keeps the rows right if it ever does not)
  const rows = tableRows(t, v.members.length, (egress, fi, named, m) => {
    const s = egress ? subjectOf(t.egressOf, fi, undefined) : subjectOf(t.ingressOf, fi, named);
    return idOf(egress ? v.egress(s, m) : v.ingress(m, s));
  });
  return { ...rows, results };
}

/**
 * The direction rows of `n` members from their class tables, as result indices of the tables;
 * `missing` answers for a class the tables have no result for (default: 0, not isolated, as
 * `compactLookup` reads it). `named`: the row's named-port signature (ingress rows of factors
 * naming ports).
 */
export function tableRows(
  t: CompactTables,
  n: number,
  missing: (egress: boolean, factor: number, named: number | undefined, member: number) => number = () => 0,
): Omit<DirectionRows, 'results'> {
  let groups = 0;
  for (const g of t.groupOf) if (g >= groups) groups = g + 1;
  /** label group → selector class of the factor being read (reset after each row) */
  const selOf = new Int32Array(groups);
  const lookups = new Map<CompactFactor, Map<number, number>>();
  const lookupOf = (f: CompactFactor): Map<number, number> => {
    let m = lookups.get(f);
    if (!m) {
      m = new Map();
      for (let k = 0; k < f.keys.length; k++) m.set(f.keys[k] as number, f.values[k] as number);
      lookups.set(f, m);
    }
    return m;
  };
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
    const byKey = lookupOf(f);
    for (let k = 0; k < f.sel.length; k += 2) selOf[f.sel[k] as number] = f.sel[k + 1] as number;
    const row = new Int32Array(n);
    const named = f.usesNamed ? np : undefined;
    const result = (m: number, key: number): number => {
      let r = byKey.get(key);
      if (r === undefined) byKey.set(key, (r = missing(egress, fi, named, m)));
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
        f.ns[t.slotOf[m] as number] ?? 0,
        f.selSpan,
        selOf[t.groupOf[m] as number] as number,
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
  const rowOf = (fi: number, egress: boolean, np: number): number => {
    if (fi < 0) return -1;
    const f = t.factors[fi] as CompactFactor;
    const k = egress || !f.usesNamed ? 0 : np;
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
