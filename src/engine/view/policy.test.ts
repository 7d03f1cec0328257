import { describe, expect, it } from 'vitest';
import { parseManifests, parseObjects } from '../../io/k8s-to-model';
import { generateCluster } from '../../testing/generate';
import { scenario } from '../../testing/helpers';
import { analyze } from '../analyze';
import { policyView } from './policy';

/** The model and its analysis, as the app holds them. */
function load(text: string) {
  const { model } = parseManifests([{ text, file: 'test.yaml' }]);
  return { model, result: analyze(model) };
}

const NOTHING = { ingress: [], egress: [] };

const NP = `---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: default}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;

// Pod `a` is on the pod network (alone: no pair there) and on blue; VM `v` is on blue only;
// red has no workload.
const SMALL = `---
apiVersion: v1
kind: Namespace
metadata: {name: app}
---
apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata: {name: blue, namespace: app}
spec:
  config: '{"cniVersion": "0.4.0", "name": "blue", "type": "ovn-k8s-cni-overlay", "topology": "layer2", "subnets": "10.1.0.0/24", "netAttachDefName": "app/blue"}'
---
apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata: {name: red, namespace: app}
spec:
  config: '{"cniVersion": "0.4.0", "name": "red", "type": "ovn-k8s-cni-overlay", "topology": "layer2", "subnets": "10.2.0.0/24", "netAttachDefName": "app/red"}'
---
apiVersion: v1
kind: Pod
metadata:
  name: a
  namespace: app
  labels: {app: a}
  annotations: {k8s.v1.cni.cncf.io/networks: blue}
spec: {containers: [{name: c, image: i}]}
---
apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: v, namespace: app}
spec:
  template:
    metadata: {labels: {app: v}}
    spec:
      domain: {devices: {interfaces: [{name: b, bridge: {}}]}}
      networks: [{name: b, multus: {networkName: blue}}]
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: np, namespace: app}
spec: {podSelector: {}, policyTypes: [Ingress]}
---
apiVersion: k8s.cni.cncf.io/v1beta1
kind: MultiNetworkPolicy
metadata: {name: mnp, namespace: app, annotations: {k8s.v1.cni.cncf.io/policy-for: 'blue, red'}}
spec:
  podSelector: {}
  policyTypes: [Ingress]
  ingress: [{from: [{podSelector: {matchLabels: {app: a}}}]}]
`;

describe('policy view: exactly the networks a policy applies on', () => {
  it('a NetworkPolicy beside VMs on a secondary network only: the pod network, selecting none of them', () => {
    const x = load(scenario('kubevirt-blog') + NP);
    const v = policyView(x.result, 'netpol:default/deny-all', x.model);
    expect(v?.selected).toHaveLength(6);
    expect(v?.networks).toEqual([{ network: 'default', subjects: [], rules: [], notAdmitted: NOTHING }]);
  });

  it('a NetworkPolicy: its workload alone on the pod network, not the VM on the secondary one', () => {
    const x = load(SMALL);
    const v = policyView(x.result, 'netpol:app/np', x.model);
    expect(v?.selected).toEqual(['app/a', 'app/v']);
    expect(v?.networks).toEqual([
      { network: 'default', subjects: ['app/a'], rules: [], notAdmitted: NOTHING },
    ]);
  });

  it('a MultiNetworkPolicy: its policy-for networks, the empty one too, and not the pod network', () => {
    const x = load(SMALL);
    const v = policyView(x.result, 'mnp:app/mnp', x.model);
    expect(v?.networks.map((n) => [n.network, n.subjects])).toEqual([
      ['app/blue', ['app/a', 'app/v']],
      ['app/red', []],
    ]);
    const blue = v?.networks[0];
    expect(blue?.rules).toEqual([
      { direction: 'ingress', rule: 0, peers: [{ label: 'app/a', text: 'all' }], text: 'all' },
    ]);
    expect(blue?.notAdmitted).toEqual({ ingress: ['app/v'], egress: [] });
  });

  it('primary UDNs: a NetworkPolicy on the primary network of its namespace, an MNP on its CUDN', () => {
    const x = load(scenario('udn-tenants'));
    const np = policyView(x.result, 'netpol:tenant-a/db-from-frontend', x.model);
    expect(np?.networks.map((n) => [n.network, n.subjects])).toEqual([
      ['tenant-a/tenant-net', ['tenant-a/vm-a']],
    ]);
    expect(np?.networks[0]?.rules.map((r) => r.peers.map((p) => p.label))).toEqual([['tenant-a/frontend']]);
    const mnp = policyView(x.result, 'mnp:tenant-a/backup-only-to-server', x.model);
    expect(mnp?.networks.map((n) => [n.network, n.subjects, n.notAdmitted])).toEqual([
      ['backup', ['tenant-a/vm-a'], { ingress: ['tenant-b/vm-b'], egress: [] }],
    ]);
  });

  it('a VM alone on its primary UDN (no pair there): read from the model', () => {
    const x = load(scenario('udn-tenants'));
    const model = {
      ...x.model,
      endpoints: x.model.endpoints.filter((e) => e.id !== 'pod:tenant-a/frontend'),
    };
    const v = policyView(analyze(model), 'netpol:tenant-a/db-from-frontend', model);
    expect(v?.networks).toEqual([
      { network: 'tenant-a/tenant-net', subjects: ['tenant-a/vm-a'], rules: [], notAdmitted: NOTHING },
    ]);
  });

  it('a policy applied on no network lists none and says why', () => {
    const x = load(SMALL.replace(`annotations: {k8s.v1.cni.cncf.io/policy-for: 'blue, red'}`, ''));
    const v = policyView(x.result, 'mnp:app/mnp', x.model);
    expect(v?.networks).toEqual([]);
    expect(v?.notApplied).toBe('no policy-for annotation');
  });

  it('without the model: the networks from the analysis, a lone workload not known', () => {
    const x = load(SMALL);
    expect(policyView(x.result, 'netpol:app/np')?.networks).toEqual([
      { network: 'default', subjects: [], rules: [], notAdmitted: NOTHING },
    ]);
  });
});

describe('policy view on a generated cluster', () => {
  for (const seed of [3, 7]) {
    it(`listed and compact answers give the same view, on the networks each policy applies on (seed ${seed})`, () => {
      const { model } = parseObjects(generateCluster(seed, { endpoints: 40, policies: 14 }));
      const listed = analyze(model);
      const compact = analyze(model, { compactAbove: 0 });
      expect(compact.compact?.length).toBeGreaterThan(0);
      for (const p of listed.policies) {
        const v = policyView(listed, p.id, model);
        expect(policyView(compact, p.id, model), p.id).toEqual(v);
        const keys = v?.networks.map((n) => n.network) ?? [];
        if (p.id.startsWith('netpol:')) expect(keys, p.id).toEqual(['default']);
        else expect(keys.includes('default'), p.id).toBe(false);
        for (const n of v?.networks ?? []) expect(n.subjects.every((s) => p.selected.includes(s))).toBe(true);
      }
    });
  }
});
