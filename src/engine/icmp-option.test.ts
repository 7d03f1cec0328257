import { describe, expect, it } from 'vitest';
import { parseManifests } from '../io/k8s-to-model';
import { adminNetworkPolicy, docs, nad, namespace, pod, teamScene } from '../testing/manifests';
import { analyze, Analyzer, compileModel, type AnalysisResult } from './analyze';
import { lint } from './lint';
import { parseObjects } from '../io/k8s-to-model';
import { generateCluster } from '../testing/generate';
import { withUdns } from '../testing/generate-udn';
import { formatConns } from './conn';
import { explainConnection } from './explain';

// allow-icmp-network-policy (SEMANTICS R10.17, icmp-option.ts): ICMP passes the NetworkPolicy
// default-deny of the sides a policy isolates, on the networks OVN-K enforces; tiers unchanged.

const SCENE = teamScene(
  ['a/server@10.0.0.1', 'a/client@10.0.0.2', 'b/other@10.0.1.1'],
  '{containers: [{name: c}]}',
);
const np = (name: string, ns: string, spec: string) =>
  `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec: ${spec}\n`;
/** The upstream e2e's `makeDenyAllPolicy`: every pod of the namespace, both directions, no rule. */
const DENY_ALL = np('deny-all', 'a', '{podSelector: {}, policyTypes: [Ingress, Egress]}');

const modelOf = (text: string) => parseManifests([{ text, file: 'x.yaml' }]).model;

function read(result: AnalysisResult) {
  const conn = (from: string, to: string, network = 'default') => {
    const c = result.connections.find((x) => x.from === from && x.to === to && x.network === network);
    if (!c) throw new Error(`no ${from} -> ${to} on ${network}`);
    return c;
  };
  return {
    verdict: (from: string, to: string, network?: string) => formatConns(conn(from, to, network).allowed),
    why: (from: string, to: string, network?: string) => explainConnection(conn(from, to, network)),
  };
}

const run = (text: string, allowIcmp: boolean) =>
  read(analyze(modelOf(text), allowIcmp ? { allowIcmp } : {}));

describe('allow-icmp-network-policy on the default network', () => {
  it('a deny-all policy: ping allowed with the option, denied without; TCP denied either way', () => {
    const off = run(SCENE + DENY_ALL, false);
    const on = run(SCENE + DENY_ALL, true);
    expect(off.verdict('a/client', 'a/server')).toBe('none');
    expect(on.verdict('a/client', 'a/server')).toBe('ICMP');
    // only a's side is isolated: out of a and into a
    expect(on.verdict('a/client', 'b/other')).toBe('ICMP');
    expect(on.verdict('b/other', 'a/server')).toBe('ICMP');
  });

  it('the Why names the option on each isolated side', () => {
    expect(run(SCENE + DENY_ALL, true).why('a/client', 'a/server')).toEqual([
      'a/client → a/server on default: allowed ICMP',
      'egress of a/client: isolated by NetworkPolicy a/deny-all; allow-icmp-network-policy (backend option) allows ICMP',
      'ingress of a/server: isolated by NetworkPolicy a/deny-all; allow-icmp-network-policy (backend option) allows ICMP',
    ]);
    expect(
      run(SCENE + DENY_ALL, false)
        .why('a/client', 'a/server')
        .slice(1),
    ).toEqual([
      'egress of a/client: isolated by NetworkPolicy a/deny-all; no rule matches → all denied',
      'ingress of a/server: isolated by NetworkPolicy a/deny-all; no rule matches → all denied',
    ]);
  });

  it('only the isolated direction: an ingress-only policy leaves egress as it was', () => {
    const text =
      SCENE + np('web', 'a', '{podSelector: {matchLabels: {app: server}}, ingress: [{ports: [{port: 80}]}]}');
    const on = run(text, true);
    expect(on.verdict('a/client', 'a/server')).toBe('TCP 80; ICMP');
    expect(on.verdict('a/server', 'a/client')).toBe('all');
    expect(run(text, false).verdict('a/client', 'a/server')).toBe('TCP 80');
    // a rule that already allows ICMP explains it; the option adds nothing
    const open = SCENE + np('open', 'a', '{podSelector: {}, ingress: [{}]}');
    expect(run(open, true).why('b/other', 'a/server')[2]).toBe(
      'ingress of a/server: isolated by NetworkPolicy a/open; NetworkPolicy a/open ingress[0] allows all',
    );
  });
});

describe('allow-icmp-network-policy among the tiers (R9.6: the NetworkPolicy tier only)', () => {
  const subjectA = '{namespaces: {matchLabels: {team: a}}}';
  const anp = (action: string) =>
    `---\n${adminNetworkPolicy('x', 5, subjectA, [`{action: ${action}, from: [{namespaces: {matchLabels: {team: b}}}]}`])}`;

  it('an ANP Deny still denies; an ANP Pass reaches the NetworkPolicy tier, where ICMP passes', () => {
    const deny = run(SCENE + DENY_ALL + anp('Deny'), true);
    expect(deny.verdict('b/other', 'a/server')).toBe('none');
    expect(deny.verdict('a/client', 'a/server')).toBe('ICMP');
    const pass = run(SCENE + DENY_ALL + anp('Pass'), true);
    expect(pass.verdict('b/other', 'a/server')).toBe('ICMP');
    expect(pass.why('b/other', 'a/server')[2]).toBe(
      'ingress of a/server: ANP `x` priority 5 ingress rule #0 Pass: all; ANP Pass → NetworkPolicy tier (selected by NetworkPolicy a/deny-all): allow-icmp-network-policy (backend option) allows ICMP',
    );
    expect(run(SCENE + DENY_ALL + anp('Pass'), false).verdict('b/other', 'a/server')).toBe('none');
  });

  it('a side no NetworkPolicy isolates still falls to the BANP; an isolated one never does', () => {
    const banp = `---\napiVersion: policy.networking.k8s.io/v1alpha1\nkind: BaselineAdminNetworkPolicy\nmetadata: {name: default}\nspec:\n  subject: {namespaces: {}}\n  ingress:\n  - {action: Deny, from: [{namespaces: {}}]}\n`;
    const on = run(SCENE + DENY_ALL + banp, true);
    expect(on.verdict('a/client', 'b/other')).toBe('none');
    expect(on.verdict('b/other', 'a/server')).toBe('ICMP');
    expect(run(SCENE + DENY_ALL + banp, false).verdict('b/other', 'a/server')).toBe('none');
  });
});

describe('allow-icmp-network-policy on UDNs and secondary networks', () => {
  // upstream e2e "ICMP should bypass default deny policy for UDNs when enabled" (L2 primary UDN)
  const UDN = docs(
    namespace('tenant', 'k8s.ovn.org/primary-user-defined-network: ""'),
    'apiVersion: k8s.ovn.org/v1\nkind: UserDefinedNetwork\nmetadata: {name: net, namespace: tenant}\nspec: {topology: Layer2, layer2: {role: Primary, subnets: [10.10.0.0/16]}}\n',
    pod('tenant', 'server', { labels: 'app: server', spec: '{containers: [{name: c}]}' }),
    pod('tenant', 'client', { labels: 'app: client', spec: '{containers: [{name: c}]}' }),
  );

  it('a primary Layer2 UDN: the client pings the server through deny-all, TCP stays denied', () => {
    const text = `${UDN}${np('deny-all', 'tenant', '{podSelector: {}, policyTypes: [Ingress, Egress]}')}`;
    expect(run(text, true).verdict('tenant/client', 'tenant/server', 'tenant/net')).toBe('ICMP');
    expect(run(text, false).verdict('tenant/client', 'tenant/server', 'tenant/net')).toBe('none');
    // the locked default attachment is UDN isolation (tier 0), not NetworkPolicy: still closed
    expect(run(text, true).verdict('tenant/client', 'tenant/server')).toBe('none');
  });

  // an OVN-K layer2 NAD (OVN-K enforces its MNPs) and a macvlan one (multi-networkpolicy-iptables)
  const NETS = docs(
    namespace('s', 'team: s'),
    nad(
      's',
      'l2',
      '{"cniVersion":"0.3.1","name":"l2","type":"ovn-k8s-cni-overlay","topology":"layer2","subnets":"10.20.0.0/24","netAttachDefName":"s/l2"}',
    ),
    nad('s', 'mac', '{"cniVersion":"0.3.1","name":"mac","type":"macvlan","ipam":{"type":"static"}}'),
    pod('s', 'x', { labels: 'app: x', spec: '{containers: [{name: c}]}', networks: 'l2, mac' }),
    pod('s', 'y', { labels: 'app: y', spec: '{containers: [{name: c}]}', networks: 'l2, mac' }),
  );
  const mnp = (policyFor: string) =>
    `---\napiVersion: k8s.cni.cncf.io/v1beta1\nkind: MultiNetworkPolicy\nmetadata: {name: deny, namespace: s, annotations: {k8s.v1.cni.cncf.io/policy-for: '${policyFor}'}}\nspec: {podSelector: {}, policyTypes: [Ingress, Egress]}\n`;

  it('a MultiNetworkPolicy on an OVN-K network lets ICMP through; on macvlan it does not', () => {
    expect(run(NETS + mnp('l2'), true).verdict('s/x', 's/y', 's/l2')).toBe('ICMP');
    expect(run(NETS + mnp('l2'), false).verdict('s/x', 's/y', 's/l2')).toBe('none');
    expect(run(NETS + mnp('mac'), true).verdict('s/x', 's/y', 's/mac')).toBe('none');
  });

  it('one MultiNetworkPolicy naming both: ICMP on the OVN-K network only, with one analyzer', () => {
    const model = modelOf(NETS + mnp('l2, mac'));
    const a = new Analyzer('api', { allowIcmp: true });
    // twice: the second run reads the caches the first one filled
    for (const r of [read(a.analyze(model)), read(a.analyze(model))]) {
      expect(r.verdict('s/x', 's/y', 's/l2')).toBe('ICMP');
      expect(r.verdict('s/x', 's/y', 's/mac')).toBe('none');
    }
  });
});

describe('findings name the option with the profile (M22, M30)', () => {
  it('an ANP above priority 99 and a CNP: the profile text says the option was on', () => {
    const cnp = `---\napiVersion: policy.networking.k8s.io/v1alpha2\nkind: ClusterNetworkPolicy\nmetadata: {name: c}\nspec:\n  tier: Admin\n  priority: 5\n  subject: {namespaces: {}}\n  ingress:\n  - {action: Deny, from: [{namespaces: {matchLabels: {team: b}}}]}\n`;
    const text = `${SCENE}---\n${adminNetworkPolicy('high', 150, '{namespaces: {}}', ['{action: Deny, from: [{namespaces: {matchLabels: {team: b}}}]}'])}${cnp}`;
    const model = modelOf(text);
    const messages = (backend: 'api' | 'ovn-kubernetes') =>
      lint(model, compileModel(model, backend, { allowIcmp: true }))
        .filter((d) => d.code === 'admin-priority-ovnk' || d.code === 'cluster-network-policy')
        .map((d) => d.message.slice(d.message.lastIndexOf('(')));
    expect(messages('api')).toEqual([
      '(backend profile api, allow-icmp-network-policy on)',
      '(backend profile api, allow-icmp-network-policy on)',
    ]);
    expect(messages('ovn-kubernetes')).toEqual([
      '(backend profile ovn-kubernetes, allow-icmp-network-policy on)',
      '(backend profile ovn-kubernetes, allow-icmp-network-policy on)',
    ]);
  });
});

describe('allow-icmp-network-policy on random clusters (NetworkPolicy, MNP, UDNs, admin tiers)', () => {
  // the option only ever adds ICMP, only where a policy isolates a side, and says so in the Why
  const clusters = [
    ...[1, 2, 3, 4, 5, 6].map((s) => generateCluster(s, { endpoints: 14, policies: 6, adminPolicies: 3 })),
    ...[7, 8, 9, 10].map((s) =>
      withUdns(generateCluster(s, { endpoints: 16, policies: 6, namespaces: 5 }), s),
    ),
  ];
  const openedPerCluster: number[] = [];
  it.each(clusters.map((c, k) => [k, c] as const))('cluster %i', (_k, objects) => {
    const model = parseObjects(objects).model;
    const off = analyze(model);
    const on = analyze(model, { allowIcmp: true });
    // the session's analyzer, switching networks' deciders with its caches warm, says the same
    const warm = new Analyzer('api', { allowIcmp: true });
    warm.analyze(model);
    expect(warm.analyze(model).connections.map((c) => c.allowed)).toEqual(
      on.connections.map((c) => c.allowed),
    );
    expect(on.connections.length).toBe(off.connections.length);
    let opened = 0;
    on.connections.forEach((c, i) => {
      const was = off.connections[i] as (typeof off.connections)[number];
      expect([c.from, c.to, c.network]).toEqual([was.from, was.to, was.network]);
      expect({ ...c.allowed, ICMP: false }).toEqual({ ...was.allowed, ICMP: false });
      if (was.allowed.ICMP) expect(c.allowed.ICMP).toBe(true);
      if (c.allowed.ICMP && !was.allowed.ICMP) {
        opened++;
        expect(explainConnection(c).join('\n')).toContain(
          'allow-icmp-network-policy (backend option) allows ICMP',
        );
      }
    });
    openedPerCluster.push(opened);
  });
  it('the clusters exercise it: ping opened by the option in most of them', () => {
    expect(openedPerCluster.filter((n) => n > 0).length).toBeGreaterThanOrEqual(clusters.length / 2);
  });
});
