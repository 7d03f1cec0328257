import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../io/k8s-to-model';
import { allows, formatConns, NO_CONNS } from '../conn';
import { analyze, Analyzer, compileModel } from '../analyze';
import { lint } from '../lint';
import { teamScene } from '../../testing/manifests';
import type { Backend } from './backend';

/** Backend profiles (R9.3, R9.15): `api` (default) applies every ANP and CNP; `ovn-kubernetes` what OVN-K programs. */
const anp = (name: string, priority: number, body: string) =>
  `---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: AdminNetworkPolicy\nmetadata: {name: ${name}}\nspec:\n  priority: ${priority}\n  subject: {namespaces: {matchLabels: {team: a}}}\n${body}`;
const SCENE = teamScene(['a/web@10.0.0.1', 'b/api@10.0.1.1', 'c/job@10.0.2.1'], '{containers: [{name: c}]}');
const DENY_B = `  ingress:\n  - {name: deny-b, action: Deny, from: [{namespaces: {matchLabels: {team: b}}}]}\n`;
const DENY_C = `  ingress:\n  - {name: deny-c, action: Deny, from: [{namespaces: {matchLabels: {team: c}}}]}\n`;
const CNP = `---\napiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: cnp-deny}\nspec:\n  tier: Admin\n  priority: 5\n  subject: {namespaces: {matchLabels: {team: b}}}\n  egress:\n  - {action: Deny, to: [{namespaces: {matchLabels: {team: c}}}]}\n`;
const TEXT = SCENE + anp('high', 150, DENY_B) + anp('edge', 99, DENY_C) + CNP;

function run(backend?: Backend) {
  const model = parseManifests([{ text: TEXT, file: 'x.yaml' }]).model;
  const result = analyze(model, backend ? { backend } : {});
  const verdict = (from: string, to: string) => {
    const c = result.connections.find((x) => x.from === from && x.to === to);
    return c ? formatConns(c.allowed) : 'absent';
  };
  const findings = lint(model, compileModel(model, backend));
  const text = (code: string) =>
    findings.filter((d) => d.code === code).map((d) => `${d.object?.name}: ${d.message}`);
  const notApplied = Object.fromEntries(result.policies.map((p) => [p.id, p.notApplied ?? 'applied']));
  return { verdict, text, notApplied, result };
}

describe('backend profile', () => {
  it('api (the default): the priority-150 ANP and the CNP apply, M22/M30 say so', () => {
    const r = run();
    expect(r.verdict('b/api', 'a/web')).toBe('none');
    expect(r.verdict('c/job', 'a/web')).toBe('none');
    expect(r.verdict('b/api', 'c/job')).toBe('none');
    expect(r.verdict('a/web', 'b/api')).toBe('all');
    expect(r.notApplied).toEqual({ 'anp:high': 'applied', 'anp:edge': 'applied', 'cnp:cnp-deny': 'applied' });
    expect(r.text('admin-priority-ovnk')).toEqual([
      'high: priority 150 is above 99: OVN-Kubernetes does not program this ANP (event ANPWithUnsupportedPriority); applied here per the API (backend profile api)',
    ]);
    expect(r.text('cluster-network-policy')).toEqual([
      'cnp-deny: ClusterNetworkPolicy (v1alpha2) mixed with AdminNetworkPolicy/BaselineAdminNetworkPolicy (v1alpha1): no implementation has both; evaluated with ANPs and Admin-tier CNPs in one priority order (backend profile api)',
    ]);
    expect(run('api').verdict('b/api', 'a/web')).toBe('none');
  });

  it('ovn-kubernetes: priority > 99 and CNPs are not applied; priority 99 still is; M22/M30 say so', () => {
    const r = run('ovn-kubernetes');
    expect(r.verdict('b/api', 'a/web')).toBe('all');
    expect(r.verdict('c/job', 'a/web')).toBe('none');
    expect(r.verdict('b/api', 'c/job')).toBe('all');
    expect(r.notApplied).toEqual({
      'anp:high':
        'not programmed by OVN-Kubernetes: priority 150 is above 99 (backend profile ovn-kubernetes)',
      'anp:edge': 'applied',
      'cnp:cnp-deny':
        'not programmed by OVN-Kubernetes, which implements v1alpha1 only (backend profile ovn-kubernetes)',
    });
    expect(r.text('admin-priority-ovnk')).toEqual([
      'high: priority 150 is above 99: OVN-Kubernetes does not program this ANP (event ANPWithUnsupportedPriority); not applied here (backend profile ovn-kubernetes)',
    ]);
    expect(r.text('cluster-network-policy')).toEqual([
      'cnp-deny: ClusterNetworkPolicy is not enforced by OVN-Kubernetes (it implements v1alpha1 ANP/BANP only): not applied here (backend profile ovn-kubernetes)',
    ]);
    // the Why chain no longer names the ANP that is left out
    const c = r.result.connections.find((x) => x.from === 'b/api' && x.to === 'a/web');
    expect(JSON.stringify(c?.ingress)).not.toContain('high');
  });

  it('a rejected ANP stays rejected (M23) under either profile', () => {
    const text = SCENE + anp('bad', 1001, DENY_B);
    for (const backend of ['api', 'ovn-kubernetes'] as const) {
      const model = parseManifests([{ text, file: 'x.yaml' }]).model;
      const res = analyze(model, { backend });
      expect(res.policies.map((p) => p.notApplied)).toEqual(['rejected by the API server']);
      expect(
        lint(model, compileModel(model, backend)).filter((d) => d.code === 'admin-priority-ovnk'),
      ).toEqual([]);
    }
  });

  it('an analyzer keeps its profile across edits (incremental runs agree with fresh ones)', () => {
    const a = new Analyzer('ovn-kubernetes');
    const m1 = parseManifests([{ text: TEXT, file: 'x.yaml' }]).model;
    const m2 = parseManifests([
      { text: TEXT.replace('priority: 99', 'priority: 100'), file: 'x.yaml' },
    ]).model;
    const at = (res: ReturnType<Analyzer['analyze']>, from: string, to: string) =>
      allows(res.connections.find((x) => x.from === from && x.to === to)?.allowed ?? NO_CONNS, 'TCP', 80);
    expect(at(a.analyze(m1), 'c/job', 'a/web')).toBe(false);
    // `edge` moves to 100: OVN-K drops it too
    expect(at(a.analyze(m2), 'c/job', 'a/web')).toBe(true);
    expect(at(a.analyze(m1), 'c/job', 'a/web')).toBe(false);
    expect(at(new Analyzer('api').analyze(m2), 'c/job', 'a/web')).toBe(false);
  });
});
