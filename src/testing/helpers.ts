import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { analyze, type AnalysisResult, type Connection } from '../engine/analyze';
import { allows } from '../engine/conn';
import { parseManifests } from '../io/k8s-to-model';
import type { Diagnostic } from '../model/diagnostic';
import type { Protocol } from '../model/types';

export interface Analysed {
  readonly result: AnalysisResult;
  readonly diagnostics: readonly Diagnostic[];
  conn(from: string, to: string, network?: string): Connection;
  /** `'TCP/80'`, `'UDP/53'`, `'ICMP'`. */
  can(from: string, to: string, probe: string, network?: string): boolean;
  codes(): string[];
}

export function analyzeYaml(text: string, file = 'test.yaml'): Analysed {
  const parsed = parseManifests([{ text, file }]);
  const result = analyze(parsed.model);
  const diagnostics = [...parsed.diagnostics, ...result.diagnostics];
  const conn = (from: string, to: string, network = 'default'): Connection => {
    const c = result.connections.find((x) => x.from === from && x.to === to && x.network === network);
    if (!c)
      throw new Error(
        `no connection ${from} -> ${to} on ${network}; have: ${[...new Set(result.connections.map((x) => `${x.from}->${x.to}@${x.network}`))].slice(0, 12).join(' ')}`,
      );
    return c;
  };
  return {
    result,
    diagnostics,
    conn,
    can(from, to, probe, network) {
      const [proto, port] = probe.split('/');
      return allows(
        conn(from, to, network).allowed,
        proto as Protocol | 'ICMP',
        port === undefined ? undefined : Number(port),
      );
    },
    codes: () => diagnostics.map((d) => d.code),
  };
}

export function scenario(name: string): string {
  return readFileSync(new URL(`../scenarios/${name}.yaml`, import.meta.url), 'utf8');
}

/** An expected verdict: from, to, probe (`TCP/80`, `ICMP`), allowed, and the network if not the pod network. */
export type Verdict = readonly [from: string, to: string, probe: string, allowed: boolean, network?: string];

/** Asserts each verdict in turn; a failure names the pair, the probe and the network. */
export function expectVerdicts(a: Analysed, verdicts: readonly Verdict[]): void {
  for (const [from, to, probe, allowed, network] of verdicts)
    expect(a.can(from, to, probe, network), `${from} -> ${to} ${probe} on ${network ?? 'default'}`).toBe(
      allowed,
    );
}

/** One test per entry: its title, and the verdicts it asserts on the analysis. */
export function verdictTests(a: Analysed, tests: Readonly<Record<string, readonly Verdict[]>>): void {
  it.each(Object.entries(tests))('%s', (_, verdicts) => expectVerdicts(a, verdicts));
}
