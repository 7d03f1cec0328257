import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../io/k8s-to-model';
import { docs, nad, namespace, pod as podDoc } from '../../testing/manifests';
import { lint } from './lint';

/** An OVN-K layer2 network in x (`subnets`: its subnets field, or ''). */
const layer2 = (name: string, subnets: string) =>
  nad(
    'x',
    name,
    `{"name": "${name}", "type": "ovn-k8s-cni-overlay", "topology": "layer2"${subnets}, "netAttachDefName": "x/${name}"}`,
  );
const BASE = `\n${docs(
  namespace('x', 'team: a'),
  podDoc('x', 'a', {
    labels: 'app: a',
    spec: '{containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}',
    ip: '10.0.1.1',
  }),
  podDoc('x', 'b', { labels: 'app: b', spec: '{containers: [{name: c}]}', ip: '10.0.1.2' }),
  layer2('l2', ''),
  layer2('sub', ', "subnets": "10.9.0.0/24"'),
  podDoc('x', 'm', {
    labels: 'app: m',
    networks: '[{"name": "l2", "ips": ["192.168.0.5/24"]}, {"name": "sub", "ips": ["10.9.0.5/24"]}]',
    spec: '{containers: [{name: c}]}',
  }),
)}`;
const np = (spec: string, name = 'p') =>
  `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: x}\nspec:\n${spec.replace(/^/gm, '  ')}\n`;
const mnp = (spec: string, pf: string | null = 'l2', name = 'q', ns = 'x') =>
  `---\napiVersion: k8s.cni.cncf.io/v1beta1\nkind: MultiNetworkPolicy\nmetadata:\n  name: ${name}\n  namespace: ${ns}${pf === null ? '' : `\n  annotations: {k8s.v1.cni.cncf.io/policy-for: '${pf}'}`}\nspec:\n${spec.replace(/^/gm, '  ')}\n`;
const pod = (name: string, networks: string) =>
  `---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: ${name}\n  namespace: x\n  annotations: {k8s.v1.cni.cncf.io/networks: '${networks}'}\nspec: {containers: [{name: c}]}\n`;
const DNS = 'egress:\n- ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]';

const codesOf = (yaml: string) => {
  const p = parseManifests([{ text: yaml, file: 't.yaml' }]);
  return [...p.diagnostics, ...lint(p.model)].map((d) => d.code);
};

// Each code: a minimal example that fires it, and its corrected twin that does not.
const CASES: Record<string, [bad: string, good: string]> = {
  'policy-types-case': [
    np('podSelector: {}\npolicyTypes: [egress]'),
    np('podSelector: {}\npolicyTypes: [Egress]\n' + DNS),
  ],
  'empty-peers-allow-all': [
    np('podSelector: {}\ningress:\n- from: []', 'deny-others'),
    np('podSelector: {}\ningress: []', 'deny-others'),
  ],
  'egress-without-dns': [
    np('podSelector: {}\npolicyTypes: [Egress]\negress: [{to: [{podSelector: {}}]}]'),
    np(
      'podSelector: {}\npolicyTypes: [Egress]\negress: [{to: [{podSelector: {}}]}, {ports: [{port: 53, protocol: UDP}, {port: 53, protocol: TCP}]}]',
    ),
  ],
  'selector-matches-nothing': [
    np('podSelector: {}\ningress: [{from: [{podSelector: {matchLabels: {app: A}}}]}]'),
    np('podSelector: {}\ningress: [{from: [{podSelector: {matchLabels: {app: a}}}]}]'),
  ],
  'policy-selects-nothing': [
    np('podSelector: {matchLabels: {app: nope}}\ningress: []'),
    np('podSelector: {matchLabels: {app: a}}\ningress: []'),
  ],
  'selector-peer-without-subnets': [
    mnp('podSelector: {}\npolicyTypes: [Ingress]\ningress: [{from: [{podSelector: {}}]}]', 'l2'),
    mnp(
      'podSelector: {}\npolicyTypes: [Ingress]\ningress: [{from: [{ipBlock: {cidr: 192.168.0.0/24}}]}]',
      'l2',
    ),
  ],
  'policy-for-unknown-network': [
    mnp('podSelector: {}\npolicyTypes: [Ingress]', 'l3'),
    mnp('podSelector: {}\npolicyTypes: [Ingress]', 'l2'),
  ],
  'policy-for-missing': [
    mnp('podSelector: {}\npolicyTypes: [Ingress]', null),
    mnp('podSelector: {}\npolicyTypes: [Ingress]', 'x/l2'),
  ],
  'network-unused-by-policy-namespace': [
    mnp('podSelector: {}\npolicyTypes: [Ingress]', 'x/l2', 'q', 'y'),
    mnp('podSelector: {}\npolicyTypes: [Ingress]', 'x/l2', 'q', 'x'),
  ],
  'ipblock-except-outside-cidr': [
    np('podSelector: {}\ningress: [{from: [{ipBlock: {cidr: 192.0.2.0/24, except: [198.51.100.0/24]}}]}]'),
    np('podSelector: {}\ningress: [{from: [{ipBlock: {cidr: 192.0.2.0/24, except: [192.0.2.0/28]}}]}]'),
  ],
  'ipblock-invalid': [
    np('podSelector: {}\ningress: [{from: [{ipBlock: {cidr: 192.0.2.0/33}}]}]'),
    np('podSelector: {}\ningress: [{from: [{ipBlock: {cidr: 192.0.2.0/32}}]}]'),
  ],
  'ipblock-covers-cluster-workloads': [
    np('podSelector: {}\ningress: [{from: [{ipBlock: {cidr: 10.0.0.0/8}}]}]'),
    np('podSelector: {}\ningress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.1.0/24]}}]}]'),
  ],
  'ipblock-pod-ip': [
    np('podSelector: {}\ningress: [{from: [{ipBlock: {cidr: 10.0.1.2/32}}]}]'),
    np('podSelector: {}\ningress: [{from: [{podSelector: {matchLabels: {app: b}}}]}]'),
  ],
  'endport-invalid': [
    np('podSelector: {}\ningress: [{ports: [{port: 90, endPort: 80}]}]'),
    np('podSelector: {}\ningress: [{ports: [{port: 80, endPort: 90}]}]'),
  ],
  'named-port-unresolved': [
    np('podSelector: {}\ningress: [{ports: [{port: https}]}]'),
    np('podSelector: {}\ningress: [{ports: [{port: http}]}]'),
  ],
  'shadowed-rule': [
    np(
      'podSelector: {}\ningress: [{from: [{podSelector: {}}]}, {from: [{podSelector: {matchLabels: {app: b}}}], ports: [{port: 80}]}]',
    ),
    np(
      'podSelector: {}\ningress: [{from: [{podSelector: {matchLabels: {app: a}}}]}, {from: [{podSelector: {matchLabels: {app: b}}}], ports: [{port: 80}]}]',
    ),
  ],
  'duplicate-policy': [
    np('podSelector: {}\ningress: []', 'one') + np('podSelector: {}\ningress: []', 'two'),
    np('podSelector: {}\ningress: []', 'one') +
      np('podSelector: {matchLabels: {app: a}}\ningress: []', 'two'),
  ],
  'ip-outside-subnet': [
    pod('n', '[{"name": "sub", "ips": ["10.8.0.5/24"]}]'),
    pod('n', '[{"name": "sub", "ips": ["10.9.0.7/24"]}]'),
  ],
  'ip-conflict': [
    pod('n', '[{"name": "sub", "ips": ["10.9.0.5/24"]}]'),
    pod('n', '[{"name": "sub", "ips": ["10.9.0.6/24"]}]'),
  ],
  'mnp-policy-types-missing': [
    mnp('podSelector: {}\ningress: []', 'l2'),
    mnp('podSelector: {}\npolicyTypes: [Ingress]\ningress: []', 'l2'),
  ],
  'egress-only-isolates-ingress': [
    np('podSelector: {}\negress: [{to: [{podSelector: {}}]}, {ports: [{port: 53, protocol: UDP}]}]'),
    np(
      'podSelector: {}\npolicyTypes: [Egress]\negress: [{to: [{podSelector: {}}]}, {ports: [{port: 53, protocol: UDP}]}]',
    ),
  ],
  'split-rule': [
    np('podSelector: {}\ningress:\n- from: [{podSelector: {matchLabels: {app: b}}}]\n- ports: [{port: 80}]'),
    np('podSelector: {}\ningress:\n- from: [{podSelector: {matchLabels: {app: b}}}]\n  ports: [{port: 80}]'),
  ],
  'netpol-not-on-secondary': [
    np('podSelector: {}\ningress: []'),
    np('podSelector: {}\ningress: []') +
      mnp(
        'podSelector: {}\npolicyTypes: [Ingress]\ningress: [{from: [{ipBlock: {cidr: 192.168.0.0/24}}]}]',
        'l2',
      ),
  ],
  'nad-unknown': [pod('n', 'nope'), pod('n', 'sub')],
};

describe('lint: each code fires on a minimal example and stays silent on its corrected twin', () => {
  for (const [code, [bad, good]] of Object.entries(CASES)) {
    it(code, () => {
      expect(codesOf(BASE + bad)).toContain(code);
      expect(codesOf(BASE + good)).not.toContain(code);
    });
  }
});

describe('lint details', () => {
  it('findings carry object, field, line and fix', () => {
    const text = BASE + np('podSelector: {}\npolicyTypes: [egress]');
    const p = parseManifests([{ text, file: 't.yaml' }]);
    const f = lint(p.model).find((d) => d.code === 'policy-types-case');
    expect(f).toMatchObject({
      severity: 'error',
      object: { kind: 'NetworkPolicy', namespace: 'x', name: 'p' },
      field: 'spec.policyTypes[0]',
      file: 't.yaml',
      fix: 'Egress',
    });
    expect(f?.line).toBe(text.split('\n').indexOf('  policyTypes: [egress]') + 1);
  });
  it('hints at the case of a VM name (Harvester example 4)', () => {
    const vm = `---\napiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata: {name: vm2, namespace: x}\nspec: {template: {spec: {domain: {}}}}\n`;
    const p = parseManifests([
      {
        text: BASE + vm + np('podSelector: {matchLabels: {vm.kubevirt.io/name: VM2}}\ningress: []'),
        file: 't.yaml',
      },
    ]);
    const f = lint(p.model).find((d) => d.code === 'policy-selects-nothing');
    expect(f?.message).toContain('did you mean vm.kubevirt.io/name: vm2?');
    expect(f?.fix).toBe('vm.kubevirt.io/name: vm2');
  });
  it('hints at kubernetes.io/metadata.name for a namespace `name` label', () => {
    const p = parseManifests([
      {
        text:
          BASE + np('podSelector: {}\ningress: [{from: [{namespaceSelector: {matchLabels: {name: x}}}]}]'),
        file: 't.yaml',
      },
    ]);
    expect(lint(p.model).find((d) => d.code === 'selector-matches-nothing')?.fix).toBe(
      'kubernetes.io/metadata.name: x',
    );
  });
});

describe('a policy the API server rejects still gets its other findings (defect 8)', () => {
  it('reports the invalid endPort, the unresolvable named port and the selector matching nothing', () => {
    const text = `${BASE}---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: bad, namespace: x}
spec:
  podSelector: {matchLabels: {app: a}}
  ingress:
  - from: [{podSelector: {matchLabels: {app: nobody}}}]
    ports: [{port: 80, endPort: 70}, {port: grpc}]
`;
    const found = lint(parseManifests([{ text, file: 'x.yaml' }]).model)
      .filter((d) => d.object?.name === 'bad')
      .map((d) => [d.code, d.field]);
    expect(found).toEqual([
      ['selector-matches-nothing', 'spec.ingress[0].from[0].podSelector'],
      ['endport-invalid', 'spec.ingress[0].ports[0].endPort'],
      ['named-port-unresolved', 'spec.ingress[0].ports[1].port'],
    ]);
  });
});
