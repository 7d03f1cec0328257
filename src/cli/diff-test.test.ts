import { join } from 'node:path';
import { CONFORMANCE_DIR } from '../testing/conformance';
import { disk, expectToContain, memoryIo } from '../testing/cli-io';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from './run';

const blog = 'src/scenarios/kubevirt-blog.yaml';
const full = readFileSync(blog, 'utf8');
const before = full.slice(0, full.lastIndexOf('---\napiVersion: k8s.cni.cncf.io/v1beta1'));
const mem = (files: Record<string, string>) => memoryIo(files, disk);

describe('cli diff', () => {
  it('lists lost connections when the ingress-ipblock policy is applied', () => {
    const out = runCli(
      ['diff', 'before.yaml', '--against', blog, '--format', 'json'],
      mem({ 'before.yaml': before }),
    );
    expect(out.code).toBe(0);
    const changes = (JSON.parse(out.stdout) as { changes: { change: string; from: string; to: string }[] })
      .changes;
    expect(changes.every((c) => c.change === 'lost')).toBe(true);
    expect(changes.map((c) => `${c.from}>${c.to}`)).toContain('default/vm4>default/vm1');
    expect(changes.map((c) => `${c.from}>${c.to}`)).not.toContain('default/vm1>default/vm4');
    expect(changes).toHaveLength(15); // vm4-vm6 lose every other VM: 3 x 5
  });
  it('gained connections the other way round; --fail-on-change exits 1; no change exits 0', () => {
    const out = runCli(
      ['diff', blog, '--against', 'before.yaml', '--fail-on-change'],
      mem({ 'before.yaml': before }),
    );
    expect(out.code).toBe(1);
    expect(out.stdout).toMatch(/\+ gained\s+default\/vm4\s+default\/vm1\s+default\/flatl2net\s+all/);
    const same = runCli(['diff', blog, '--against', blog, '--fail-on-change'], disk);
    expect(same).toMatchObject({ code: 0, stdout: 'no change in reachability\n' });
  });
  it('port-level changes are exact', () => {
    const narrowed = full.replace(
      '  ingress:\n  - from:\n    - ipBlock:\n        cidr: 10.200.0.0/30',
      '  ingress:\n  - from:\n    - ipBlock:\n        cidr: 10.200.0.0/30\n    ports:\n    - port: 22',
    );
    const out = runCli(
      ['diff', blog, '--against', 'n.yaml', '--format', 'json'],
      mem({ 'n.yaml': narrowed }),
    );
    const c = (
      JSON.parse(out.stdout) as {
        changes: { from: string; to: string; connections: { TCP: number[][]; ICMP: boolean } }[];
      }
    ).changes.find((x) => x.from === 'default/vm1' && x.to === 'default/vm2');
    expect(c?.connections.TCP).toEqual([
      [1, 21],
      [23, 65535],
    ]);
    expect(c?.connections.ICMP).toBe(true);
  });
  it('diff without --against is a usage error', () => {
    expect(runCli(['diff', blog], disk).code).toBe(2);
  });
});

describe('cli test', () => {
  it('passes the shipped intent file (manifestFiles relative to it)', () => {
    const out = runCli(['test', 'src/scenarios/kubevirt-blog.expect.yaml'], disk);
    expect(out.stderr).toBe('');
    expect(out.code).toBe(0);
    expect(out.stdout.trim().split('\n').pop()).toBe('5 passed, 0 failed');
  });
  it('a failing expectation exits 1 and prints the reason', () => {
    const intent = readFileSync('src/scenarios/kubevirt-blog.expect.yaml', 'utf8')
      .replace('manifestFiles: [kubevirt-blog.yaml]', `manifestFiles: [${process.cwd()}/${blog}]`)
      .replace('protocol: ICMP, allowed: false}', 'protocol: ICMP, allowed: true}');
    const out = runCli(['test', 'bad.expect.yaml'], mem({ 'bad.expect.yaml': intent }));
    expect(out.code).toBe(1);
    expectToContain(out.stdout, [
      'FAIL kubevirt-blog-intent: 4/5 expectations hold',
      '✗ default/vm4 -> default/vm1 on default/flatl2net ICMP: expected allowed, got denied',
      'ingress of default/vm1: isolated by MultiNetworkPolicy default/ingress-ipblock; no rule matches',
    ]);
  });
  it('an unknown pair is a failure that says why', () => {
    const out = runCli(
      ['test', 'x.yaml'],
      mem({
        'x.yaml': `manifests: |\n  apiVersion: v1\n  kind: Pod\n  metadata: {name: a}\nexpect:\n- {from: default/a, to: default/zz, network: default, protocol: TCP, port: 80, allowed: true}\n`,
      }),
    );
    expect(out.code).toBe(1);
    expect(out.stdout).toContain('no endpoint is on network default');
  });
  it('a conformance case works as-is', () => {
    const out = runCli(['test', join(CONFORMANCE_DIR, 'upstream/k8s-e2e-named-port-ingress.yaml')], disk);
    expect(out.code).toBe(0);
  });
  it('a file without expectations is unreadable input (exit 2)', () => {
    expect(runCli(['test', 'y.yaml'], mem({ 'y.yaml': 'name: nothing\n' })).code).toBe(2);
  });
});
