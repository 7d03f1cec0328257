import { formatConns, isAllConns, isEmptyConns, type ConnSet } from '../../engine/conn';
import { describeExpectation, type ExpectationResult } from '../../engine/expect';
import type { Focus } from '../args';
import type { AnalysisReport } from '../report';

/** Allowed set as the reports print it: `all`, `none` or the ports. */
export function connText(a: ConnSet): string {
  return isAllConns(a) ? 'all' : isEmptyConns(a) ? 'none' : formatConns(a);
}

/**
 * `text` once per set object: a diff's changes share a few set objects (one per pair of
 * verdicts), and a hundred thousand rows would otherwise format the same ports each time.
 */
export function perSet(text: (a: ConnSet) => string): (a: ConnSet) => string {
  const known = new Map<ConnSet, string>();
  return (a) => {
    let t = known.get(a);
    if (t === undefined) known.set(a, (t = text(a)));
    return t;
  };
}

/** What the focus narrowed the verdicts to, for headings. */
export function focusText(f: Focus): string {
  const parts: string[] = [];
  if (f.workloads.length) parts.push(`workload ${f.workloads.join(', ')}`);
  if (f.namespace) parts.push(`namespace ${f.namespace}`);
  if (f.direction) parts.push(`${f.direction} only`);
  if (f.network) parts.push(`network ${f.network}`);
  if (f.protocol) parts.push(`${f.protocol}${f.port ? ` ${f.port}` : ''}`);
  if (f.verdict) parts.push(`${f.verdict} pairs`);
  return parts.join('; ');
}

export function emptyText(r: AnalysisReport): string {
  return r.networks.every((n) => n.members.length < 2)
    ? 'no two endpoints share a network: nothing to analyse'
    : 'no pair matches the focus';
}

export function groupedIntro(r: AnalysisReport): string {
  const pairs = (r.groups ?? []).reduce((s, g) => s + g.pairs, 0);
  return `${pairs} pairs in ${r.groups?.length ?? 0} groups (endpoints no policy tells apart share a row; --pairs lists every pair)`;
}

export function failureLines(r: ExpectationResult): string[] {
  const got = r.actual === undefined ? 'no such connection' : r.actual ? 'allowed' : 'denied';
  return [
    `✗ ${describeExpectation(r.expectation)}: expected ${r.expectation.allowed ? 'allowed' : 'denied'}, got ${got}`,
    ...r.why.map((w) => `    ${w}`),
  ];
}
