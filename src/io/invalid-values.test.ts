import { describe, expect, it } from 'vitest';
import { parseManifests } from './k8s-to-model';
import { analyzeYaml } from '../testing/helpers';
import { docs, pod } from '../testing/manifests';

// Issue 20 item 12: values the API server validates get a finding (object, field, line).
const parse = (text: string) => parseManifests([{ text, file: 'in.yaml' }]);
const found = (ds: readonly { code: string; field?: string; line?: number; severity: string }[]) =>
  ds.map((d) => [d.severity, d.code, d.field, d.line]);

describe('label keys and values, names', () => {
  it('invalid label keys and values on a Pod are errors; the pod is kept', () => {
    const r = parse(`apiVersion: v1
kind: Pod
metadata:
  name: a
  labels:
    "my key": x
    app: "white space"
    ok/: x
    example.com/tier: "${'v'.repeat(64)}"
    example.com/role: web
`);
    expect(found(r.diagnostics)).toEqual([
      ['error', 'label-invalid', 'metadata.labels.my key', 6],
      ['error', 'label-invalid', 'metadata.labels.app', 7],
      ['error', 'label-invalid', 'metadata.labels.ok/', 8],
      ['error', 'label-invalid', 'metadata.labels.example.com/tier', 9],
    ]);
    expect(r.model.endpoints.map((e) => e.name)).toEqual(['a']);
    expect(r.diagnostics[0]?.message).toContain('"my key"');
  });

  it('names that are not DNS names are errors (Namespace: a DNS label)', () => {
    const r = parse(`apiVersion: v1
kind: Namespace
metadata: {name: Team.A}
---
apiVersion: v1
kind: Pod
metadata: {name: Web_1, namespace: ok}
---
apiVersion: v1
kind: Pod
metadata: {name: web.v1, namespace: ok}
`);
    expect(found(r.diagnostics)).toEqual([
      ['error', 'name-invalid', 'metadata.name', 3],
      ['error', 'name-invalid', 'metadata.name', 7],
    ]);
  });

  it('a policy with an invalid selector label or name is rejected and not applied', () => {
    const base = docs(
      pod('x', 'a', { labels: 'app: a', ip: '10.0.1.1' }),
      pod('x', 'c', { labels: 'app: c', ip: '10.0.1.3' }),
    );
    const bad = [
      'metadata: {name: p, namespace: x}\nspec: {podSelector: {matchLabels: {"app ": a}}}',
      'metadata: {name: p, namespace: x}\nspec: {podSelector: {matchExpressions: [{key: app, operator: In, values: ["a b"]}]}}',
      'metadata: {name: P_1, namespace: x}\nspec: {podSelector: {}}',
    ];
    for (const policy of bad) {
      const a = analyzeYaml(`${base}---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\n${policy}\n`);
      expect(a.can('x/c', 'x/a', 'TCP/80')).toBe(true);
      const errs = a.diagnostics.filter((d) => d.severity === 'error');
      expect(errs.length).toBe(1);
      expect(errs[0]?.message).toMatch(/rejects this NetworkPolicy, so it is not applied/);
    }
  });
});

describe('addresses', () => {
  it('invalid NAD subnets and excludeSubnets are errors naming the entry', () => {
    const r = parse(`apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata: {name: n, namespace: x}
spec:
  config: '{"cniVersion": "0.3.1", "name": "n", "type": "ovn-k8s-cni-overlay", "topology": "layer2", "netAttachDefName": "x/n", "subnets": "10.0.0.0/33,10.1.0.0/16,fd00::/64", "excludeSubnets": "10.1.0.300/32"}'
`);
    expect(r.diagnostics.map((d) => [d.code, d.field, d.line, d.message])).toEqual([
      ['nad-subnet-invalid', 'spec.config', 5, 'subnets entry "10.0.0.0/33": prefix length must be 0-32'],
      ['nad-subnet-invalid', 'spec.config', 5, 'excludeSubnets entry "10.1.0.300/32" is not a valid CIDR'],
    ]);
    expect(r.model.nads[0]?.subnets).toEqual(['10.1.0.0/16', 'fd00::/64']);
  });

  it('a cloud-init address with prefix /99 is an error and gives no IP', () => {
    const r = parse(`apiVersion: kubevirt.io/v1
kind: VirtualMachine
metadata: {name: vm, namespace: x}
spec:
  template:
    spec:
      domain: {devices: {interfaces: [{name: net1, bridge: {}}]}}
      networks: [{name: net1, multus: {networkName: n}}]
      volumes:
      - name: ci
        cloudInitNoCloud:
          networkData: |
            version: 2
            ethernets: {eth0: {addresses: [10.0.0.5/99, 10.0.0.6/24]}}
`);
    expect(r.diagnostics.map((d) => [d.code, d.field, d.line])).toEqual([
      ['cloud-init-invalid', 'spec.template.spec.volumes[0].cloudInitNoCloud.networkData', 12],
    ]);
    expect(r.diagnostics[0]?.message).toContain('"10.0.0.5/99"');
    expect(r.model.endpoints[0]?.attachments[0]?.ips).toEqual(['10.0.0.6/24']);
  });
});
