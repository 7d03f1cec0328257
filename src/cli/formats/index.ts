import type { FormatName } from '../args';
import { csv } from './csv';
import { dot } from './dot';
import type { Formatter, ReportKind } from './formatter';
import { json } from './json';
import { md } from './md';
import { policiesYaml } from './policies';
import { svg } from './svg';
import { tableFormat } from './table';

export const FORMATTERS: Readonly<Record<FormatName, Formatter>> = {
  table: tableFormat,
  json,
  md,
  csv,
  dot,
  svg,
  yaml: { name: 'yaml', policies: (r, out) => out.write(policiesYaml(r)) },
};

/** The formats that can print a report of this kind, in the order of --help. */
export function formatsFor(kind: ReportKind): FormatName[] {
  return (Object.keys(FORMATTERS) as FormatName[]).filter((f) => FORMATTERS[f][kind] !== undefined);
}
