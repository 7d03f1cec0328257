import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { parseIntent } from '../../io/intent';
import { parseManifests } from '../../io/k8s-to-model';
import { analyze } from '../analyze';
import { formatConns } from '../conn';
import { applyPolicies, generatePlan, printedPolicies } from './index';
import { verifyPlan } from './verify';

const pod = (ns: string, name: string, ip: string) =>
  `---\napiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${ns}, labels: {app: ${name}}}\nstatus: {podIP: ${ip}}\n`;
const SCENE = `${pod('x', 'a', '10.0.0.1')}${pod('x', 'b', '10.0.0.2')}${pod('x', 'c', '10.0.0.3')}`;
const ANPS = `---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: deny-c}
spec:
  priority: 10
  subject: {namespaces: {}}
  ingress:
  - action: Deny
    from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: c}}}}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: allow-b}
spec:
  priority: 20
  subject: {namespaces: {}}
  ingress:
  - action: Allow
    from: [{pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: b}}}}]
---
apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: b-out}
spec:
  priority: 30
  subject: {pods: {namespaceSelector: {}, podSelector: {matchLabels: {app: b}}}}
  egress:
  - action: Allow
    to: [{namespaces: {}}]
`;

function run(manifests: string, intentText: string) {
  const model = parseManifests([{ text: manifests }]).model;
  const intent = parseIntent(intentText, 'intent.yaml').intent;
  if (!intent) throw new Error('intent');
  const { plan } = generatePlan(model, intent, { dns: false });
  if (!plan) throw new Error('no plan');
  return verifyPlan(applyPolicies(model, plan, printedPolicies(plan)), plan);
}

describe('generate under admin tiers (SEMANTICS R9.6)', () => {
  it('an Admin Deny makes a line impossible and an Admin Allow over-allows: said per line, no misprediction', () => {
    const v = run(
      SCENE + ANPS,
      `allow:\n  - {from: x/c, to: x/a, protocol: TCP, port: 80}\n  - {from: x/a, to: x/b, protocol: TCP, port: 80}\n  - {from: x/b, to: x/c, protocol: TCP, port: 22}\n`,
    );
    expect(v.mispredicted).toEqual([]);
    expect(v.exact).toBe(false);
    expect(v.lines.map((l) => [l.line.from, l.line.to, l.reasons])).toEqual([
      [
        'x/c',
        'x/a',
        [
          'anp:deny-c denies TCP 80 in the Admin tier, before any NetworkPolicy (R9.6): no NetworkPolicy can allow it',
        ],
      ],
      [
        'x/b',
        'x/c',
        [
          'anp:b-out, anp:allow-b allows TCP 1-21,23-65535; UDP all; SCTP all; ICMP in the Admin tier, before any NetworkPolicy (R9.6): no NetworkPolicy can deny it',
        ],
      ],
    ]);
    // b → a is in no line: the Admin Allow still admits everything
    expect(v.unexplained.map((u) => `${u.from} -> ${u.to} ${formatConns(u.allowed)}: ${u.why}`)).toEqual([
      'x/b -> x/a all: anp:b-out, anp:allow-b allows all in the Admin tier, before any NetworkPolicy (R9.6): no NetworkPolicy can deny it',
    ]);
  });

  it('without a conflicting admin rule the intent is exact under the tiers', () => {
    const v = run(
      SCENE + ANPS,
      `allow:\n  - {from: x/a, to: x/b, protocol: TCP, port: 80}\n  - {from: x/a, to: x/c, protocol: any}\n`,
    );
    expect(v.mispredicted).toEqual([]);
    // b is admitted everywhere by the Admin tier: b → a and b → c stay open whatever the intent says
    expect(v.unexplained.map((u) => `${u.from} -> ${u.to}`)).toEqual(['x/b -> x/a', 'x/b -> x/c']);
    expect(v.lines).toEqual([]);
  });
});

describe('generate on primary UDNs (SEMANTICS §10)', () => {
  it('the udn-tenants story: NetworkPolicy in the UDN namespace, exact, nothing mispredicted', () => {
    const text = readFileSync('src/scenarios/udn-tenants.yaml', 'utf8');
    const model = parseManifests([{ text }]).model;
    const intent = parseIntent(
      'allow:\n  - {from: tenant-a/frontend, to: tenant-a/vm-a, network: tenant-a/tenant-net, protocol: TCP, port: 22}\n',
    ).intent;
    const { plan } = generatePlan(model, intent!, {});
    const v = verifyPlan(applyPolicies(model, plan!, printedPolicies(plan!)), plan!);
    expect(v.mispredicted).toEqual([]);
    expect(v.exact).toBe(true);
    const onUdn = plan!.policies
      .filter((p) => p.policy.namespace === 'tenant-a' && p.policy.name.startsWith('tenant-net-'))
      .map((p) => `${p.policy.kind} ${p.policy.name}`);
    expect(onUdn).toContain('NetworkPolicy tenant-net-default-deny-ingress');
    expect(onUdn.some((x) => x.includes('allow-ingress-to'))).toBe(true);
    expect(onUdn.every((x) => x.startsWith('NetworkPolicy'))).toBe(true);
  });
});

describe('verify on compact results (large networks come back as class tables)', () => {
  it('the same verdicts, reports and pair count as on the full listing', () => {
    const text = readFileSync('src/scenarios/kubevirt-blog.yaml', 'utf8');
    const model = parseManifests([{ text }]).model;
    const intent = parseIntent(
      'allow:\n  - {from: default/vm1, to: default/vm2, protocol: ICMP}\n  - {from: default/vm4, to: default/vm5, protocol: TCP, port: 22}\n',
    ).intent;
    const { plan } = generatePlan(model, intent!, {});
    const after = applyPolicies(model, plan!, printedPolicies(plan!));
    const full = verifyPlan(after, plan!, analyze(after));
    const compact = analyze(after, { compactAbove: 10 });
    expect(compact.compact?.length).toBe(1);
    const v = verifyPlan(after, plan!, compact);
    expect(v.pairsChecked).toBe(30);
    expect(v).toEqual(full);
    expect(v.exact).toBe(false); // ICMP alone widens to every protocol
  });
});
