import { isEmptyConns } from '../../engine/conn';
import type { Out } from '../context';
import type { AnalysisReport } from '../report';
import { dotString } from './escape';
import type { Formatter } from './formatter';
import { connText } from './text';

const nsOf = (label: string) => (label.includes('/') ? label.slice(0, label.indexOf('/')) : '');
const shortName = (label: string) => label.slice(label.indexOf('/') + 1);

/**
 * The reachability graph: one cluster per network, inside it one per namespace (external hosts
 * outside any namespace); an edge per allowed pair (or per group of pairs), labelled with the
 * ports. Denied pairs are drawn only when asked for (`--denied`), dashed.
 */
export function dotText(r: AnalysisReport): string {
  const lines: string[] = [
    'digraph reachability {',
    '  graph [rankdir=LR, fontname="Helvetica", fontsize=11, compound=true];',
    '  node [shape=box, style="rounded", fontname="Helvetica", fontsize=10];',
    '  edge [fontname="Helvetica", fontsize=9];',
  ];
  const edges: { network: string; from: string[]; to: string[]; label: string; denied: boolean }[] = [];
  if (r.groups)
    for (const g of r.groups)
      edges.push({
        network: g.network,
        from: [...g.sources],
        to: [...g.destinations],
        label: connText(g.allowed),
        denied: isEmptyConns(g.allowed),
      });
  else
    for (const c of r.connections ?? [])
      edges.push({
        network: c.network,
        from: [c.from],
        to: [c.to],
        label: connText(c.allowed),
        denied: isEmptyConns(c.allowed),
      });
  const networks = [...new Set(edges.map((e) => e.network))];
  networks.forEach((net, n) => {
    const mine = edges.filter((e) => e.network === net);
    // a node per endpoint, or per group of endpoints when grouped
    const nodes = new Map<string, string[]>();
    for (const e of mine) for (const side of [e.from, e.to]) nodes.set(side.join('\u0000'), side);
    const id = new Map<string, string>();
    [...nodes.keys()].forEach((k, i) => id.set(k, `n${n}_${i}`));
    lines.push(
      `  subgraph cluster_${n} {`,
      `    label=${dotString(`network ${net}`)};`,
      '    style="rounded"; color="#888888";',
    );
    const byNs = new Map<string, string[]>();
    for (const [k, members] of nodes) {
      const ns = new Set(members.map(nsOf)).size === 1 ? nsOf(members[0] as string) : '*';
      byNs.set(ns, [...(byNs.get(ns) ?? []), k]);
    }
    [...byNs.keys()].sort().forEach((ns, s) => {
      const inner = ns !== '' && ns !== '*';
      if (inner)
        lines.push(
          `    subgraph cluster_${n}_${s} {`,
          `      label=${dotString(`namespace ${ns}`)}; style="dashed";`,
        );
      for (const k of byNs.get(ns) ?? []) {
        const members = nodes.get(k) ?? [];
        const label =
          members.length === 1
            ? inner
              ? shortName(members[0] as string)
              : (members[0] as string)
            : members.length <= 6
              ? members.join('\n')
              : `${members.slice(0, 5).join('\n')}\n+${members.length - 5} more`;
        lines.push(
          `${inner ? '      ' : '    '}${id.get(k)} [label=${dotString(label)}${members.length > 1 ? ', style="rounded,filled", fillcolor="#eeeeee"' : ''}];`,
        );
      }
      if (inner) lines.push('    }');
    });
    lines.push('  }');
    for (const e of mine) {
      if (e.denied && r.focus.verdict !== 'denied') continue;
      const style = e.denied ? ', style=dashed, color="#c62828", fontcolor="#c62828"' : ', color="#2e7d32"';
      lines.push(
        `  ${id.get(e.from.join('\u0000'))} -> ${id.get(e.to.join('\u0000'))} [label=${dotString(e.label)}${style}];`,
      );
    }
  });
  lines.push('}');
  return `${lines.join('\n')}\n`;
}

export const dot: Formatter = {
  name: 'dot',
  analysis(r: AnalysisReport, out: Out) {
    out.write(dotText(r));
  },
};
