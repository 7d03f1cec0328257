import { formatConns } from '../../engine/conn';
import { shortReason } from '../../engine/explain';
import { objectLabel } from '../../model/diagnostic';
import { plain, someNames, table } from './escape';
import type { Formatter } from './formatter';
import { connText, emptyText, failureLines, groupedIntro, perSet } from './text';

export const tableFormat: Formatter = {
  name: 'table',
  analysis(r, out) {
    if (r.groups) {
      if (r.groups.length === 0) return out.line(emptyText(r));
      out.line(groupedIntro(r));
      const rows = [['SOURCES', 'DESTINATIONS', 'NETWORK', 'ALLOWED', 'PAIRS', 'WHY']];
      for (const g of r.groups)
        rows.push([
          someNames(g.sources),
          someNames(g.destinations),
          g.network,
          connText(g.allowed),
          String(g.pairs),
          g.why,
        ]);
      return out.line(table(rows));
    }
    const cs = r.connections ?? [];
    if (cs.length === 0) return out.line(emptyText(r));
    const rows = [['FROM', 'TO', 'NETWORK', 'ALLOWED', 'WHY']];
    for (const c of cs) rows.push([c.from, c.to, c.network, formatConns(c.allowed), shortReason(c)]);
    out.line(table(rows));
  },
  /** Compiler-style: `file:line:col  SEVERITY  code  Kind ns/name  field`, then message and fix. */
  findings(r, out) {
    const fs = r.findings;
    if (fs.length === 0) return out.line('no findings');
    for (const d of fs) {
      const where = [d.file, d.line, d.column].filter((x) => x !== undefined).join(':');
      out.line(
        plain(
          [where, d.severity.toUpperCase(), d.code, objectLabel(d.object), d.field ?? '']
            .filter(Boolean)
            .join('  '),
        ),
      );
      out.line(`    ${plain(d.message)}`);
      if (d.fix) out.line(`    fix: ${d.fix.split('\n').map(plain).join('\n         ')}`);
    }
    const count = (s: string) => fs.filter((d) => d.severity === s).length;
    out.line();
    out.line(`${count('error')} errors, ${count('warning')} warnings, ${count('info')} infos`);
  },
  changes(r, out) {
    if (r.changes.length === 0)
      return out.line(
        r.skipped
          ? 'no change among the documents read, but some input was skipped (see the errors): the diff is incomplete'
          : 'no change in reachability',
      );
    const rows = [['CHANGE', 'FROM', 'TO', 'NETWORK', 'CONNECTIONS']];
    const conns = perSet(formatConns);
    for (const c of r.changes)
      rows.push([c.change === 'gained' ? '+ gained' : '- lost', c.from, c.to, c.network, conns(c.conns)]);
    out.line(table(rows));
    if (r.skipped) out.line('some input was skipped (see the errors): the diff is incomplete');
  },
  tests(r, out) {
    for (const f of r.files) {
      const bad = f.results.filter((x) => !x.ok);
      const ok = f.results.length - bad.length;
      out.line(
        plain(
          `${bad.length ? 'FAIL' : 'ok  '} ${f.name ?? f.file}: ${ok}/${f.results.length} expectations hold`,
        ),
      );
      for (const x of bad) for (const l of failureLines(x)) out.line(plain(`  ${l}`));
    }
    out.line(`${r.passed} passed, ${r.failed} failed`);
  },
  probe(r, out) {
    for (const a of r.answers) {
      for (const l of a.why) out.line(plain(l));
      out.line(
        plain(`verdict: ${a.allowed ? 'allowed' : 'denied'} (${r.question} on ${a.connection.network})`),
      );
    }
  },
};
