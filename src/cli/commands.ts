import { dirname, resolve } from 'node:path';
import { load as loadYaml } from 'js-yaml';
import { formatDiagnostic } from '../model/diagnostic';
import { analyze } from '../engine/analyze';
import { formatConns } from '../engine/conn';
import { diffModels } from '../engine/diff';
import { checkExpectations, describeExpectation, type Expectation } from '../engine/expect';
import { external } from '../io/k8s-external';
import { parseManifests } from '../io/k8s-to-model';
import { table } from './format';
import type { CliIo, CliOutput } from './run';

const UNREADABLE = new Set(['yaml-syntax', 'input-too-large', 'file-unreadable', 'too-many-documents']);

function analyzeFiles(files: readonly string[], io: CliIo) {
  const diagnostics = [];
  const sources = [];
  for (const file of files) {
    try {
      sources.push({ text: io.readFile(file), file });
    } catch (e) {
      diagnostics.push({
        severity: 'error' as const,
        code: 'file-unreadable' as const,
        message: `cannot read ${file}: ${e instanceof Error ? e.message : String(e)}`,
        file,
      });
    }
  }
  const parsed = parseManifests(sources);
  diagnostics.push(...parsed.diagnostics);
  return { model: parsed.model, diagnostics };
}

export function runDiff(
  before: readonly string[],
  after: readonly string[],
  format: 'json' | 'table',
  failOnChange: boolean,
  io: CliIo,
): CliOutput {
  const b = analyzeFiles(before, io);
  const a = analyzeFiles(after, io);
  const diags = [...b.diagnostics, ...a.diagnostics].filter((d) => d.code !== 'kind-ignored');
  // looked up pair by pair in factor tables: memory grows with the changes, not N x N
  const changes = diffModels(b.model, a.model);
  const stdout =
    format === 'json'
      ? JSON.stringify(
          {
            changes: changes.map((c) => ({
              change: c.change,
              from: c.from,
              to: c.to,
              network: c.network,
              connections: { TCP: c.conns.TCP, UDP: c.conns.UDP, SCTP: c.conns.SCTP, ICMP: c.conns.ICMP },
            })),
          },
          null,
          2,
        )
      : changes.length === 0
        ? 'no change in reachability'
        : table([
            ['CHANGE', 'FROM', 'TO', 'NETWORK', 'CONNECTIONS'],
            ...changes.map((c) => [
              c.change === 'gained' ? '+ gained' : '- lost',
              c.from,
              c.to,
              c.network,
              formatConns(c.conns),
            ]),
          ]);
  const unreadable = diags.some((d) => UNREADABLE.has(d.code));
  return {
    stdout: `${stdout}\n`,
    stderr: diags.map((d) => formatDiagnostic(d)).join('\n') + (diags.length ? '\n' : ''),
    code: unreadable ? 2 : failOnChange && changes.length ? 1 : 0,
  };
}

interface ExpectFile {
  name?: string;
  externals?: { name: string; ip: string; network: string }[];
  manifests?: string;
  manifestFiles?: string[];
  expect?: Expectation[];
}

/** `test`: expectation files in the conformance format (manifests inline or as manifestFiles). */
export function runTest(files: readonly string[], format: 'json' | 'table', io: CliIo): CliOutput {
  const lines: string[] = [];
  const report: unknown[] = [];
  const errors: string[] = [];
  let passed = 0;
  let failed = 0;
  for (const file of files) {
    let doc: ExpectFile;
    try {
      doc = (loadYaml(io.readFile(file)) ?? {}) as ExpectFile;
    } catch (e) {
      errors.push(`${file}: ${e instanceof Error ? e.message.split('\n')[0] : String(e)}`);
      continue;
    }
    if (!Array.isArray(doc.expect)) {
      errors.push(`${file}: no "expect" list of {from, to, network, protocol, port, allowed}`);
      continue;
    }
    const sources = doc.manifests ? [{ text: doc.manifests, file: `${file}#manifests` }] : [];
    for (const m of doc.manifestFiles ?? []) {
      const path = resolve(dirname(file), m);
      try {
        sources.push({ text: io.readFile(path), file: path });
      } catch (e) {
        errors.push(`${file}: cannot read manifest ${m}: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    const parsed = parseManifests(sources);
    for (const d of parsed.diagnostics) if (UNREADABLE.has(d.code)) errors.push(formatDiagnostic(d));
    const model = {
      ...parsed.model,
      endpoints: [
        ...parsed.model.endpoints,
        ...(doc.externals ?? []).map((x) => external(x.name, [x.ip], x.network)),
      ],
    };
    const results = checkExpectations(analyze(model), doc.expect);
    const bad = results.filter((r) => !r.ok);
    passed += results.length - bad.length;
    failed += bad.length;
    lines.push(
      `${bad.length ? 'FAIL' : 'ok  '} ${doc.name ?? file}: ${results.length - bad.length}/${results.length} expectations hold`,
    );
    for (const r of bad) {
      lines.push(
        `  ✗ ${describeExpectation(r.expectation)}: expected ${r.expectation.allowed ? 'allowed' : 'denied'}, got ${r.actual === undefined ? 'no such connection' : r.actual ? 'allowed' : 'denied'}`,
      );
      for (const w of r.why) lines.push(`      ${w}`);
    }
    report.push({
      file,
      name: doc.name ?? null,
      results: results.map((r) => ({ ...r.expectation, ok: r.ok, actual: r.actual ?? null, why: r.why })),
    });
  }
  lines.push(`${passed} passed, ${failed} failed`);
  const stdout =
    format === 'json' ? JSON.stringify({ files: report, passed, failed }, null, 2) : lines.join('\n');
  return {
    stdout: `${stdout}\n`,
    stderr: errors.length ? `${errors.join('\n')}\n` : '',
    code: errors.length ? 2 : failed ? 1 : 0,
  };
}
