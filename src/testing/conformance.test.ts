import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run';
import { parseManifests } from '../io/k8s-to-model';
import { existsSync } from 'node:fs';
import { CONFORMANCE_DIR, PENDING_DIR, PENDING_FOLDERS, loadCases, type Expectation } from './conformance';

const pending = PENDING_FOLDERS.map((f) => join(PENDING_DIR, f)).filter((d) => existsSync(d));
const cases = [
  ...loadCases(),
  ...pending.flatMap((d) =>
    loadCases(d).map((c) => ({ ...c, file: `pending/${d.slice(PENDING_DIR.length + 1)}/${c.file}` })),
  ),
];
/**
 * Kinds a case needs that this build may not evaluate yet (another issue adds them): such a
 * case is skipped, named, until the kind is read; it runs by itself once it is.
 */
const ANP = 'apiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: x}\n';
const anpEvaluated = !parseManifests([{ text: ANP }]).model.ignored.some(
  (o) => o.ref.kind === 'AdminNetworkPolicy',
);
/**
 * ANPs inside a primary UDN: SEMANTICS R9.12 says default network only (OVN-K), the np-guard UDN
 * cases expect np-guard's behaviour (ANP applied in the UDN, open question 6). Skipped, named,
 * until the lead decides; see the admin-tiers report.
 */
const needsMissingKind = (c: { manifests: string; file?: string }): boolean =>
  /^kind: (Baseline)?AdminNetworkPolicy$/m.test(c.manifests) &&
  (!anpEvaluated || (c.file ?? '').startsWith('pending/udn/'));

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

describe(`conformance cases in ${CONFORMANCE_DIR}`, () => {
  it('finds the shared cases', () => {
    expect(cases.length).toBeGreaterThan(0);
  });
  for (const c of cases) {
    const skip = needsMissingKind(c);
    (skip ? it.skip : it)(`${c.file}: ${c.name}${skip ? ' (needs AdminNetworkPolicy)' : ''}`, () => {
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
    });
  }
});
