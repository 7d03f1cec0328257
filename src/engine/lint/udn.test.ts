import { describe, expect, it } from 'vitest';
import { parseManifests } from '../../io/k8s-to-model';
import { lint } from './lint';

const L = 'k8s.ovn.org/primary-user-defined-network: ""';
const BASE = `apiVersion: v1
kind: Namespace
metadata: {name: blue, labels: {${L}}}
---
apiVersion: v1
kind: Namespace
metadata: {name: red, labels: {${L}}}
---
apiVersion: v1
kind: Namespace
metadata: {name: plain}
---
apiVersion: k8s.ovn.org/v1
kind: UserDefinedNetwork
metadata: {name: net, namespace: blue}
spec: {topology: Layer2, layer2: {role: Primary, subnets: [10.10.0.0/16]}}
---
apiVersion: k8s.ovn.org/v1
kind: UserDefinedNetwork
metadata: {name: net, namespace: red}
spec: {topology: Layer2, layer2: {role: Primary, subnets: [10.10.0.0/16]}}
---
apiVersion: v1
kind: Pod
metadata: {name: a, namespace: blue, labels: {app: a}}
spec: {containers: [{name: c}]}
---
apiVersion: v1
kind: Pod
metadata: {name: c, namespace: red, labels: {app: c}}
spec: {containers: [{name: c}]}
---
apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: vm1, namespace: blue}
spec:
  template:
    spec:
      domain: {devices: {interfaces: [{name: default, binding: {name: l2bridge}}]}}
      networks: [{name: default, pod: {}}]
---
apiVersion: v1
kind: Pod
metadata: {name: p, namespace: plain, labels: {app: p}}
spec: {containers: [{name: c}]}
`;
const findings = (extra: string, code: string) =>
  lint(parseManifests([{ text: BASE + extra, file: 'x.yaml' }]).model).filter((d) => d.code === code);

/** The U8 findings of NetworkPolicy `ns/name` on every pod, with these ingress rules (block lines). */
const peerFindings = (policy: string, ingress: string) => {
  const [ns, name] = policy.split('/');
  return findings(
    `---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: ${name}, namespace: ${ns}}\nspec:\n  podSelector: {}\n  ingress:\n${ingress}\n`,
    'udn-peer-other-network',
  );
};

describe('UDN findings', () => {
  it('U8: a NetworkPolicy peer that selects only pods of another primary network', () => {
    const f = peerFindings(
      'blue/from-red',
      '  - from:\n    - namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: red}}\n    - podSelector: {matchLabels: {app: a}}',
    );
    expect(f.map((d) => [d.field, d.line, d.severity])).toEqual([['spec.ingress[0].from[0]', 54, 'warning']]);
    expect(f[0]?.message).toContain('(red/net) than the one this policy applies on (blue/net)');
  });
  it('U8 also for a default-network policy naming UDN pods', () => {
    const f = peerFindings(
      'plain/from-blue',
      '  - from: [{namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: blue}}}]',
    );
    expect(f.map((d) => d.field)).toEqual(['spec.ingress[0].from[0]']);
  });
  it('U13: policy lets an external host into a UDN address', () => {
    const ext = `---
apiVersion: netpol-studio.io/v1alpha1
kind: ExternalHost
metadata: {name: web}
spec: {ips: [8.8.8.8], network: blue/net}
`;
    expect(findings(ext, 'udn-external-ingress').map((d) => d.object)).toEqual([
      { kind: 'ExternalHost', name: 'web' },
    ]);
    const closed = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny, namespace: blue}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;
    expect(findings(ext + closed, 'udn-external-ingress')).toEqual([]);
  });
  it('a VM on a UDN and a Service on the default network', () => {
    const svc = `---
apiVersion: v1
kind: Service
metadata: {name: db, namespace: plain}
spec: {selector: {app: p}, ports: [{port: 5432}]}
`;
    const f = findings(svc, 'udn-service-unreachable');
    expect(f).toHaveLength(1);
    expect(f[0]?.object).toEqual({ kind: 'Service', namespace: 'plain', name: 'db' });
    expect(f[0]?.message).toContain('VM blue/vm1, blue/a, red/c are on another primary network');
  });
  it('policy-for naming a CUDN by its OVN-K network name, or a UDN of another namespace', () => {
    const mnp = (forNet: string) => `---
apiVersion: k8s.cni.cncf.io/v1beta1
kind: MultiNetworkPolicy
metadata: {name: m, namespace: blue, annotations: {k8s.v1.cni.cncf.io/policy-for: ${forNet}}}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: k8s.ovn.org/v1
kind: ClusterUserDefinedNetwork
metadata: {name: storage}
spec:
  namespaceSelector: {matchLabels: {kubernetes.io/metadata.name: blue}}
  network: {topology: Layer2, layer2: {role: Secondary, subnets: [192.168.0.0/24]}}
---
apiVersion: k8s.ovn.org/v1
kind: UserDefinedNetwork
metadata: {name: side, namespace: red}
spec: {topology: Layer2, layer2: {role: Secondary, subnets: [192.168.1.0/24]}}
`;
    const a = findings(mnp('cluster_udn_storage'), 'udn-policy-for-name');
    expect(a.map((d) => [d.fix, d.field])).toEqual([
      ['storage', 'metadata.annotations.k8s.v1.cni.cncf.io/policy-for'],
    ]);
    const b = findings(mnp('side'), 'udn-policy-for-name');
    expect(b.map((d) => d.fix)).toEqual(['red/side']);
    expect(findings(mnp('plain/storage'), 'udn-policy-for-name')[0]?.message).toContain(
      'does not select namespace plain',
    );
    expect(findings(mnp('storage'), 'udn-policy-for-name')).toEqual([]);
  });
  it('overlapping subnets of two networks serving one namespace', () => {
    const side = `---
apiVersion: k8s.ovn.org/v1
kind: UserDefinedNetwork
metadata: {name: side, namespace: blue}
spec: {topology: Layer2, layer2: {role: Secondary, subnets: [10.10.5.0/24]}}
`;
    const f = findings(side, 'udn-subnets-overlap');
    expect(f.map((d) => [d.object?.name, d.field])).toEqual([['side', 'spec.layer2.subnets']]);
    expect(f[0]?.message).toContain('UserDefinedNetwork blue/net');
    // blue/net and red/net overlap too, but serve different namespaces: fine
    expect(findings('', 'udn-subnets-overlap')).toEqual([]);
  });
});
