// Issue 13 defect 5 and issue 20 items 9, 10, 14, 16, 17: each test failed before its fix.
import { spawnSync } from 'node:child_process';
import { openSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readBounded } from './node-io';
import { memoryIo as mem } from '../testing/cli-io';
import { runCli } from './run';

const pod = (name: string, extra = '') =>
  `apiVersion: v1\nkind: Pod\nmetadata: {name: ${JSON.stringify(name)}${extra}}\n`;

describe('engine capacity errors (issue 13 defect 5)', () => {
  it('reach the CLI as a diagnostic with exit 2, not a stack trace', () => {
    // 65,537 different sets of named ports: more than the engine numbers (2^16)
    const docs: string[] = [];
    for (let k = 0; k < 65537; k++)
      docs.push(
        JSON.stringify({
          apiVersion: 'v1',
          kind: 'Pod',
          metadata: { name: `p${k}` },
          spec: {
            containers: [
              {
                name: 'c',
                ports: [{ name: 'web', containerPort: 1 + (k % 65535), protocol: k < 65535 ? 'TCP' : 'UDP' }],
              },
            ],
          },
        }),
      );
    docs.push(
      JSON.stringify({
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: 'np' },
        spec: { podSelector: {}, ingress: [{ ports: [{ port: 'web' }] }] },
      }),
    );
    const out = runCli(['analyze', 'big.yaml'], mem({ 'big.yaml': docs.join('\n---\n') }));
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(
      'error analysis-failed: more than 65536 different sets of named ports in one design: not supported',
    );
    expect(out.stderr).not.toMatch(/\n\s+at /);
  }, 120_000);
});

describe('analyze --format json on 200 pods and 1,000 policies (issue 20 item 9)', () => {
  it('shares each reason once instead of repeating it on every pair', () => {
    const docs: string[] = [];
    for (let k = 0; k < 200; k++) docs.push(pod(`p${k}`, `, labels: {app: a${k % 4}}`));
    for (let k = 0; k < 1000; k++)
      docs.push(
        `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: np${k}}\nspec:\n  podSelector: {}\n  ingress: [{from: [{podSelector: {matchLabels: {app: a${k % 4}}}}], ports: [{port: ${1 + k}}]}]\n`,
      );
    const chunks: string[] = [];
    const out = runCli(['analyze', 'x.yaml', '--format', 'json'], {
      ...mem({ 'x.yaml': docs.join('---\n') }),
      write: (c) => chunks.push(c),
    });
    expect(out.code).toBe(0);
    expect(out.stdout).toBe(''); // streamed
    // written in blocks of about 64 KiB (one pair's line at most over), never one giant string
    expect(chunks.length).toBeGreaterThan(100);
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThan(200_000);
    const text = chunks.join('');
    // each allowed set (250 port ranges) is printed; the 63 kB reason only once
    expect(text.length).toBeLessThan(120_000_000);
    const j = JSON.parse(text) as {
      connections: { from: string; to: string; why: { egress: number; ingress: number } }[];
      reasons: { isolated: boolean; policies?: string[] }[];
    };
    expect(j.connections).toHaveLength(200 * 199);
    // egress not isolated + one ingress result per source class (4 label values)
    expect(j.reasons).toHaveLength(5);
    const c = j.connections.find((x) => x.from === 'default/p1' && x.to === 'default/p0');
    expect(j.reasons[c?.why.ingress ?? -1]?.policies).toHaveLength(1000);
  });
});

describe('test: a wrong expectation is a diagnostic (issue 20 item 10)', () => {
  const manifests = `manifests: |\n  apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\n  ---\n  apiVersion: v1\n  kind: Pod\n  metadata: {name: b}\n`;
  it('protocol: tcp and a null entry: exit 2 naming field and line; the good one is still checked', () => {
    const out = runCli(
      ['test', 'e.yaml'],
      mem({
        'e.yaml': `${manifests}expect:\n- {from: default/a, to: default/b, network: default, protocol: tcp, port: 80, allowed: true}\n- null\n- {from: default/a, to: default/b, network: default, protocol: TCP, port: 80, allowed: true}\n`,
      }),
    );
    expect(out.code).toBe(2);
    expect(out.stderr).toContain(
      'e.yaml:10:64: error expectation-invalid: expect[0].protocol: "protocol" must be one of TCP, UDP, SCTP, ICMP (case-sensitive, as in Kubernetes), not "tcp"; this expectation was not checked',
    );
    expect(out.stderr).toContain(
      'e.yaml:11:3: error expectation-invalid: expect[1]: an expectation must be a mapping',
    );
    expect(out.stdout).toContain('1 passed, 0 failed');
  });
  it('a missing allowed or a string port is named too', () => {
    const out = runCli(
      ['test', 'e.yaml', '--format', 'json'],
      mem({
        'e.yaml': `${manifests}expect:\n- {from: default/a, to: default/b, network: default, protocol: TCP, port: "80"}\n`,
      }),
    );
    expect(out.code).toBe(2);
    const j = JSON.parse(out.stdout) as { diagnostics: { field: string; fix: string | null }[] };
    expect(j.diagnostics.map((d) => d.field)).toEqual(['expect[0].port', 'expect[0].allowed']);
  });
});

describe('bounded reading (issue 20 item 14)', () => {
  it('an endless input stops at the limit with a clear message', () => {
    const fd = openSync('/dev/zero', 'r');
    expect(() => readBounded(fd, '/dev/zero', 4 * 1048576)).toThrow(
      '/dev/zero is larger than the size limit of 4 MiB; reading stopped there',
    );
  });
  it('analyze /dev/zero and analyze - < /dev/zero end with exit 2 and input-too-large', () => {
    const file = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'analyze', '/dev/zero'], {
      encoding: 'utf8',
      timeout: 60_000,
    });
    expect(file.status).toBe(2);
    expect(file.stderr).toContain(
      'error input-too-large: cannot read /dev/zero: /dev/zero is larger than the size limit of 64 MiB',
    );
    const stdin = spawnSync('npx', ['tsx', 'src/cli/main.ts', 'analyze', '-'], {
      encoding: 'utf8',
      timeout: 60_000,
      stdio: [openSync('/dev/zero', 'r'), 'pipe', 'pipe'],
    });
    expect(stdin.status).toBe(2);
    expect(stdin.stderr).toContain('standard input is larger than the size limit of 64 MiB');
  }, 120_000);
});

describe('names with control characters (issue 20 item 16)', () => {
  const files = {
    'n.yaml': `${pod('a\nFORGED  ROW  default  all')}---\n${pod('b\u001b[2J')}`,
  };
  it('are escaped in table, md and csv: one line per pair, no raw ESC', () => {
    const table = runCli(['analyze', 'n.yaml'], mem(files)).stdout;
    expect(table.trim().split('\n')).toHaveLength(3);
    expect(table).toContain('default/a\\nFORGED  ROW  default  all');
    expect(table).toContain('default/b\\x1b[2J');
    expect(table).not.toContain('\u001b');
    const md = runCli(['analyze', 'n.yaml', '--format', 'md'], mem(files)).stdout;
    expect(md).not.toContain('\u001b');
    expect(md.split('\n').filter((l) => l.startsWith('| default/'))).toHaveLength(2);
    const csv = runCli(['analyze', 'n.yaml', '--format', 'csv'], mem(files)).stdout;
    expect(csv.trim().split('\n')).toHaveLength(3);
    expect(csv).toContain('default/a\\nFORGED  ROW  default  all');
  });
  it('in lint findings too', () => {
    const out = runCli(
      ['lint', 'p.yaml'],
      mem({
        'p.yaml': `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: "p\\nERROR  fake"}\nspec:\n  podSelector: {}\n  policyTypes: [egress]\n`,
      }),
    );
    expect(out.stdout).toContain('NetworkPolicy default/p\\nERROR  fake');
    // two real findings now (the name is not a DNS subdomain, issue 20 item 12), no forged row
    expect(out.stdout.split('\n').filter((l) => /^\S+:\d+:\d+ {2}ERROR/.test(l))).toHaveLength(2);
    expect(out.stdout.split('\n').filter((l) => l.startsWith('ERROR'))).toHaveLength(0);
  });
});

describe('skipped documents (issue 20 item 17)', () => {
  const bomb = `a: &a [x, x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c, *c]\ne: &e [*d, *d, *d, *d, *d, *d, *d, *d, *d, *d]\nf: &f [*e, *e, *e, *e, *e, *e, *e, *e, *e, *e]\n`;
  const files = {
    'ok.yaml': `${pod('a')}---\n${pod('b')}`,
    'bomb.yaml': `${pod('a')}---\n${bomb}---\n${pod('b')}`,
  };
  it('analyze says so and exits 2', () => {
    const out = runCli(['analyze', 'bomb.yaml'], mem(files));
    expect(out.code).toBe(2);
    expect(out.stderr).toContain('error yaml-alias-bomb');
    expect(out.stderr).toContain('it was skipped');
  });
  it('diff --fail-on-change does not claim "no change" when input was skipped', () => {
    const out = runCli(['diff', 'ok.yaml', '--against', 'bomb.yaml', '--fail-on-change'], mem(files));
    expect(out.code).toBe(2);
    expect(out.stdout).not.toContain('no change in reachability');
    expect(out.stdout).toContain('some input was skipped');
    const json = runCli(['diff', 'ok.yaml', '--against', 'bomb.yaml', '--format', 'json'], mem(files));
    expect(JSON.parse(json.stdout)).toMatchObject({ skipped: true, changes: [] });
  });
  it('lint exits 2 as well', () => {
    expect(runCli(['lint', 'bomb.yaml'], mem(files)).code).toBe(2);
  });
});
