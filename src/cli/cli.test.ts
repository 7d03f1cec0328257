import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { memoryIo } from '../testing/cli-io';
import { runCli } from './run';

const files: Record<string, string> = {
  'ok.yaml': `apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: {app: a}}\nstatus: {podIP: 10.0.0.1}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: only-80}\nspec:\n  podSelector: {matchLabels: {app: a}}\n  ingress: [{ports: [{port: 80}]}]\n`,
  'broken.yaml': `apiVersion: v1\nkind: Pod\nmetadata: [\n`,
};
const io = memoryIo(files);

describe('cli analyze', () => {
  it('table: aligned, one line per pair and network, with reasons', () => {
    const out = runCli(['analyze', 'ok.yaml'], io);
    expect(out.code).toBe(0);
    const lines = out.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^FROM\s+TO\s+NETWORK\s+ALLOWED\s+WHY$/);
    expect(lines).toContainEqual(
      expect.stringMatching(
        /^default\/b\s+default\/a\s+default\s+TCP 80\s+ingress allows TCP 80 via NetworkPolicy default\/only-80 ingress\[0\]$/,
      ),
    );
    const col = lines[0]?.indexOf('NETWORK');
    expect(lines.slice(1).every((l) => l.slice(col, (col ?? 0) + 8) === 'default ')).toBe(true);
  });
  it('json: the conformance shape; why indexes shared reasons (issue 20 item 9 changed the shape)', () => {
    const out = runCli(['analyze', 'ok.yaml', '--format', 'json', '--external', 'db=10.0.0.9@default'], io);
    const j = JSON.parse(out.stdout) as {
      connections: { from: string; to: string; network: string; why: { egress: number; ingress: number } }[];
      reasons: unknown[];
    };
    const c = j.connections.find((x) => x.from === 'db' && x.to === 'default/a');
    expect(c).toEqual({
      from: 'db',
      to: 'default/a',
      fromId: 'ext:db',
      toId: 'pod:default/a',
      network: 'default',
      allowed: { TCP: [[80, 80]], UDP: [], SCTP: [], ICMP: false },
      why: { egress: expect.any(Number) as unknown, ingress: expect.any(Number) as unknown },
    });
    expect(j.reasons[c?.why.egress ?? -1]).toEqual({ isolated: false });
    expect(j.reasons[c?.why.ingress ?? -1]).toEqual({
      isolated: true,
      policies: ['NetworkPolicy default/only-80'],
      rules: [
        {
          policy: 'NetworkPolicy default/only-80',
          direction: 'ingress',
          rule: 0,
          allowed: { TCP: [[80, 80]], UDP: [], SCTP: [], ICMP: false },
        },
      ],
    });
  });
  it('exit 2 with diagnostics on stderr for unreadable input; good files still analysed', () => {
    const out = runCli(['analyze', 'ok.yaml', 'broken.yaml', 'missing.yaml'], io);
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('broken.yaml:');
    expect(out.stderr).toContain('error yaml-syntax');
    expect(out.stderr).toContain('cannot read missing.yaml');
    expect(out.stdout).toContain('default/a');
  });
  it('usage errors exit 2', () => {
    expect(runCli([], io).code).toBe(2);
    expect(runCli(['analyze'], io).code).toBe(2);
    expect(runCli(['frobnicate', 'x'], io).code).toBe(2);
    expect(runCli(['analyze', 'ok.yaml', '--format', 'xml'], io).stderr).toContain(
      '--format must be json or table',
    );
    expect(runCli(['analyze', 'ok.yaml', '--external', 'nope'], io).stderr).toContain('NAME=IP@NETWORK');
    expect(runCli(['--help'], io).code).toBe(0);
  });
  it('the real command (npm run cli) prints JSON and exits with the right codes', () => {
    const dir = mkdtempSync(join(tmpdir(), 'netpol-cli-'));
    writeFileSync(join(dir, 'ok.yaml'), files['ok.yaml'] ?? '');
    writeFileSync(join(dir, 'broken.yaml'), files['broken.yaml'] ?? '');
    const ok = execFileSync(
      'npm',
      ['run', '--silent', 'cli', '--', 'analyze', join(dir, 'ok.yaml'), '--format', 'json'],
      { encoding: 'utf8' },
    );
    expect((JSON.parse(ok) as { connections: unknown[] }).connections).toHaveLength(2);
    const bad = spawnSync('npm', ['run', '--silent', 'cli', '--', 'analyze', join(dir, 'broken.yaml')], {
      encoding: 'utf8',
    });
    expect(bad.status).toBe(2);
    expect(bad.stderr).toContain('yaml-syntax');
  }, 60_000);
});

describe('cli lint', () => {
  const lintIo = {
    readFile: (p: string) =>
      (
        ({
          'bad.yaml': `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  policyTypes: [egress]\n`,
          'warn.yaml': `apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {matchLabels: {app: nope}}\n`,
          'clean.yaml': `apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n`,
        }) as Record<string, string>
      )[p] ??
      (() => {
        throw new Error('ENOENT');
      })(),
  };
  it('json findings with code, severity, object, field, line, message, fix; exit 1 on errors', () => {
    const out = runCli(['lint', 'bad.yaml', '--format', 'json'], lintIo);
    expect(out.code).toBe(1);
    expect((JSON.parse(out.stdout) as { findings: unknown[] }).findings).toEqual([
      {
        code: 'policy-types-case',
        severity: 'error',
        object: 'NetworkPolicy default/p',
        field: 'spec.policyTypes[0]',
        file: 'bad.yaml',
        line: 6,
        column: 17,
        message: expect.stringContaining('"egress"') as unknown,
        fix: 'Egress',
      },
    ]);
  });
  it('--fail-on decides the exit code', () => {
    expect(runCli(['lint', 'warn.yaml'], lintIo).code).toBe(0);
    expect(runCli(['lint', 'warn.yaml', '--fail-on', 'warning'], lintIo).code).toBe(1);
    expect(runCli(['lint', 'clean.yaml', '--fail-on', 'warning'], lintIo)).toMatchObject({
      code: 0,
      stdout: 'no findings\n',
    });
    expect(runCli(['lint', 'x.yaml', '--fail-on', 'info'], lintIo).code).toBe(2);
  });
  it('table: compiler-style lines with message, fix and a count', () => {
    const out = runCli(['lint', 'bad.yaml'], lintIo).stdout;
    expect(out).toContain('bad.yaml:6:');
    expect(out).toContain('ERROR  policy-types-case  NetworkPolicy default/p  spec.policyTypes[0]');
    expect(out).toContain('fix: Egress');
    expect(out).toContain('1 errors, 0 warnings, 0 infos');
  });
});
