import { spawnSync } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, type CliIo } from './run';

const disk: CliIo = { readFile: (p) => readFileSync(p, 'utf8') };
const blogFile = 'src/scenarios/kubevirt-blog.yaml';
const full = readFileSync(blogFile, 'utf8');
const before = full.slice(0, full.lastIndexOf('---\napiVersion: k8s.cni.cncf.io/v1beta1'));
const withBefore: CliIo = { readFile: (p) => (p === 'before.yaml' ? before : disk.readFile(p)) };

/** Golden files: UPDATE_GOLDEN=1 rewrites them (review the diff). */
function golden(name: string, actual: string): void {
  const path = `src/cli/golden/${name}`;
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(path)) writeFileSync(path, actual);
  expect(actual).toBe(readFileSync(path, 'utf8'));
}

describe('analyze formats on the KubeVirt blog example (golden files)', () => {
  for (const format of ['md', 'csv', 'dot'] as const)
    it(format, () => {
      const out = runCli(['analyze', blogFile, '--format', format], disk);
      expect(out.code).toBe(0);
      golden(`kubevirt-blog.${format}`, out.stdout);
    });
  it('md of the diff and of lint', () => {
    golden(
      'kubevirt-blog-diff.md',
      runCli(['diff', 'before.yaml', '--against', blogFile, '--format', 'md'], withBefore).stdout,
    );
    golden('kubevirt-blog-lint.md', runCli(['lint', blogFile, '--format', 'md'], disk).stdout);
    const harvester = runCli(['lint', 'src/scenarios/harvester-netpol-3.yaml', '--format', 'md'], disk);
    expect(harvester.code).toBe(1);
    golden('harvester-netpol-3-lint.md', harvester.stdout);
  });
  it('csv of the diff and of lint: a header and one line per change or finding', () => {
    const diff = runCli(['diff', 'before.yaml', '--against', blogFile, '--format', 'csv'], withBefore)
      .stdout.trim()
      .split('\n');
    expect(diff[0]).toBe('change,from,to,network,connections');
    expect(diff).toHaveLength(16);
    expect(diff).toContain('lost,default/vm4,default/vm1,default/flatl2net,all');
    const lint = runCli(['lint', 'p.yaml', '--format', 'csv'], {
      readFile: () =>
        'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  policyTypes: [egress]\n',
    })
      .stdout.trim()
      .split('\n');
    expect(lint[0]).toBe('severity,code,object,field,file,line,column,message,fix');
    expect(lint[1]).toMatch(
      /^error,policy-types-case,NetworkPolicy default\/p,spec\.policyTypes\[0\],p\.yaml,6,17,"policyTypes value ""egress"" is not/,
    );
  });
  it('svg: Graphviz in WebAssembly renders the dot graph, no system Graphviz', async () => {
    const viz = await (await import('@viz-js/viz')).instance();
    const out = runCli(['analyze', blogFile, '--format', 'svg'], {
      ...disk,
      renderSvg: (dot) => viz.renderString(dot, { format: 'svg' }),
    });
    expect(out.code).toBe(0);
    expect(out.stdout).toMatch(/^<\?xml[\s\S]*<svg[\s\S]*<\/svg>\s*$/);
    expect(out.stdout).toContain('network default/flatl2net');
    expect(out.stdout).toContain('>vm6</text>');
    expect(runCli(['analyze', blogFile, '--format', 'svg'], disk).stderr).toContain(
      'SVG renderer is not available',
    );
  });
});

describe('help, version and formats per command', () => {
  it('--help per command lists its formats and options', () => {
    const lint = runCli(['lint', '--help'], disk);
    expect(lint.code).toBe(0);
    expect(lint.stdout).toContain('--format table|json|md|csv');
    expect(lint.stdout).toContain('--fail-on error|warning');
    expect(runCli(['analyze', '--help'], disk).stdout).toContain('--format table|json|md|csv|dot|svg');
    expect(runCli(['probe', '-h'], disk).stdout).toContain('Usage: netpol-studio probe FROM TO');
    expect(runCli(['--help'], disk).stdout).toContain('probes    a lab script');
  });
  it('--version prints the version; a format a command lacks is a usage error', () => {
    expect(runCli(['--version'], { ...disk, version: '1.2.3' })).toEqual({
      stdout: '1.2.3\n',
      stderr: '',
      code: 0,
    });
    const bad = runCli(['lint', blogFile, '--format', 'dot'], disk);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format must be table or json or md or csv for lint, not "dot"');
  });
});

describe('probes lab script', () => {
  it('a bash script with one nc and one ping check per pair and the expected result', () => {
    const out = runCli(['probes', blogFile, '--workload', 'vm4', '--direction', 'egress'], disk);
    expect(out.code).toBe(0);
    const lines = out.stdout.split('\n');
    expect(lines[0]).toBe('#!/usr/bin/env bash');
    const checks = lines.filter((l) => l.startsWith('check '));
    expect(checks).toHaveLength(10);
    expect(checks[0]).toMatch(
      /^check denied {2}'default\/vm4 -> default\/vm1 on default\/flatl2net TCP 22' /,
    );
    expect(checks[0]).toContain('virtctl ssh -n');
    expect(checks[1]).toMatch(/^check denied {2}'default\/vm4 -> default\/vm1 on default\/flatl2net ICMP' /);
    expect(spawnSync('bash', ['-n'], { input: out.stdout }).status).toBe(0);
  });
});

describe('probes script against a fake cluster', () => {
  // fake kubectl, nc and ping: the "network" lets through what net.txt lists; an allowed TCP
  // port has no listener (refused), so a refusal must count as reachable
  const dir = mkdtempSync(join(tmpdir(), 'netpol-probes-'));
  const tool = (name: string, body: string) => {
    writeFileSync(join(dir, name), `#!/usr/bin/env bash\n${body}\n`);
    chmodSync(join(dir, name), 0o755);
  };
  tool(
    'kubectl',
    `if [ "$1" = get ]; then case "$5" in "'a'"|a) echo 10.0.0.1;; *) echo 10.0.0.2;; esac; exit 0; fi
# exec -n NS NAME -- sh -c CMD
export SRC=$4; shift 5; "$@"`,
  );
  tool(
    'nc',
    `if grep -qx "$SRC>$4:tcp:$5" "$NET"; then echo "nc: connect to $4 port $5 (tcp) failed: Connection refused" >&2; else echo "nc: timed out" >&2; fi; exit 1`,
  );
  tool('ping', `grep -qx "$SRC>$5:icmp" "$NET"`);
  const manifests = `apiVersion: v1\nkind: Pod\nmetadata: {name: a, labels: {app: a}}\nstatus: {podIP: 10.0.0.1}\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: b}\nstatus: {podIP: 10.0.0.2}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: only-80}\nspec:\n  podSelector: {matchLabels: {app: a}}\n  ingress: [{ports: [{port: 80}]}]\n`;
  const script = runCli(['probes', 'm.yaml'], { readFile: () => manifests }).stdout;
  const runScript = (net: string) => {
    writeFileSync(join(dir, 'net.txt'), net);
    return spawnSync('bash', ['-c', script], {
      encoding: 'utf8',
      env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, NET: join(dir, 'net.txt') },
    });
  };
  it('every check passes when the cluster behaves as analysed', () => {
    const r = runScript("'a'>10.0.0.2:tcp:80\n'a'>10.0.0.2:icmp\n'b'>10.0.0.1:tcp:80\n".replace(/'/g, ''));
    expect(r.stdout).toContain('ok   default/b -> default/a on default TCP 80: allowed');
    expect(r.stdout).toContain('ok   default/b -> default/a on default ICMP: denied');
    expect(r.stdout.trim().split('\n').pop()).toBe('4 passed, 0 failed');
    expect(r.status).toBe(0);
  });
  it('a verdict the cluster contradicts fails with the expected and actual result', () => {
    const r = runScript('a>10.0.0.2:tcp:80\nb>10.0.0.1:tcp:80\n');
    expect(r.stdout).toContain('FAIL default/a -> default/b on default ICMP: expected allowed, got denied');
    expect(r.stdout.trim().split('\n').pop()).toBe('3 passed, 1 failed');
    expect(r.status).toBe(1);
  });
});
