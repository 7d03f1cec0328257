import { shortReason } from '../../engine/explain';
import { describeExpectation } from '../../engine/expect';
import { objectLabel, type Diagnostic } from '../../model/diagnostic';
import type { Out } from '../context';
import type { AnalysisReport } from '../report';
import { mdCell } from './escape';
import type { Formatter } from './formatter';
import { connText, emptyText, focusText, groupedIntro, perSet } from './text';

/** Networks up to this size get a matrix; larger ones a list (a PR comment must stay readable). */
const MATRIX_MAX = 12;
/** Rows per list: a job summary holds 1 MiB, a PR comment 64 KiB; json and csv list everything. */
const ROWS_MAX = 200;

function capped<T>(out: Out, xs: readonly T[], each: (x: T) => void): void {
  xs.slice(0, ROWS_MAX).forEach(each);
  if (xs.length > ROWS_MAX)
    out.line(`\n… and ${xs.length - ROWS_MAX} more (--format csv or json lists them all)`);
}

const row = (cells: readonly string[]) => `| ${cells.join(' | ')} |`;
const head = (cells: readonly string[]) => `${row(cells)}\n${row(cells.map(() => '---'))}`;
const code = (s: string) => `\`${s.replace(/`/g, "'")}\``;
const names = (xs: readonly string[]) =>
  xs.length <= 8
    ? xs.map(mdCell).join(', ')
    : `${xs.slice(0, 8).map(mdCell).join(', ')} +${xs.length - 8} more`;

function where(d: Diagnostic): string {
  return [d.file, d.line, d.column].filter((x) => x !== undefined).join(':');
}

function diagnosticsTable(out: Out, ds: readonly Diagnostic[]): void {
  out.line(head(['severity', 'code', 'object', 'field', 'where', 'message', 'fix']));
  capped(out, ds, (d) =>
    out.line(
      row([
        d.severity,
        code(d.code),
        mdCell(objectLabel(d.object)),
        mdCell(d.field ?? ''),
        mdCell(where(d)),
        mdCell(d.message),
        mdCell(d.fix ?? ''),
      ]),
    ),
  );
}

function pairsSection(r: AnalysisReport, out: Out): void {
  const cs = r.connections ?? [];
  for (const net of [...new Set(cs.map((c) => c.network))]) {
    const mine = cs.filter((c) => c.network === net);
    const members = [...new Set(mine.flatMap((c) => [c.from, c.to]))].sort();
    out.line(`### Network ${code(net)} (${members.length} endpoints)\n`);
    if (members.length <= MATRIX_MAX) {
      const cell = new Map(mine.map((c) => [`${c.from}\u0000${c.to}`, connText(c.allowed)]));
      out.line(head(['from \\ to', ...members.map(mdCell)]));
      for (const f of members)
        out.line(
          row([mdCell(f), ...members.map((t) => (f === t ? '—' : mdCell(cell.get(`${f}\u0000${t}`) ?? '')))]),
        );
    } else {
      out.line(head(['from', 'to', 'allowed', 'why']));
      capped(out, mine, (c) =>
        out.line(row([mdCell(c.from), mdCell(c.to), mdCell(connText(c.allowed)), mdCell(shortReason(c))])),
      );
    }
    out.line();
  }
}

function groupsSection(r: AnalysisReport, out: Out): void {
  out.line(`${groupedIntro(r)}\n`);
  for (const net of [...new Set((r.groups ?? []).map((g) => g.network))]) {
    out.line(`### Network ${code(net)}\n`);
    out.line(head(['sources', 'destinations', 'allowed', 'pairs', 'why']));
    for (const g of (r.groups ?? []).filter((x) => x.network === net))
      out.line(
        row([
          names(g.sources),
          names(g.destinations),
          mdCell(connText(g.allowed)),
          String(g.pairs),
          mdCell(g.why),
        ]),
      );
    out.line();
  }
}

export const md: Formatter = {
  name: 'md',
  analysis(r, out) {
    out.line('## Reachability\n');
    const kinds = Object.entries(r.inputs.kinds).map(([k, n]) => `${k} ${n}`);
    const ignored = Object.entries(r.inputs.ignored).map(([k, n]) => `${k} ${n}`);
    out.line(
      `Read: ${mdCell(kinds.join(', ') || 'nothing')}; ignored: ${mdCell(ignored.join(', ') || 'none')}.`,
    );
    const f = focusText(r.focus);
    if (f) out.line(`Focus: ${mdCell(f)}.`);
    out.line();
    const empty = r.groups ? r.groups.length === 0 : (r.connections ?? []).length === 0;
    if (empty) out.line(`${emptyText(r)}\n`);
    else if (r.groups) groupsSection(r, out);
    else pairsSection(r, out);
    if (r.diagnostics.length) {
      out.line('### Diagnostics\n');
      diagnosticsTable(out, r.diagnostics);
    }
  },
  findings(r, out) {
    out.line('## Findings\n');
    if (r.findings.length === 0) return out.line('No findings.');
    const n = (s: string) => r.findings.filter((d) => d.severity === s).length;
    out.line(`${n('error')} errors, ${n('warning')} warnings, ${n('info')} infos.\n`);
    diagnosticsTable(out, r.findings);
  },
  changes(r, out) {
    out.line('## Reachability changes\n');
    if (r.skipped) out.line('**Some input was skipped: this diff is incomplete.**\n');
    if (r.changes.length === 0)
      return out.line(r.skipped ? 'No change among the documents read.' : 'No change in reachability.');
    const n = (c: string) => r.changes.filter((x) => x.change === c).length;
    out.line(`${n('gained')} gained, ${n('lost')} lost.\n`);
    out.line(head(['change', 'from', 'to', 'network', 'connections']));
    const conns = perSet((a) => mdCell(connText(a)));
    capped(out, r.changes, (c) =>
      out.line(
        row([
          c.change === 'gained' ? '➕ gained' : '➖ lost',
          mdCell(c.from),
          mdCell(c.to),
          mdCell(c.network),
          conns(c.conns),
        ]),
      ),
    );
  },
  tests(r, out) {
    out.line('## Expected verdicts\n');
    out.line(`${r.passed} passed, ${r.failed} failed.\n`);
    const bad = r.files.flatMap((f) => f.results.filter((x) => !x.ok).map((x) => ({ f, x })));
    if (bad.length === 0) return;
    out.line(head(['file', 'expectation', 'expected', 'got', 'why']));
    for (const { f, x } of bad)
      out.line(
        row([
          mdCell(f.name ?? f.file),
          mdCell(describeExpectation(x.expectation)),
          x.expectation.allowed ? 'allowed' : 'denied',
          x.actual === undefined ? 'no such connection' : x.actual ? 'allowed' : 'denied',
          x.why.map(mdCell).join('<br>'),
        ]),
      );
  },
};
