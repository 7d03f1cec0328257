import type { Diagnostic } from '../model/diagnostic';
import type { AnalysisResult, Connection } from '../engine/analyze';
import type { ConnSet } from '../engine/conn';
import type { DirectionResult } from '../engine/evaluate';
import { formatConns } from '../engine/conn';
import { policyName, shortReason } from '../engine/explain';

function connJson(a: ConnSet): Record<string, unknown> {
  return { TCP: a.TCP, UDP: a.UDP, SCTP: a.SCTP, ICMP: a.ICMP };
}

function directionJson(r: DirectionResult): Record<string, unknown> {
  if (!r.isolated) return { isolated: false };
  return {
    isolated: true,
    policies: r.policies.map(policyName),
    rules: r.rules.map((c) => ({ policy: policyName(c.policy), direction: c.direction, rule: c.rule, allowed: connJson(c.conns) })),
  };
}

export function connectionJson(c: Connection): Record<string, unknown> {
  return {
    from: c.from,
    to: c.to,
    network: c.network,
    allowed: connJson(c.allowed),
    why: { egress: directionJson(c.egress), ingress: directionJson(c.ingress) },
  };
}

export function analysisJson(result: AnalysisResult, diagnostics: readonly Diagnostic[]): string {
  return JSON.stringify(
    {
      connections: result.connections.map(connectionJson),
      diagnostics,
    },
    null,
    2,
  );
}

/** Aligned columns; one line per pair and network. */
export function table(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, k) => (widths[k] = Math.max(widths[k] ?? 0, c.length)));
  return rows.map((r) => r.map((c, k) => (k === r.length - 1 ? c : c.padEnd(widths[k] ?? 0))).join('  ').trimEnd()).join('\n');
}

export function analysisTable(result: AnalysisResult): string {
  if (result.connections.length === 0) return 'no two endpoints share a network: nothing to analyse';
  const rows = [['FROM', 'TO', 'NETWORK', 'ALLOWED', 'WHY']];
  for (const c of result.connections) rows.push([c.from, c.to, c.network, formatConns(c.allowed), shortReason(c)]);
  return table(rows);
}
