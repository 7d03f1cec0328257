import { describe, expect, it } from 'vitest';
import { analyzeYaml } from '../../testing/helpers';
import { virtualMachine } from '../../testing/manifests';

// Tenants blue and red on their own primary Layer2 UDNs (same subnet: allowed, R10.5), two
// namespaces on one primary Layer3 CUDN, a secondary CUDN `storage` across blue and red, and a
// namespace `plain` on the default network with a pod and a hostNetwork pod.
const ns = (name: string, labels: string) =>
  `---\napiVersion: v1\nkind: Namespace\nmetadata: {name: ${name}, labels: {${labels}}}\n`;
const pod = (name: string, namespace: string, labels = '', annotations = '') =>
  `---\napiVersion: v1\nkind: Pod\nmetadata: {name: ${name}, namespace: ${namespace}, labels: {${labels}}, annotations: {${annotations}}}\nspec: {containers: [{name: c}]}\n`;
const udn = (name: string, namespace: string, role = 'Primary', subnets = '[10.10.0.0/16]') =>
  `---\napiVersion: k8s.ovn.org/v1\nkind: UserDefinedNetwork\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: {topology: Layer2, layer2: {role: ${role}, subnets: ${subnets}}}\n`;
const L = 'k8s.ovn.org/primary-user-defined-network: ""';
const STORAGE = "k8s.v1.cni.cncf.io/networks: 'storage'";

const BASE =
  ns('blue', `${L}, storage: "yes"`) +
  ns('red', `${L}, storage: "yes"`) +
  ns('shared-1', `${L}, tenant: shared`) +
  ns('shared-2', `${L}, tenant: shared`) +
  ns('plain', 'team: plain') +
  udn('net', 'blue') +
  udn('net', 'red') +
  `---
apiVersion: k8s.ovn.org/v1
kind: ClusterUserDefinedNetwork
metadata: {name: shared}
spec:
  namespaceSelector: {matchLabels: {tenant: shared}}
  network: {topology: Layer3, layer3: {role: Primary, subnets: [{cidr: 10.20.0.0/16, hostSubnet: 24}]}}
---
apiVersion: k8s.ovn.org/v1
kind: ClusterUserDefinedNetwork
metadata: {name: storage}
spec:
  namespaceSelector: {matchLabels: {storage: "yes"}}
  network: {topology: Layer2, layer2: {role: Secondary, subnets: [192.168.50.0/24]}}
` +
  pod('a', 'blue', 'app: a', STORAGE) +
  pod('b', 'blue', 'app: b') +
  pod('c', 'red', 'app: c', STORAGE) +
  pod('d', 'shared-1', 'app: d') +
  pod('e', 'shared-2', 'app: e') +
  pod('p', 'plain', 'app: p') +
  `---\napiVersion: v1\nkind: Pod\nmetadata: {name: h, namespace: plain}\nspec: {hostNetwork: true, containers: [{name: c}]}\n`;

const np = (name: string, namespace: string, spec: string) =>
  `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${namespace}}\nspec: ${spec}\n`;
/** NetworkPolicy `ns/name` on `podSelector`, admitting the peer `from` on TCP `port`. */
const admit = (name: string, ns: string, podSelector: string, from: string, port: number) =>
  np(name, ns, `{podSelector: ${podSelector}, ingress: [{from: [${from}], ports: [{port: ${port}}]}]}`);
const scene = (...extra: string[]) => analyzeYaml(BASE + extra.join(''));
const ALL = { TCP: [[1, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]], ICMP: true };
const NONE = { TCP: [], UDP: [], SCTP: [], ICMP: false };
/** Only this TCP port (and ICMP when `icmp`). */
const tcpPort = (port: number, icmp = false) => ({ ...NONE, TCP: [[port, port]], ICMP: icmp });

describe('R10.2 network keys', () => {
  const s = scene();
  it('a UDN is keyed namespace/name, a CUDN by its bare name', () => {
    expect(s.conn('blue/a', 'blue/b', 'blue/net').allowed).toEqual(ALL);
    expect(s.conn('shared-1/d', 'shared-2/e', 'shared').allowed).toEqual(ALL);
    expect(s.conn('blue/a', 'red/c', 'storage').allowed).toEqual(ALL);
  });
  it('two UDNs of the same name in two namespaces are two networks', () => {
    const keys = new Set(s.result.connections.map((c) => c.network));
    expect([...keys].sort()).toEqual(['blue/net', 'default', 'shared', 'storage']);
    expect(() => s.conn('blue/a', 'red/c', 'blue/net')).toThrow();
    expect(() => s.conn('blue/a', 'red/c', 'red/net')).toThrow();
  });
  it('the NADs OVN-K generated for a (C)UDN are folded into it', () => {
    const nad = `---\napiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata: {name: net, namespace: blue}\nspec: {config: '{"cniVersion":"1.0.0","name":"blue_net","type":"ovn-k8s-cni-overlay","topology":"layer2","role":"primary","subnets":"10.10.0.0/16","netAttachDefName":"blue/net"}'}\n`;
    const t = scene(nad);
    expect(t.conn('blue/a', 'blue/b', 'blue/net').allowed).toEqual(ALL);
    expect(t.result.networks.filter((n) => n.nads.includes('blue/net'))).toHaveLength(1);
    expect(t.codes()).not.toContain('udn-multiple-primary');
  });
  it('a CUDN named default is refused (U2)', () => {
    const t = analyzeYaml(
      `apiVersion: k8s.ovn.org/v1\nkind: ClusterUserDefinedNetwork\nmetadata: {name: default}\nspec: {namespaceSelector: {}, network: {topology: Layer2, layer2: {role: Secondary, subnets: [10.1.0.0/16]}}}\n`,
    );
    expect(t.codes()).toContain('cudn-named-default');
    expect(t.result.networks).toEqual([]);
  });
});

describe('R10.3 the namespace label', () => {
  it('a primary UDN in a namespace without the label is not applied; its pods stay on default (U3)', () => {
    const t = analyzeYaml(ns('x', 'a: b') + udn('net', 'x') + pod('p', 'x') + pod('q', 'x'));
    expect(t.codes()).toContain('udn-namespace-unlabelled');
    expect(t.conn('x/p', 'x/q').allowed).toEqual(ALL);
    expect(t.result.connections.every((c) => c.network === 'default')).toBe(true);
  });
  it('a labelled namespace without a primary network: its pods never start (U4)', () => {
    const t = analyzeYaml(ns('x', L) + pod('p', 'x') + ns('y', 'a: b') + pod('q', 'y') + pod('r', 'y'));
    expect(t.codes()).toContain('udn-namespace-no-primary');
    expect(t.result.connections.some((c) => c.from === 'x/p' || c.to === 'x/p')).toBe(false);
    expect(t.conn('y/q', 'y/r').allowed).toEqual(ALL);
  });
  it('a secondary UDN needs no label', () => {
    const t = analyzeYaml(
      ns('x', 'a: b') +
        udn('side', 'x', 'Secondary', '[10.5.0.0/24]') +
        pod('p', 'x', '', 'k8s.v1.cni.cncf.io/networks: side') +
        pod('q', 'x', '', 'k8s.v1.cni.cncf.io/networks: side'),
    );
    expect(t.conn('x/p', 'x/q', 'x/side').allowed).toEqual(ALL);
    expect(t.conn('x/p', 'x/q').allowed).toEqual(ALL); // not locked: default is their primary network
  });
});

describe('R10.4 one primary network per namespace', () => {
  it('two primary networks: error U5, locked default, no primary attachment', () => {
    const t = analyzeYaml(ns('x', L) + udn('one', 'x') + udn('two', 'x') + pod('p', 'x') + pod('q', 'x'));
    expect(t.codes()).toContain('udn-multiple-primary');
    expect(t.conn('x/p', 'x/q').allowed).toEqual(NONE);
    expect(t.result.connections.map((c) => c.network)).toEqual(['default', 'default']);
  });
  it('a raw NAD with role primary is the namespace primary network', () => {
    const nad = `---\napiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata: {name: red, namespace: x}\nspec: {config: '{"cniVersion":"0.3.0","name":"tenant-red","type":"ovn-k8s-cni-overlay","topology":"layer2","subnets":"172.16.0.0/16","role":"primary","netAttachDefName":"x/red"}'}\n`;
    const t = analyzeYaml(ns('x', L) + nad + pod('p', 'x') + pod('q', 'x'));
    expect(t.conn('x/p', 'x/q', 'x/red').allowed).toEqual(ALL);
    expect(t.conn('x/p', 'x/q').allowed).toEqual(NONE);
  });
});

describe('R10.5 addresses on the primary network', () => {
  it('simulated from the subnets, skipping gateway and management port', () => {
    const s = scene();
    const blue = s.result.networks.find((n) => n.nads.includes('blue/net'));
    expect(blue?.members).toBe(2);
    const t = scene(
      np(
        'allow-ip',
        'blue',
        '{podSelector: {matchLabels: {app: b}}, ingress: [{from: [{ipBlock: {cidr: 10.10.0.3/32}}]}]}',
      ),
    );
    expect(t.can('blue/a', 'blue/b', 'TCP/80', 'blue/net')).toBe(true); // a got 10.10.0.3
  });
  it('from k8s.ovn.org/pod-networks when the pod reports it', () => {
    const pn = `k8s.ovn.org/pod-networks: '{"default":{"ip_addresses":["10.244.1.5/24"],"role":"infrastructure-locked"},"blue/net":{"ip_addresses":["10.10.7.7/16"],"role":"primary"}}'`;
    const t = analyzeYaml(
      BASE.replace(pod('a', 'blue', 'app: a', STORAGE), pod('a', 'blue', 'app: a', `${STORAGE}, ${pn}`)) +
        np(
          'allow-ip',
          'blue',
          '{podSelector: {matchLabels: {app: b}}, ingress: [{from: [{ipBlock: {cidr: 10.10.7.7/32}}]}]}',
        ),
    );
    expect(t.can('blue/a', 'blue/b', 'TCP/80', 'blue/net')).toBe(true);
  });
});

describe('R10.6 the locked default attachment', () => {
  const s = scene();
  it('nothing reaches a UDN pod over default, from pods or hostNetwork pods', () => {
    expect(s.conn('plain/p', 'blue/a').allowed).toEqual(NONE);
    expect(s.conn('plain/h', 'blue/a').allowed).toEqual(NONE);
    expect(s.conn('blue/a', 'blue/b').allowed).toEqual(NONE);
  });
  it('a UDN pod sends nothing over default', () => {
    expect(s.conn('blue/a', 'plain/p').allowed).toEqual(NONE);
    expect(s.conn('blue/a', 'plain/h').allowed).toEqual(NONE);
  });
  it('default-network pods are unaffected', () => {
    expect(s.conn('plain/p', 'plain/h').allowed).toEqual(ALL);
  });
  it('the explanation names the lock', () => {
    expect(s.conn('plain/p', 'blue/a').udnLock?.reason).toContain('primary network blue/net');
  });
  it('no NetworkPolicy opens it', () => {
    const t = scene(
      np('open', 'plain', '{podSelector: {}, egress: [{}], ingress: [{}]}'),
      np('open', 'blue', '{podSelector: {}, ingress: [{}]}'),
    );
    expect(t.conn('plain/p', 'blue/a').allowed).toEqual(NONE);
  });
});

describe('R10.7 k8s.ovn.org/open-default-ports', () => {
  const open = (v: string) =>
    analyzeYaml(
      BASE.replace(
        pod('b', 'blue', 'app: b'),
        pod('b', 'blue', 'app: b', `k8s.ovn.org/open-default-ports: ${JSON.stringify(v)}`),
      ),
    );
  it('opens ingress on the listed ports from non-locked default endpoints', () => {
    const t = open('- protocol: tcp\n  port: 8080\n- protocol: icmp');
    expect(t.conn('plain/p', 'blue/b').allowed).toEqual(tcpPort(8080, true));
    expect(t.conn('plain/h', 'blue/b').allowed).toEqual(tcpPort(8080, true));
    expect(t.conn('blue/a', 'blue/b').allowed).toEqual(NONE); // a locked source
    expect(t.conn('blue/b', 'plain/p').allowed).toEqual(NONE); // never egress
  });
  it('the source side default-network egress policy still applies', () => {
    const t = analyzeYaml(
      BASE.replace(
        pod('b', 'blue', 'app: b'),
        pod('b', 'blue', 'app: b', 'k8s.ovn.org/open-default-ports: "- protocol: tcp\\n  port: 8080"'),
      ) + np('deny-out', 'plain', '{podSelector: {}, policyTypes: [Egress]}'),
    );
    expect(t.conn('plain/p', 'blue/b').allowed).toEqual(NONE);
  });
  it('an invalid item opens nothing (U7)', () => {
    const t = open('- protocol: TCP\n  port: 8080');
    expect(t.codes()).toContain('open-default-ports-invalid');
    expect(t.conn('plain/p', 'blue/b').allowed).toEqual(NONE);
    const u = open('- protocol: icmp\n  port: 1');
    expect(u.codes()).toContain('open-default-ports-invalid');
  });
});

describe('R10.8 isolation between networks', () => {
  const s = scene(np('all', 'blue', '{podSelector: {}, ingress: [{from: [{namespaceSelector: {}}]}]}'));
  it('different primary networks share only the denied default entry', () => {
    expect(s.conn('blue/a', 'red/c').allowed).toEqual(NONE);
    expect(s.conn('shared-1/d', 'blue/a').allowed).toEqual(NONE);
    expect(
      s.result.connections.filter((c) => c.from === 'red/c' && c.to === 'blue/a').map((c) => c.network),
    ).toEqual(['default', 'storage']);
  });
  it('one primary CUDN joins its namespaces', () => {
    expect(s.conn('shared-2/e', 'shared-1/d', 'shared').allowed).toEqual(ALL);
  });
  it('a secondary network crosses primary isolation', () => {
    expect(s.conn('red/c', 'blue/a', 'storage').allowed).toEqual(ALL);
  });
});

describe('R10.9 which policy kinds apply where', () => {
  it('a NetworkPolicy of a UDN namespace applies on its UDN, peers resolved there', () => {
    const t = scene(
      admit('only-a', 'blue', '{matchLabels: {app: b}}', '{podSelector: {matchLabels: {app: a}}}', 80),
    );
    expect(t.conn('blue/a', 'blue/b', 'blue/net').allowed).toEqual(tcpPort(80));
    expect(t.conn('blue/b', 'blue/a', 'blue/net').allowed).toEqual(ALL);
    expect(t.result.policies.find((p) => p.id === 'netpol:blue/only-a')?.networks).toEqual(['ovnk:blue_net']);
    // not on the secondary network
    expect(t.conn('red/c', 'blue/a', 'storage').allowed).toEqual(ALL);
  });
  it('a CUDN NetworkPolicy sees the pods of every namespace of the CUDN', () => {
    const t = scene(
      admit('from-shared', 'shared-1', '{}', '{namespaceSelector: {matchLabels: {tenant: shared}}}', 443),
    );
    expect(t.conn('shared-2/e', 'shared-1/d', 'shared').allowed).toEqual(tcpPort(443));
  });
  it('a default-network NetworkPolicy never affects a UDN', () => {
    const t = scene(np('deny', 'plain', '{podSelector: {}, policyTypes: [Ingress, Egress]}'));
    expect(t.conn('blue/a', 'blue/b', 'blue/net').allowed).toEqual(ALL);
    expect(t.conn('plain/h', 'plain/p').allowed).toEqual(NONE);
  });
  it('a MultiNetworkPolicy applies on a secondary CUDN, not on a primary one (U11)', () => {
    const mnp = (name: string, forNet: string) =>
      `---\napiVersion: k8s.cni.cncf.io/v1beta1\nkind: MultiNetworkPolicy\nmetadata: {name: ${name}, namespace: blue, annotations: {k8s.v1.cni.cncf.io/policy-for: ${forNet}}}\nspec: {podSelector: {}, policyTypes: [Ingress]}\n`;
    const t = scene(mnp('on-storage', 'storage'), mnp('on-primary', 'net'));
    expect(t.conn('red/c', 'blue/a', 'storage').allowed).toEqual(NONE);
    expect(t.conn('blue/b', 'blue/a', 'blue/net').allowed).toEqual(ALL);
    expect(t.codes()).toContain('mnp-on-primary-network');
    expect(t.result.policies.find((p) => p.id === 'mnp:blue/on-storage')?.networks).toEqual([
      'ovnk:cluster_udn_storage',
    ]);
  });
});

describe('R10.11 secondary (C)UDN attachment', () => {
  it('a namespace the CUDN does not select has no NAD of it', () => {
    const t = scene(pod('x', 'plain', '', STORAGE));
    expect(t.codes()).toContain('nad-unknown');
    expect(t.result.connections.some((c) => c.from === 'plain/x' && c.network === 'storage')).toBe(false);
  });
  it('a secondary UDN referenced from another namespace attaches with U12', () => {
    const t = analyzeYaml(
      ns('x', 'a: b') +
        ns('y', 'a: c') +
        udn('side', 'x', 'Secondary', '[10.5.0.0/24]') +
        pod('p', 'x', '', 'k8s.v1.cni.cncf.io/networks: side') +
        pod('q', 'y', '', 'k8s.v1.cni.cncf.io/networks: x/side'),
    );
    expect(t.codes()).toContain('udn-secondary-cross-namespace');
    expect(t.conn('y/q', 'x/p', 'x/side').allowed).toEqual(ALL);
  });
});

describe('R10.12 north-south on a primary UDN', () => {
  it('egress to an external declared on the UDN key follows the namespace policies; default externals are cut', () => {
    const ext = (name: string, ip: string, net: string) =>
      `---\napiVersion: netpol-studio.io/v1alpha1\nkind: ExternalHost\nmetadata: {name: ${name}}\nspec: {ips: [${ip}], network: ${net}}\n`;
    const t = scene(
      ext('web', '8.8.8.8', 'blue/net'),
      ext('db', '9.9.9.9', 'default'),
      np('out', 'blue', '{podSelector: {}, policyTypes: [Egress], egress: [{ports: [{port: 443}]}]}'),
    );
    expect(t.conn('blue/a', 'web', 'blue/net').allowed).toEqual(tcpPort(443));
    expect(t.conn('blue/a', 'db').allowed).toEqual(NONE);
    expect(t.conn('plain/p', 'db').allowed).toEqual(ALL);
  });
});

describe('R10.13 KubeVirt VMs', () => {
  const vm = (binding: string) => `---\n${virtualMachine('blue', 'vm1', 'app: vm', binding)}`;
  it('a VM joins its namespace primary UDN and keeps a locked default attachment', () => {
    const t = scene(vm('binding: {name: l2bridge}'));
    expect(t.conn('blue/vm1', 'blue/a', 'blue/net').allowed).toEqual(ALL);
    expect(t.conn('plain/p', 'blue/vm1').allowed).toEqual(NONE);
    expect(t.codes()).not.toContain('udn-vm-binding');
  });
  it('another binding still attaches, with U14 from lint', async () => {
    const { lint } = await import('../lint/lint');
    const { parseManifests } = await import('../../io/k8s-to-model');
    const m = parseManifests([{ text: BASE + vm('masquerade: {}') }]).model;
    const f = lint(m).find((d) => d.code === 'udn-vm-binding');
    expect(f?.object).toEqual({ kind: 'VirtualMachine', namespace: 'blue', name: 'vm1' });
    expect(f?.fix).toBe('binding: {name: l2bridge}');
  });
});

describe('a kept Analyzer follows UDN edits', () => {
  it('labelling a namespace, then removing its UDN, re-lays the networks out', async () => {
    const { Analyzer } = await import('../analyze');
    const { parseManifests } = await import('../../io/k8s-to-model');
    const model = (text: string) => parseManifests([{ text }]).model;
    const a = new Analyzer();
    const two = pod('p', 'x') + pod('q', 'x');
    const verdict = (text: string) =>
      a.analyze(model(text)).connections.map((c) => `${c.from}>${c.to}@${c.network}:${c.allowed.ICMP}`);
    expect(verdict(ns('x', 'a: b') + udn('net', 'x') + two)).toEqual([
      'x/p>x/q@default:true',
      'x/q>x/p@default:true',
    ]);
    expect(verdict(ns('x', L) + udn('net', 'x') + two)).toEqual([
      'x/p>x/q@default:false',
      'x/q>x/p@default:false',
      'x/p>x/q@x/net:true',
      'x/q>x/p@x/net:true',
    ]);
    expect(verdict(ns('x', L) + two)).toEqual([]);
  });
});

describe('diffs see the lock', () => {
  it('opening a default port on a UDN pod is a gained connection on default', async () => {
    const { diffModels } = await import('../diff');
    const { parseManifests } = await import('../../io/k8s-to-model');
    const before = parseManifests([{ text: BASE }]).model;
    const after = parseManifests([
      {
        text: BASE.replace(
          pod('b', 'blue', 'app: b'),
          pod('b', 'blue', 'app: b', 'k8s.ovn.org/open-default-ports: "- protocol: tcp\\n  port: 8080"'),
        ),
      },
    ]).model;
    const gained = diffModels(before, after).map(
      (c) => `${c.change} ${c.from}>${c.to}@${c.network} ${JSON.stringify(c.conns.TCP)}`,
    );
    expect(gained).toEqual([
      'gained plain/h>blue/b@default [[8080,8080]]',
      'gained plain/p>blue/b@default [[8080,8080]]',
    ]);
  });
});
