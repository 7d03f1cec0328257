// Defect 1 (issue 13): a Pod and a VM with the same namespace/name are two endpoints: every
// view keys them by endpoint id, their labels are told apart, and a finding names the clash.
import { describe, expect, it } from 'vitest';
import { parseManifests } from '../io/k8s-to-model';
import { analyze } from './analyze';
import { allows } from './conn';
import { diffAnalyses, diffModels } from './diff';
import { checkExpectations } from './expect';
import { lint } from './lint';
import { viewOf } from '../store/selectors';
import { docs, pod, virtualMachine } from '../testing/manifests';

const C = '{containers: [{name: c, image: x}]}';
const BASE = `\n${docs(
  pod('default', 'a', { labels: 'app: client', spec: C }),
  virtualMachine('default', 'a', 'app: vm', 'masquerade: {}'),
  pod('default', 'b', { labels: 'app: server', spec: C }),
)}`;
const ONLY_CLIENT = `
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: only-client, namespace: default}
spec:
  podSelector: {matchLabels: {app: server}}
  ingress: [{from: [{podSelector: {matchLabels: {app: client}}}]}]
`;

const model = (text: string) => parseManifests([{ text, file: 'x.yaml' }]).model;

describe('a Pod and a VM with the same namespace/name (defect 1)', () => {
  const result = analyze(model(BASE + ONLY_CLIENT));
  const toB = result.connections.filter((c) => c.to === 'default/b');

  it('are two rows with distinct labels and ids and their own verdicts', () => {
    expect(toB.map((c) => [c.from, c.fromId, allows(c.allowed, 'TCP', 80)])).toEqual([
      ['default/a (Pod)', 'pod:default/a', true],
      ['default/a (VM)', 'vm:default/a', false],
    ]);
  });

  it('labels stay namespace/name where nothing clashes', () => {
    expect(toB.every((c) => c.to === 'default/b' && c.toId === 'pod:default/b')).toBe(true);
    expect(result.policies[0]?.selected).toEqual(['default/b']);
  });

  it('the view finds each by endpoint id (and by its label)', () => {
    const v = viewOf(result);
    expect(v.endpointsOn('default')).toEqual(['default/a (Pod)', 'default/a (VM)', 'default/b']);
    expect(
      allows(
        v.find('pod:default/a', 'pod:default/b', 'default')?.allowed ?? {
          TCP: [],
          UDP: [],
          SCTP: [],
          ICMP: false,
        },
        'TCP',
        80,
      ),
    ).toBe(true);
    expect(v.find('vm:default/a', 'pod:default/b', 'default')?.from).toBe('default/a (VM)');
    expect(v.find('default/a (VM)', 'default/b', 'default')?.fromId).toBe('vm:default/a');
    expect(v.touching('vm:default/a').map((c) => `${c.from} -> ${c.to}`)).toEqual([
      'default/a (VM) -> default/a (Pod)',
      'default/a (Pod) -> default/a (VM)',
      'default/a (VM) -> default/b',
      'default/b -> default/a (VM)',
    ]);
  });

  it('expectations name either one', () => {
    const r = checkExpectations(result, [
      {
        from: 'default/a (Pod)',
        to: 'default/b',
        network: 'default',
        protocol: 'TCP',
        port: 80,
        allowed: true,
      },
      {
        from: 'default/a (VM)',
        to: 'default/b',
        network: 'default',
        protocol: 'TCP',
        port: 80,
        allowed: false,
      },
    ]);
    expect(r.map((x) => [x.ok, x.actual])).toEqual([
      [true, true],
      [true, false],
    ]);
  });

  it('the diff keeps both pairs apart', () => {
    const before = model(BASE);
    const after = model(BASE + ONLY_CLIENT);
    const rows = (xs: ReturnType<typeof diffModels>) =>
      xs.map((c) => `${c.change} ${c.from} -> ${c.to} (${c.fromId})`);
    const expected = ['lost default/a (VM) -> default/b (vm:default/a)'];
    expect(rows(diffModels(before, after)).filter((r) => r.includes('-> default/b'))).toEqual(expected);
    expect(
      rows(diffAnalyses(analyze(before), analyze(after))).filter((r) => r.includes('-> default/b')),
    ).toEqual(expected);
  });

  it('a finding names the clash', () => {
    const m = model(BASE);
    const f = lint(m).filter((d) => d.code === 'endpoint-name-shared');
    expect(f.map((d) => [d.severity, d.object?.kind, d.object?.namespace, d.object?.name])).toEqual([
      ['warning', 'VirtualMachine', 'default', 'a'],
    ]);
    expect(f[0]?.message).toContain('Pod default/a');
  });
});
