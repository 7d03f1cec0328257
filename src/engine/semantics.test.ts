import { describe, expect, it } from 'vitest';
import { analyzeYaml, expectVerdicts, type Verdict } from '../testing/helpers';
import { docs, nad, namespace, pod } from '../testing/manifests';

// Base scene: namespaces x (team=a) and y (team=b); pods x/a, x/b, y/c on the pod network.
const C = '{containers: [{name: c}]}';
const BASE = `\n${docs(
  namespace('x', 'team: a'),
  namespace('y', 'team: b'),
  pod('x', 'a', {
    labels: 'app: a',
    spec: '\n  containers:\n  - name: c\n    ports: [{name: http, containerPort: 8080}, {name: dns, containerPort: 5353, protocol: UDP}]',
    ip: '10.0.1.1',
  }),
  pod('x', 'b', {
    labels: 'app: b',
    spec: '{containers: [{name: c, ports: [{name: http, containerPort: 9090}]}]}',
    ip: '10.0.1.2',
  }),
  pod('y', 'c', { labels: 'app: c', spec: C, ip: '10.0.2.1' }),
)}`;

function np(name: string, ns: string, spec: string): string {
  return `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n${spec.replace(/^/gm, '  ')}\n`;
}
const scene = (...policies: string[]) => analyzeYaml(BASE + policies.join(''));
/** The base scene with one NetworkPolicy `p` in namespace x. */
const inX = (spec: string) => scene(np('p', 'x', spec));
/** One test per entry: its title, the spec of NetworkPolicy `p` in namespace x, and its verdicts. */
function policyTests(
  tests: Record<string, readonly [spec: string, verdicts: readonly Verdict[]]>,
  base = BASE,
) {
  it.each(Object.entries(tests))('%s', (_, [spec, verdicts]) =>
    expectVerdicts(analyzeYaml(base + np('p', 'x', spec)), verdicts),
  );
}
/**
 * One test per entry: the policy draws a diagnostic (`code`, matching `match` when given) and
 * the verdicts hold (the rejected policy is not applied).
 */
function diagnosedTests(
  tests: Record<string, readonly [spec: string, code: string, verdicts: readonly Verdict[], match?: object]>,
) {
  it.each(Object.entries(tests))('%s', (_, [spec, code, verdicts, match]) => {
    const a = inX(spec);
    if (match) expect(a.diagnostics.find((d) => d.code === code)).toMatchObject(match);
    else expect(a.codes()).toContain(code);
    expectVerdicts(a, verdicts);
  });
}

describe('§1 isolation and policyTypes', () => {
  it('R1.1 a policy never selects pods of another namespace', () => {
    const a = scene(np('deny', 'x', 'podSelector: {}'));
    expect(a.can('x/a', 'y/c', 'TCP/80')).toBe(true);
    expect(a.can('y/c', 'x/a', 'TCP/80')).toBe(false);
    expect(a.can('x/a', 'x/b', 'TCP/80')).toBe(false);
  });
  it('R1.3 row 1: {podSelector: {}} denies all ingress, egress untouched', () => {
    const a = scene(np('deny', 'x', 'podSelector: {}'));
    expect(a.conn('x/a', 'y/c').egress.isolated).toBe(false);
    expect(a.conn('y/c', 'x/a').ingress).toMatchObject({ isolated: true, rules: [] });
  });
  it('R1.3 row 2: ingress: [{}] allows all ingress', () => {
    expect(scene(np('all', 'x', 'podSelector: {}\ningress: [{}]')).can('y/c', 'x/a', 'UDP/9')).toBe(true);
  });
  it('R1.3 row 3: egress rules without policyTypes also isolate ingress', () => {
    const a = scene(
      np('eg', 'x', 'podSelector: {matchLabels: {app: a}}\negress: [{to: [{podSelector: {}}]}]'),
    );
    expect(a.can('y/c', 'x/a', 'TCP/80')).toBe(false);
    expect(a.can('x/a', 'x/b', 'TCP/80')).toBe(true);
    expect(a.can('x/a', 'y/c', 'TCP/80')).toBe(false);
  });
  it('R1.3 row 4: egress: [] without policyTypes does not isolate egress', () => {
    const a = scene(np('eg', 'x', 'podSelector: {matchLabels: {app: a}}\negress: []'));
    expect(a.can('x/a', 'y/c', 'TCP/80')).toBe(true);
    expect(a.can('y/c', 'x/a', 'TCP/80')).toBe(false);
  });
  it('R1.4 a NetworkPolicy with policyTypes "egress" is rejected and not applied', () => {
    const a = scene(np('bad', 'x', 'podSelector: {}\npolicyTypes: [egress]'));
    expect(a.can('y/c', 'x/a', 'TCP/80')).toBe(true);
    const d = a.diagnostics.find((x) => x.code === 'policy-types-case');
    expect(d).toMatchObject({ severity: 'error', field: 'spec.policyTypes[0]', fix: 'Egress' });
    expect(d?.line).toBeGreaterThan(30);
  });
  it('R1.5 an MNP with an unknown policyTypes value ignores that value', () => {
    const a = onNet1('podSelector: {}\npolicyTypes: [ingress]');
    expect(a.can('x/p1', 'x/p2', 'TCP/80', 'x/net1')).toBe(true);
    expect(a.codes()).toContain('policy-types-case');
  });
});

describe('§2 rules and peers', () => {
  policyTests({
    'R2.2/R2.3 from: [] admits everything (like {})': [
      'podSelector: {}\ningress: [{from: []}]',
      [['y/c', 'x/a', 'ICMP', true]],
    ],
    'R2.3 podSelector: {} peer = all pods of the policy namespace only': [
      'podSelector: {}\ningress: [{from: [{podSelector: {}}]}]',
      [
        ['x/b', 'x/a', 'TCP/80', true],
        ['y/c', 'x/a', 'TCP/80', false],
      ],
    ],
    'R2.4 namespaces are matched by kubernetes.io/metadata.name too': [
      'podSelector: {}\ningress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: y}}}]}]',
      [['y/c', 'x/a', 'TCP/80', true]],
    ],
    'R2.5 matchExpressions on peers': [
      'podSelector: {}\ningress: [{from: [{namespaceSelector: {matchExpressions: [{key: team, operator: NotIn, values: [a]}]}}]}]',
      [
        ['y/c', 'x/a', 'TCP/80', true],
        ['x/b', 'x/a', 'TCP/80', false],
      ],
    ],
  });
  policyTests(
    {
      'R2.3 namespaceSelector: {} peer = all pods of all namespaces, no externals': [
        'podSelector: {}\ningress: [{from: [{namespaceSelector: {}}]}]',
        [
          ['y/c', 'x/a', 'TCP/80', true],
          ['ext', 'x/a', 'TCP/80', false],
        ],
      ],
      'R2.6 ipBlock with except matches pod IPs (engine default) and externals': [
        'podSelector: {}\ningress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.1.0/24]}}]}]',
        [
          ['y/c', 'x/a', 'TCP/80', true],
          ['x/b', 'x/a', 'TCP/80', false],
          ['ext', 'x/a', 'TCP/80', false],
        ],
      ],
    },
    BASE + EXT,
  );
  diagnosedTests({
    'R2.6 except outside cidr: the NetworkPolicy is rejected': [
      'podSelector: {}\ningress: [{from: [{ipBlock: {cidr: 10.0.0.0/16, except: [11.0.0.0/24]}}]}]',
      'ipblock-except-outside-cidr',
      [['y/c', 'x/a', 'TCP/80', true]],
    ],
    'R2.6a a bare IP is rejected in a NetworkPolicy': [
      'podSelector: {}\ningress: [{from: [{ipBlock: {cidr: 10.0.2.1}}]}]',
      'ipblock-invalid',
      [['x/b', 'x/a', 'TCP/80', true]],
      { field: 'spec.ingress[0].from[0].ipBlock.cidr', fix: '10.0.2.1/32' },
    ],
    'R2.6a host bits: 10.0.1.1/4 means 0.0.0.0/4 (info)': [
      'podSelector: {}\ningress: [{from: [{ipBlock: {cidr: 10.0.1.1/4}}]}]',
      'ipblock-host-bits',
      [['y/c', 'x/a', 'TCP/80', true]],
    ],
    'R2.4 ipBlock and selector in one peer is rejected': [
      'podSelector: {}\ningress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}, podSelector: {}}]}]',
      'peer-ipblock-with-selector',
      [],
    ],
  });
  it('R2.4 namespaceSelector AND podSelector in one peer; OR across peers', () => {
    const and = inX(
      'podSelector: {matchLabels: {app: a}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {team: b}}\n    podSelector: {matchLabels: {app: b}}',
    );
    expect(and.can('y/c', 'x/a', 'TCP/80')).toBe(false);
    expect(and.can('x/b', 'x/a', 'TCP/80')).toBe(false);
    const or = inX(
      'podSelector: {matchLabels: {app: a}}\ningress:\n- from:\n  - namespaceSelector: {matchLabels: {team: b}}\n  - podSelector: {matchLabels: {app: b}}',
    );
    expect(or.can('y/c', 'x/a', 'TCP/80')).toBe(true);
    expect(or.can('x/b', 'x/a', 'TCP/80')).toBe(true);
  });
  it('R2.7 a pod without an IP never matches an ipBlock, not even 0.0.0.0/0', () => {
    const a = analyzeYaml(
      BASE.replace('status: {podIP: 10.0.2.1}', '') +
        np('p', 'x', 'podSelector: {}\ningress: [{from: [{ipBlock: {cidr: 0.0.0.0/0}}]}]'),
    );
    expect(a.can('y/c', 'x/a', 'TCP/80')).toBe(false);
    expect(a.can('x/b', 'x/a', 'TCP/80')).toBe(true);
  });
});

describe('§3 ports and protocols', () => {
  it('R3.1 protocol defaults to TCP; R3.2 port without number = all ports of the protocol', () => {
    const a = inX('podSelector: {}\ningress: [{ports: [{port: 80}, {protocol: UDP}]}]');
    expect(a.can('y/c', 'x/a', 'TCP/80')).toBe(true);
    expect(a.can('y/c', 'x/a', 'UDP/80')).toBe(true);
    expect(a.can('y/c', 'x/a', 'UDP/65535')).toBe(true);
    expect(a.can('y/c', 'x/a', 'TCP/81')).toBe(false);
    expect(a.can('y/c', 'x/a', 'SCTP/80')).toBe(false);
  });
  it('R3.2 endPort ranges are inclusive; endPort < port is rejected', () => {
    const a = inX('podSelector: {}\ningress: [{ports: [{port: 8000, endPort: 8099}]}]');
    expect(a.conn('y/c', 'x/a').allowed.TCP).toEqual([[8000, 8099]]);
    const bad = inX('podSelector: {}\ningress: [{ports: [{port: 8000, endPort: 7000}]}]');
    expect(bad.codes()).toContain('endport-invalid');
    expect(bad.can('y/c', 'x/a', 'TCP/1')).toBe(true);
  });
  it('R3.3 named ports resolve on the destination, per protocol', () => {
    const a = inX('podSelector: {}\ningress: [{ports: [{port: http}, {port: dns, protocol: UDP}]}]');
    expect(a.conn('y/c', 'x/a').allowed).toMatchObject({ TCP: [[8080, 8080]], UDP: [[5353, 5353]] });
    expect(a.conn('y/c', 'x/b').allowed).toMatchObject({ TCP: [[9090, 9090]], UDP: [] });
  });
  it('R3.3 egress named ports resolve on the peer; externals never match them', () => {
    const a = analyzeYaml(
      BASE + EXT + np('p', 'y', 'podSelector: {}\npolicyTypes: [Egress]\negress: [{ports: [{port: http}]}]'),
    );
    expect(a.conn('y/c', 'x/a').allowed.TCP).toEqual([[8080, 8080]]);
    expect(a.conn('y/c', 'x/b').allowed.TCP).toEqual([[9090, 9090]]);
    expect(a.can('y/c', 'ext', 'TCP/8080')).toBe(false);
  });
  it('a quoted number is a port name without a letter: the API rejects the NetworkPolicy', () => {
    const a = inX("podSelector: {}\ningress: [{ports: [{port: '80'}]}]");
    expect(a.diagnostics.find((d) => d.code === 'port-invalid')).toMatchObject({
      field: 'spec.ingress[0].ports[0].port',
      fix: '80',
    });
    expect(a.can('y/c', 'x/a', 'TCP/81')).toBe(true);
  });
  it('R3.3 named port with endPort is rejected', () => {
    expect(inX('podSelector: {}\ningress: [{ports: [{port: http, endPort: 9000}]}]').codes()).toContain(
      'endport-invalid',
    );
  });
  it('R3.4 ICMP only through rules without ports', () => {
    const a = inX('podSelector: {}\ningress: [{ports: [{port: 80}]}]');
    expect(a.can('y/c', 'x/a', 'ICMP')).toBe(false);
    const b = inX('podSelector: {}\ningress: [{from: [{namespaceSelector: {}}]}]');
    expect(b.can('y/c', 'x/a', 'ICMP')).toBe(true);
  });
  it('R3.5 an egress port rule matches the destination port', () => {
    const a = inX('podSelector: {}\npolicyTypes: [Egress]\negress: [{ports: [{port: 53, protocol: UDP}]}]');
    expect(a.conn('x/a', 'y/c').allowed).toMatchObject({ TCP: [], UDP: [[53, 53]], ICMP: false });
  });
});

describe('§4 verdicts', () => {
  it('R4.1 both egress of src and ingress of dst must allow; R4.6 intersection of ports', () => {
    const a = scene(
      np('eg', 'y', 'podSelector: {}\npolicyTypes: [Egress]\negress: [{ports: [{port: 80}, {port: 443}]}]'),
      np('in', 'x', 'podSelector: {}\ningress: [{ports: [{port: 443}, {port: 8443}]}]'),
    );
    expect(a.conn('y/c', 'x/a').allowed.TCP).toEqual([[443, 443]]);
  });
  it('R2.1 policies are additive', () => {
    const a = scene(
      np('one', 'x', 'podSelector: {}\ningress: [{ports: [{port: 80}]}]'),
      np('two', 'x', 'podSelector: {}\ningress: [{ports: [{port: 81}]}]'),
    );
    expect(a.conn('y/c', 'x/a').allowed.TCP).toEqual([[80, 81]]);
    expect(a.conn('y/c', 'x/a').ingress).toMatchObject({
      isolated: true,
      policies: ['netpol:x/one', 'netpol:x/two'],
    });
  });
  it('R4.3 externals have no policies and external-to-external is not evaluated', () => {
    const a = analyzeYaml(
      BASE + EXT + EXT.replaceAll('name: ext', 'name: ext2').replace('192.0.2.10', '192.0.2.11'),
    );
    expect(a.can('ext', 'x/a', 'TCP/1')).toBe(true);
    expect(a.result.connections.some((c) => c.from === 'ext' && c.to === 'ext2')).toBe(false);
  });
  it('R4.5 no self entries', () => {
    expect(scene().result.connections.some((c) => c.from === c.to)).toBe(false);
  });
  it('R4.7 hostNetwork pods are neither selected nor matched by selectors', () => {
    const a = analyzeYaml(
      BASE.replace('spec: {containers: [{name: c}]}', 'spec: {hostNetwork: true, containers: [{name: c}]}') +
        np('d', 'y', 'podSelector: {}') +
        np('p', 'x', 'podSelector: {}\ningress: [{from: [{namespaceSelector: {}}]}]'),
    );
    expect(a.can('x/a', 'y/c', 'TCP/80')).toBe(true);
    expect(a.can('y/c', 'x/a', 'TCP/80')).toBe(false);
  });
});

// Secondary networks.
const MNP_BASE = `\n${docs(
  nad('x', 'net1', '{"cniVersion": "0.4.0", "name": "net1", "type": "macvlan", "ipam": {"type": "static"}}'),
  nad('x', 'net2', '{"cniVersion": "0.4.0", "name": "net2", "type": "macvlan"}'),
  pod('x', 'p1', {
    labels: 'app: p1',
    networks: '[{"name": "net1", "ips": ["192.168.1.1/24"]}, {"name": "net2", "ips": ["192.168.2.1/24"]}]',
    spec: C,
  }),
  pod('x', 'p2', { labels: 'app: p2', networks: 'net1, x/net2@eth2', spec: C }),
  pod('x', 'p3', { labels: 'app: p3', spec: C }),
)}`;
/** MNP_BASE with net1 an OVN-K layer2 network (`subnets`: its subnets field, or ''). */
const ovnkNet1 = (subnets: string) =>
  MNP_BASE.replace(
    '"type": "macvlan", "ipam": {"type": "static"}',
    `"type": "ovn-k8s-cni-overlay", "topology": "layer2"${subnets}, "netAttachDefName": "x/net1"`,
  );
/** MNP_BASE (or `base`) with one MultiNetworkPolicy `m` for net1. */
const onNet1 = (spec: string, base = MNP_BASE) => analyzeYaml(base + mnp('m', 'net1', spec));
function mnp(name: string, policyFor: string | undefined, spec: string, ns = 'x'): string {
  const ann =
    policyFor === undefined ? '' : `\n  annotations: {k8s.v1.cni.cncf.io/policy-for: '${policyFor}'}`;
  return `---\napiVersion: k8s.cni.cncf.io/v1beta1\nkind: MultiNetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}${ann}\nspec:\n${spec.replace(/^/gm, '  ')}\n`;
}
const EXT = `
---
apiVersion: netpol-studio.io/v1alpha1
kind: ExternalHost
metadata: {name: ext}
spec: {network: default, ips: [192.0.2.10]}
`;

describe('§5 secondary networks', () => {
  it('R5.1 NetworkPolicy never applies on a NAD; MNP never on default', () => {
    const a = analyzeYaml(
      MNP_BASE +
        np('d', 'x', 'podSelector: {}') +
        mnp('m', 'net1', 'podSelector: {}\npolicyTypes: [Ingress]'),
    );
    expect(a.can('x/p1', 'x/p2', 'TCP/80', 'x/net2')).toBe(true);
    expect(a.can('x/p1', 'x/p2', 'TCP/80', 'x/net1')).toBe(false);
    expect(a.can('x/p1', 'x/p3', 'TCP/80', 'default')).toBe(false);
  });
  it('R5.2 policy-for: spaces removed, items without / are in the policy namespace', () => {
    const a = analyzeYaml(MNP_BASE + mnp('m', ' net1 , x/net2', 'podSelector: {}\npolicyTypes: [Ingress]'));
    expect(a.can('x/p1', 'x/p2', 'TCP/80', 'x/net1')).toBe(false);
    expect(a.can('x/p1', 'x/p2', 'TCP/80', 'x/net2')).toBe(false);
  });
  it('R5.2/R5.3 absent, empty or unknown policy-for: applies nowhere, with an error', () => {
    for (const pf of [undefined, '', 'nope']) {
      const a = analyzeYaml(MNP_BASE + mnp('m', pf, 'podSelector: {}\npolicyTypes: [Ingress]'));
      expect(a.can('x/p1', 'x/p2', 'TCP/80', 'x/net1'), String(pf)).toBe(true);
      expect(a.codes().some((c) => c === 'policy-for-missing' || c === 'policy-for-unknown-network')).toBe(
        true,
      );
    }
  });
  it('R5.4 a pod attached to two networks is isolated only on the policy network', () => {
    const a = analyzeYaml(
      MNP_BASE + mnp('m', 'net2', 'podSelector: {matchLabels: {app: p1}}\npolicyTypes: [Ingress]'),
    );
    expect(a.can('x/p2', 'x/p1', 'TCP/80', 'x/net2')).toBe(false);
    expect(a.can('x/p2', 'x/p1', 'TCP/80', 'x/net1')).toBe(true);
  });
  it('R5.6 selector peers match only pods attached to the network', () => {
    const a = onNet1(
      'podSelector: {matchLabels: {app: p1}}\npolicyTypes: [Ingress]\ningress: [{from: [{podSelector: {}}]}]',
    );
    expect(a.can('x/p2', 'x/p1', 'TCP/80', 'x/net1')).toBe(true);
    expect(a.result.connections.some((c) => c.network === 'x/net1' && c.from === 'x/p3')).toBe(false);
  });
  it('R5.7 OVN-K without subnets: an MNP with selector peers is not applied; ipBlock-only is', () => {
    const ovnk = ovnkNet1('');
    const sel = onNet1(
      'podSelector: {}\npolicyTypes: [Ingress]\ningress: [{from: [{podSelector: {matchLabels: {app: none}}}]}]',
      ovnk,
    );
    expect(sel.can('x/p2', 'x/p1', 'TCP/80', 'x/net1')).toBe(true);
    expect(sel.codes()).toContain('selector-peer-without-subnets');
    const ipb = onNet1(
      'podSelector: {}\npolicyTypes: [Ingress]\ningress: [{from: [{ipBlock: {cidr: 192.168.1.0/24}}]}]',
      ovnk,
    );
    expect(ipb.can('x/p2', 'x/p1', 'TCP/80', 'x/net1')).toBe(false);
  });
  it('R5.5 OVN-K NADs with one config name across namespaces are one network, reported under both keys', () => {
    const nad = (ns: string) =>
      `---\napiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata: {name: blue, namespace: ${ns}}\nspec:\n  config: '{"name": "shared", "type": "ovn-k8s-cni-overlay", "topology": "layer2", "subnets": "10.9.0.0/24", "netAttachDefName": "${ns}/blue"}'\n`;
    const pod = (ns: string, n: string) =>
      `---\napiVersion: v1\nkind: Pod\nmetadata: {name: ${n}, namespace: ${ns}, annotations: {k8s.v1.cni.cncf.io/networks: blue}}\nspec: {containers: [{name: c}]}\n`;
    const a = analyzeYaml(
      nad('x') +
        nad('y') +
        pod('x', 'p') +
        pod('y', 'q') +
        mnp(
          'm',
          'blue',
          'podSelector: {}\npolicyTypes: [Ingress]\ningress: [{from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: x}}}]}]',
          'y',
        ),
    );
    expect(a.can('x/p', 'y/q', 'TCP/80', 'x/blue')).toBe(true);
    expect(a.can('x/p', 'y/q', 'TCP/80', 'y/blue')).toBe(true);
    expect(a.can('y/q', 'x/p', 'TCP/80', 'y/blue')).toBe(true);
  });
  it('R5.5 a reference to a NAD of another namespace needs that namespace', () => {
    const a = analyzeYaml(
      MNP_BASE.replace(
        "k8s.v1.cni.cncf.io/networks: 'net1, x/net2@eth2'",
        "k8s.v1.cni.cncf.io/networks: 'y/net1'",
      ),
    );
    expect(a.diagnostics.find((d) => d.code === 'nad-unknown')).toMatchObject({
      severity: 'error',
      object: { name: 'p2' },
    });
  });
  it('R5.8 OVN-K with subnets: pods without IPs get simulated IPAM addresses', () => {
    const ovnk = ovnkNet1(', "subnets": "10.50.0.0/24"');
    const a = onNet1(
      'podSelector: {matchLabels: {app: p1}}\npolicyTypes: [Ingress]\ningress: [{from: [{ipBlock: {cidr: 10.50.0.0/24}}]}]',
      ovnk,
    );
    expect(a.can('x/p2', 'x/p1', 'TCP/80', 'x/net1')).toBe(true);
  });
});

describe('§6 KubeVirt', () => {
  const vm = (name: string, extra = '') => `---
apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: ${name}, namespace: x}
spec:
  template:
    metadata: {labels: {kubevirt.io/domain: ${name}}}
    spec:
      ${extra || 'domain: {devices: {interfaces: [{name: default, masquerade: {}, ports: [{name: ssh, port: 22}]}]}}\n      networks: [{name: default, pod: {}}]'}
`;
  it('R6.1 launcher labels: template labels, kubevirt.io=virt-launcher, vm.kubevirt.io/name', () => {
    const a = analyzeYaml(
      BASE +
        vm('web') +
        np(
          'p',
          'x',
          'podSelector: {matchLabels: {vm.kubevirt.io/name: web, kubevirt.io: virt-launcher, kubevirt.io/domain: web}}\ningress: []',
        ),
    );
    expect(a.can('x/a', 'x/web', 'TCP/80')).toBe(false);
  });
  it('R6.2 a capitalised VM name in a selector matches nothing', () => {
    const a = analyzeYaml(
      BASE + vm('web') + np('p', 'x', 'podSelector: {matchLabels: {vm.kubevirt.io/name: Web}}\ningress: []'),
    );
    expect(a.can('x/a', 'x/web', 'TCP/80')).toBe(true);
  });
  it('R3.3 VM interface ports are its named ports', () => {
    const a = analyzeYaml(
      BASE +
        vm('web') +
        np(
          'p',
          'x',
          'podSelector: {matchLabels: {kubevirt.io/domain: web}}\ningress: [{ports: [{port: ssh}]}]',
        ),
    );
    expect(a.conn('x/a', 'x/web').allowed.TCP).toEqual([[22, 22]]);
  });
  it('R6.4 a VM without networks is on the pod network; with only multus it is not', () => {
    const none = analyzeYaml(BASE + vm('plain', 'domain: {}'));
    expect(none.can('x/a', 'x/plain', 'TCP/80')).toBe(true);
    const multusOnly = analyzeYaml(
      MNP_BASE +
        vm(
          'm',
          'domain: {devices: {interfaces: [{name: n1, bridge: {}}]}}\n      networks: [{name: n1, multus: {networkName: net1}}]',
        ),
    );
    expect(
      multusOnly.result.connections.some(
        (c) => c.network === 'default' && (c.from === 'x/m' || c.to === 'x/m'),
      ),
    ).toBe(false);
  });
  it('R6.3 cloud-init addresses by ethN order and by MAC; VMI status wins', () => {
    const nd = `domain: {devices: {interfaces: [{name: default, masquerade: {}}, {name: n1, bridge: {}, macAddress: "02:00:00:00:00:01"}]}}
      networks: [{name: default, pod: {}}, {name: n1, multus: {networkName: net1}}]
      volumes:
      - name: ci
        cloudInitNoCloud:
          networkData: |
            version: 2
            ethernets:
              second:
                match: {macaddress: "02:00:00:00:00:01"}
                addresses: [192.168.1.77/24]`;
    const a = analyzeYaml(
      MNP_BASE +
        vm('m', nd) +
        mnp(
          'pol',
          'net1',
          'podSelector: {matchLabels: {app: p2}}\npolicyTypes: [Ingress]\ningress: [{from: [{ipBlock: {cidr: 192.168.1.77/32}}]}]',
        ),
    );
    expect(a.can('x/m', 'x/p2', 'TCP/80', 'x/net1')).toBe(true);
    expect(a.can('x/p1', 'x/p2', 'TCP/80', 'x/net1')).toBe(false);
  });
});
