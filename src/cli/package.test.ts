// The packaged CLI as a user gets it: `npm pack`, installed offline into an empty folder, run
// through its bin on piped input, a directory and a kind: List, in every format and with focus flags.
// Then the CI tooling around it: the GitHub Action's steps run locally on a sample repository
// (scripts/action-local.mjs, using the bin `npm pack` built), and npm test's Chromium check.
// One file, so the pack's rebuild of dist-cli never races the action's use of it.
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
    // the golden file was written from the path; stdin names its findings <stdin>
    expect(run(['analyze', '-', '--format', 'md'], blog).stdout).toBe(
      readFileSync('src/cli/golden/kubevirt-blog.md', 'utf8').replaceAll(
        'src/scenarios/kubevirt-blog.yaml:',
        '&lt;stdin&gt;:',
      ),
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
  it('a reader that leaves early (| head) ends the run quietly, no EPIPE stack trace', () => {
    const pods = Array.from(
      { length: 200 },
      (_, k) => `apiVersion: v1\nkind: Pod\nmetadata: {name: p${k}}\n`,
    );
    writeFileSync(join(work, 'pods.yaml'), pods.join('---\n'));
    const r = spawnSync(
      'bash',
      [
        '-c',
        `"${process.execPath}" "${bin}" analyze pods.yaml --format json 2>err.txt | head -c 100 >/dev/null; echo \${PIPESTATUS[0]}`,
      ],
      { cwd: work, encoding: 'utf8' },
    );
    expect(r.stdout.trim()).toBe('0');
    expect(readFileSync(join(work, 'err.txt'), 'utf8')).not.toContain('EPIPE');
  });
});

const node = (args: string[]) => spawnSync(process.execPath, args, { encoding: 'utf8', timeout: 180_000 });

describe('action.yml, run locally on a sample repository (no network)', () => {
  it('test, lint and diff against the base branch land in the job summary; exit 0', () => {
    const r = node(['scripts/action-local.mjs']);
    expect(r.stderr).toContain('-- skipped: uses actions/setup-node@v4');
    expect(r.stderr).toContain('-- action status 0');
    expect(r.status).toBe(0);
    expect(r.stdout).toContain('## Expected verdicts\n\n5 passed, 0 failed.');
    // the blog's `termination/GracePeriodSeconds` typo: kubectl's strict validation rejects it (issue 20 item 19)
    expect(r.stdout).toContain('## Findings\n\n0 errors, 6 warnings, 0 infos.');
    expect(r.stdout).toContain('| warning | `field-unknown` | VirtualMachine default/vm1 |');
    expect(r.stdout).toContain('0 gained, 15 lost.');
    expect(r.stdout).toContain('| ➖ lost | default/vm4 | default/vm1 | default/flatl2net | all |');
  });
  it('fail-on-change fails the job', () => {
    const r = node(['scripts/action-local.mjs', '--fail-on-change']);
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('::error::reachability changed (fail-on-change)');
  });
});

describe('npm test without a Chromium', () => {
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    CHROMIUM_CANDIDATES: '/nonexistent/chromium',
    NETPOL_NO_INSTALL: '1',
  };
  delete env.PLAYWRIGHT_CHROMIUM;
  delete env.SKIP_E2E;
  it('stops at once with the one command to run', () => {
    const started = Date.now();
    const r = spawnSync('bash', ['scripts/test-all.sh'], { encoding: 'utf8', env, timeout: 60_000 });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain(
      'No Chromium for the end-to-end tests. Run this one command, then npm test again:',
    );
    expect(r.stdout).toMatch(/\n {2}(sudo apt-get install -y chromium|npx playwright install chromium)/);
    expect(r.stdout.trim().split('\n').pop()).toBe('0 passed, 1 failed');
    expect(r.stdout).not.toContain('== typecheck');
    expect(Date.now() - started).toBeLessThan(10_000);
  });
  it('a PLAYWRIGHT_CHROMIUM that does not exist is named', () => {
    const r = spawnSync('bash', ['scripts/ensure-chromium.sh'], {
      encoding: 'utf8',
      env: { ...env, PLAYWRIGHT_CHROMIUM: '/nope/chrome' },
    });
    expect(r.status).toBe(1);
    expect(r.stdout).toContain('PLAYWRIGHT_CHROMIUM=/nope/chrome is not an executable file');
  });
});

function docs(): string[] {
  return blog.split(/^---\n/m).filter((d) => /\S/.test(d.replace(/#.*$/gm, '')));
}
