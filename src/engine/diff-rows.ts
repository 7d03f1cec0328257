import { CompactReader, readerOfVerdicts } from './classes/compact';
import type { DirectionRows, NetworkVerdicts } from './classes';
import { TableRows, type Missing } from './diff-table-rows';

export { TableRows, type Missing } from './diff-table-rows';

/**
 * The engine's answer for a class missing from a factor's table: asked of a subject of the row's
 * factor (and named-port signature). Not in the tables means `prepareAll` did not fill it; this
 * keeps the rows right if it ever does not.
 */
export function missingOf(v: NetworkVerdicts, reader: CompactReader): Missing {
  const t = reader.tables;
  const subjectOf = (of: Int32Array, fi: number, np: number | undefined): number =>
    of.findIndex((x, s) => x === fi && (np === undefined || t.npOf[s] === np));
  return (egress, fi, named, m) => {
    const s = egress ? subjectOf(t.egressOf, fi, undefined) : subjectOf(t.ingressOf, fi, named);
    return reader.add(egress ? v.egress(s, m) : v.ingress(m, s));
  };
}

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
  const rows = tableRows(reader, v.members.length, missingOf(v, reader));
  return { ...rows, results: reader.results };
}

/**
 * Every direction row of `n` members from their class tables, as indices into `reader.results`
 * (a factor with cluster policies combines its tiers' parts once per class).
 */
export function tableRows(
  reader: CompactReader,
  n: number,
  missing?: Missing,
): Omit<DirectionRows, 'results'> {
  const t = new TableRows(reader, n, missing);
  const rows = Array.from({ length: t.count }, (_, r) => t.row(r));
  return { egressRow: t.egressRow, ingressRow: t.ingressRow, rows };
}
