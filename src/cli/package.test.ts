// The packaged CLI as a user gets it: `npm pack`, installed offline into an empty folder, run
// through its bin on piped input, a directory and a kind: List, in every format and with focus flags.
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const blog = readFileSync('src/scenarios/kubevirt-blog.yaml', 'utf8');
let bin = '';
let work = '';

const run = (args: string[], input?: string) =>
  spawnSync(process.execPath, [bin, ...args], {
    cwd: work,
    encoding: 'utf8',
    input: input ?? '',
    timeout: 60_000,
  });

beforeAll(() => {
  work = mkdtempSync(join(tmpdir(), 'netpol-pack-'));
  execFileSync('npm', ['pack', '--pack-destination', work, '--silent'], { stdio: 'pipe' });
  const tgz = readdirSync(work).find((f) => f.endsWith('.tgz')) as string;
  const app = join(work, 'app');
  mkdirSync(app);
  writeFileSync(join(app, 'package.json'), '{"name": "empty", "private": true}\n');
  // no network: the package has no dependencies (the bundle carries what it needs)
  execFileSync('npm', ['install', '--offline', '--no-audit', '--no-fund', join(work, tgz)], {
    cwd: app,
    stdio: 'pipe',
  });
  bin = join(app, 'node_modules', '.bin', 'netpol-studio');
  mkdirSync(join(work, 'manifests', 'nested'), { recursive: true });
  const docs = blog.split(/^---\n/m);
  writeFileSync(join(work, 'manifests', 'first.yaml'), docs.slice(0, 3).join('---\n'));
  writeFileSync(join(work, 'manifests', 'nested', 'rest.yml'), docs.slice(3).join('---\n'));
  writeFileSync(join(work, 'manifests', 'README.txt'), 'not a manifest');
  cpSync('src/scenarios/kubevirt-blog.expect.yaml', join(work, 'blog.expect.yaml'));
  cpSync('src/scenarios/kubevirt-blog.yaml', join(work, 'kubevirt-blog.yaml'));
}, 240_000);

describe('the packed netpol-studio bin', () => {
  it('--version and --help', () => {
    const pkg = JSON.parse(readFileSync('package.json', 'utf8')) as { version: string };
    expect(run(['--version']).stdout).toBe(`${pkg.version}\n`);
    expect(run(['analyze', '--help']).stdout).toContain('--format table|json|md|csv|dot|svg');
  });
  it('analyze - on piped input, a directory and a kind: List agree', () => {
    const piped = run(['analyze', '-', '--format', 'csv'], blog);
    expect(piped.status).toBe(0);
    expect(piped.stdout.trim().split('\n')).toHaveLength(31);
    const dir = run(['analyze', 'manifests', '--format', 'csv']);
    expect(dir.stdout).toBe(piped.stdout);
    expect(dir.stderr).toContain(
      'read 2 inputs: MultiNetworkPolicy 1, NetworkAttachmentDefinition 1, VirtualMachine 6',
    );
    const items = docs()
      .map((d) => `- ${d.trim().replace(/\n/g, '\n  ')}`)
      .join('\n');
    const list = run(['analyze', '-', '--format', 'csv'], `apiVersion: v1\nkind: List\nitems:\n${items}\n`);
    expect(list.stdout).toBe(piped.stdout);
  });
  it('every format', () => {
    const json = JSON.parse(run(['analyze', '-', '--format', 'json'], blog).stdout) as {
      connections: unknown[];
    };
    expect(json.connections).toHaveLength(30);
    expect(run(['analyze', '-'], blog).stdout.split('\n')[0]).toMatch(
      /^FROM\s+TO\s+NETWORK\s+ALLOWED\s+WHY$/,
    );
    expect(run(['analyze', '-', '--format', 'md'], blog).stdout).toBe(
      readFileSync('src/cli/golden/kubevirt-blog.md', 'utf8'),
    );
    expect(run(['analyze', '-', '--format', 'dot'], blog).stdout).toMatch(/^digraph reachability \{/);
    const svg = run(['analyze', '-', '--format', 'svg'], blog);
    expect(svg.status).toBe(0);
    expect(svg.stdout).toContain('<svg');
    expect(run(['lint', '-', '--format', 'md'], blog).stdout).toContain('## Findings');
    expect(run(['test', 'blog.expect.yaml']).stdout).toContain('5 passed, 0 failed');
  });
  it('focus flags and probe', () => {
    const denied = run(
      ['analyze', '-', '--denied', '--workload', 'vm4', '--direction', 'egress', '--format', 'csv'],
      blog,
    );
    expect(denied.stdout.trim().split('\n').slice(1)).toEqual(
      ['vm1', 'vm2', 'vm3', 'vm5', 'vm6'].map(
        (v) =>
          `default/vm4,default/${v},default/flatl2net,none,"ingress isolated by MultiNetworkPolicy default/ingress-ipblock, no rule matches"`,
      ),
    );
    expect(run(['probe', 'vm1', 'vm2', '-', '--protocol', 'TCP', '--port', '22'], blog).status).toBe(0);
    expect(run(['probe', 'vm4', 'vm1', '-', '--protocol', 'ICMP'], blog).status).toBe(1);
  });
});

function docs(): string[] {
  return blog.split(/^---\n/m).filter((d) => /\S/.test(d.replace(/#.*$/gm, '')));
}
