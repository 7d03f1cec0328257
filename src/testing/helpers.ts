import { readFileSync } from 'node:fs';
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
