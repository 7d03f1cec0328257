import { shortReason } from '../../engine/explain';
import { objectLabel } from '../../model/diagnostic';
import { csvRow } from './escape';
import type { Formatter } from './formatter';
import { connText, perSet } from './text';

export const csv: Formatter = {
  name: 'csv',
  analysis(r, out) {
    if (r.groups) {
      out.line(csvRow(['sources', 'destinations', 'network', 'allowed', 'pairs', 'why']));
      for (const g of r.groups)
        out.line(
          csvRow([
            g.sources.join(' '),
            g.destinations.join(' '),
            g.network,
            connText(g.allowed),
            g.pairs,
            g.why,
          ]),
        );
      return;
    }
    out.line(csvRow(['from', 'to', 'network', 'allowed', 'why']));
    for (const c of r.connections ?? [])
      out.line(csvRow([c.from, c.to, c.network, connText(c.allowed), shortReason(c)]));
  },
  findings(r, out) {
    out.line(csvRow(['severity', 'code', 'object', 'field', 'file', 'line', 'column', 'message', 'fix']));
    for (const d of r.findings)
      out.line(
        csvRow([
          d.severity,
          d.code,
          objectLabel(d.object),
          d.field ?? '',
          d.file ?? '',
          d.line ?? '',
          d.column ?? '',
          d.message,
          d.fix ?? '',
        ]),
      );
  },
  changes(r, out) {
    out.line(csvRow(['change', 'from', 'to', 'network', 'connections']));
    const conns = perSet((a) => csvRow([connText(a)]));
    for (const c of r.changes) out.line(`${csvRow([c.change, c.from, c.to, c.network])},${conns(c.conns)}`);
  },
};
