import type { Diagnostic } from '../model/diagnostic';
import type { AnalysisResult, Connection } from '../engine/analyze';
import type { ConnSet } from '../engine/conn';
import type { DirectionResult } from '../engine/evaluate';
import { formatConns } from '../engine/conn';
import { policyName, shortReason } from '../engine/explain';
import { tierChainJson } from '../engine/admin/explain';

function connJson(a: ConnSet): Record<string, unknown> {
  return { TCP: a.TCP, UDP: a.UDP, SCTP: a.SCTP, ICMP: a.ICMP };
}

function directionJson(r: DirectionResult): Record<string, unknown> {
  if (!r.isolated) return { isolated: false };
  return {
    isolated: true,
    policies: r.policies.map(policyName),
    rules: r.rules.map((c) => ({
      policy: policyName(c.policy),
      direction: c.direction,
      rule: c.rule,
      allowed: connJson(c.conns),
    })),
    ...(r.tiers ? { tiers: tierChainJson(r.tiers) } : {}),
  };
}

export function connectionJson(c: Connection): Record<string, unknown> {
  return {
    from: c.from,
    to: c.to,
    network: c.network,
    allowed: connJson(c.allowed),
    why: {
      egress: directionJson(c.egress),
      ingress: directionJson(c.ingress),
      ...(c.acl
        ? {
            kubeOvnAcls: {
              droppedBy: c.acl.droppedBy.map((d) => ({ acl: d.acl, connections: connJson(d.conns) })),
              allowedBy: c.acl.allowedBy,
              repliesDroppedBy: c.acl.repliesDroppedBy.map((d) => ({
                acl: d.acl,
                connections: connJson(d.conns),
              })),
            },
          }
        : {}),
    },
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
  return rows
    .map((r) =>
      r
        .map((c, k) => (k === r.length - 1 ? c : c.padEnd(widths[k] ?? 0)))
        .join('  ')
        .trimEnd(),
    )
    .join('\n');
}

export function analysisTable(result: AnalysisResult): string {
  if (result.connections.length === 0) return 'no two endpoints share a network: nothing to analyse';
  const rows = [['FROM', 'TO', 'NETWORK', 'ALLOWED', 'WHY']];
  for (const c of result.connections)
    rows.push([c.from, c.to, c.network, formatConns(c.allowed), shortReason(c)]);
  return table(rows);
}

function objectText(d: Diagnostic): string {
  return d.object
    ? `${d.object.kind} ${d.object.namespace ? `${d.object.namespace}/` : ''}${d.object.name}`
    : '';
}

export function findingsJson(findings: readonly Diagnostic[]): string {
  return JSON.stringify(
    {
      findings: findings.map((d) => ({
        code: d.code,
        severity: d.severity,
        object: objectText(d),
        field: d.field ?? null,
        file: d.file ?? null,
        line: d.line ?? null,
        message: d.message,
        fix: d.fix ?? null,
      })),
    },
    null,
    2,
  );
}

/** Compiler-style: `file:line:col  severity  code  Kind ns/name  field`, then message and fix. */
export function findingsTable(findings: readonly Diagnostic[]): string {
  if (findings.length === 0) return 'no findings';
  const lines: string[] = [];
  for (const d of findings) {
    const where = [d.file, d.line, d.column].filter((x) => x !== undefined).join(':');
    lines.push(
      [where, d.severity.toUpperCase(), d.code, objectText(d), d.field ?? ''].filter(Boolean).join('  '),
    );
    lines.push(`    ${d.message}`);
    if (d.fix) lines.push(`    fix: ${d.fix.replace(/\n/g, '\n         ')}`);
  }
  const count = (s: string) => findings.filter((d) => d.severity === s).length;
  lines.push('', `${count('error')} errors, ${count('warning')} warnings, ${count('info')} infos`);
  return lines.join('\n');
}
