import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run';
import {
  CONFORMANCE_DIR,
  loadCases,
  pendingDirs,
  type ConformanceCase,
  type Expectation,
} from './conformance';

const cases = loadCases();
const pending = pendingDirs().map((d) => ({ dir: d, cases: loadCases(d) }));
const dir = mkdtempSync(join(tmpdir(), 'netpol-conf-'));

interface JsonConn {
  from: string;
  to: string;
  network: string;
  allowed: { TCP: [number, number][]; UDP: [number, number][]; SCTP: [number, number][]; ICMP: boolean };
}

function isAllowed(c: JsonConn, e: Expectation): boolean {
  if (e.protocol === 'ICMP') return c.allowed.ICMP;
  return c.allowed[e.protocol].some(([lo, hi]) => (e.port ?? 0) >= lo && (e.port ?? 0) <= hi);
}

function runCase(c: ConformanceCase): void {
  const file = join(dir, `${c.name}.yaml`);
  writeFileSync(file, c.manifests);
  // The README's command: analyze FILE --format json [--external NAME=IP@NETWORK]...
  const argv = [
    'analyze',
    file,
    '--format',
    'json',
    ...c.externals.flatMap((x) => ['--external', `${x.name}=${x.ip}@${x.network}`]),
  ];
  const out = runCli(argv, { readFile: (p) => readFileSync(p, 'utf8') });
  expect(out.code, out.stderr).toBe(0);
  const conns = (JSON.parse(out.stdout) as { connections: JsonConn[] }).connections;
  const failures: string[] = [];
  for (const e of c.expect) {
    const hit = conns.find((x) => x.from === e.from && x.to === e.to && x.network === e.network);
    const what = `${e.from} -> ${e.to} on ${e.network} ${e.protocol}${e.port !== undefined ? `/${e.port}` : ''}`;
    if (!hit) failures.push(`${what}: no entry`);
    else if (isAllowed(hit, e) !== e.allowed)
      failures.push(
        `${what}: expected ${e.allowed ? 'allowed' : 'denied'}, got ${JSON.stringify(hit.allowed)}`,
      );
  }
  expect(failures).toEqual([]);
}

describe(`conformance cases in ${CONFORMANCE_DIR}`, () => {
  it('finds the shared cases', () => {
    expect(cases.length).toBeGreaterThan(0);
  });
  for (const c of cases) it(`${c.file}: ${c.name}`, () => runCase(c));
});

for (const p of pending) {
  describe(`pending conformance cases in ${p.dir}`, () => {
    it('finds the cases', () => {
      expect(p.cases.length).toBeGreaterThan(0);
    });
    for (const c of p.cases) it(`${c.file}: ${c.name}`, () => runCase(c));
  });
}
