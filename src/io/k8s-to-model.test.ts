import { describe, expect, it } from 'vitest';
import { parseManifests } from './k8s-to-model';

const parse = (text: string) => parseManifests([{ text, file: 'in.yaml' }]);

describe('YAML import', () => {
  it('reads multi-document streams and kind: List, keeps and reports other kinds', () => {
    const r = parse(`apiVersion: v1
kind: List
items:
- apiVersion: v1
  kind: Pod
  metadata: {name: a}
- apiVersion: v1
  kind: Service
  metadata: {name: svc}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: c, ports: [{name: http, containerPort: 8080}]}]}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec: {jobTemplate: {spec: {template: {metadata: {labels: {job: n}}, spec: {containers: [{name: c}]}}}}}
`);
    expect(r.model.endpoints.map((e) => `${e.sourceKind} ${e.namespace}/${e.name}`)).toEqual([
      'Pod default/a',
      'Deployment shop/web',
      'CronJob default/nightly',
    ]);
    expect(r.model.endpoints[1]?.namedPorts).toEqual([{ name: 'http', port: 8080, protocol: 'TCP' }]);
    expect(r.model.ignored.map((i) => i.ref.kind)).toEqual(['Service']);
    expect(r.diagnostics.find((d) => d.code === 'kind-ignored')).toMatchObject({
      severity: 'info',
      field: 'kind',
      line: 8,
    });
  });

  it('a syntax error skips one document and names its line; the others load', () => {
    const r = parse(
      `apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n   bad: indent\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: c}\n`,
    );
    expect(r.model.endpoints.map((e) => e.name)).toEqual(['a', 'c']);
    const d = r.diagnostics.find((x) => x.code === 'yaml-syntax');
    expect(d).toMatchObject({ severity: 'error', file: 'in.yaml' });
    expect(d?.line).toBeGreaterThanOrEqual(8);
    expect(d?.line).toBeLessThanOrEqual(9);
  });

  it('a wrong apiVersion is an error naming object, field and line', () => {
    const r = parse(
      `apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\napiVersion: k8s.cni.cnf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata: {name: n}\nspec: {config: '{}'}\n`,
    );
    expect(r.model.nads).toEqual([]);
    expect(r.diagnostics.find((d) => d.code === 'api-version-wrong')).toMatchObject({
      object: { kind: 'NetworkAttachmentDefinition', namespace: 'default', name: 'n' },
      field: 'apiVersion',
      line: 5,
      fix: 'k8s.cni.cncf.io/v1',
    });
  });

  it('spec.config that is not JSON: an error, the NAD is kept as a network', () => {
    const r = parse(
      `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata: {name: n}\nspec:\n  config: '{"name": "n", "type": "macvlan",}'\n`,
    );
    expect(r.model.nads.map((n) => n.key)).toEqual(['default/n']);
    expect(r.diagnostics.find((d) => d.code === 'nad-config-invalid')).toMatchObject({
      field: 'spec.config',
      line: 5,
    });
  });

  it('reads NAD configs: OVN-K topology and subnets, plugin lists, ipam subnets', () => {
    const r = parse(`apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata: {name: l3, namespace: ns}
spec: {config: '{"name": "l3net", "type": "ovn-k8s-cni-overlay", "topology": "layer3", "subnets": "10.128.0.0/16/24", "netAttachDefName": "ns/l3"}'}
---
apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata: {name: mv}
spec: {config: '{"name": "mv", "plugins": [{"type": "macvlan", "ipam": {"type": "host-local", "subnet": "2.2.6.0/24"}}]}'}
`);
    expect(r.model.nads[0]).toMatchObject({
      cniType: 'ovn-k8s-cni-overlay',
      topology: 'layer3',
      netName: 'l3net',
      subnets: ['10.128.0.0/16/24'],
    });
    expect(r.model.nads[1]).toMatchObject({ cniType: 'macvlan', ipamSubnets: ['2.2.6.0/24'] });
  });

  it('wrong types in fields are reported with their path and the rest of the object is read', () => {
    const r = parse(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: x}\nspec:\n  podSelector: {matchLabels: {app: [1]}}\n  ingress:\n  - from: {podSelector: {}}\n    ports: [{port: 80}]\n`,
    );
    const fields = r.diagnostics.filter((d) => d.code === 'field-type').map((d) => `${d.field}@${d.line}`);
    expect(fields).toEqual(['spec.podSelector.matchLabels.app@5', 'spec.ingress[0].from@7']);
    expect(r.model.policies[0]?.ingress?.[0]?.ports).toEqual([{ port: 80 }]);
  });

  it('an ingress rule with "to" is reported (it would be dropped by the API)', () => {
    const r = parse(
      `apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {}\n  ingress:\n  - to: [{podSelector: {}}]\n`,
    );
    expect(r.diagnostics.find((d) => d.field === 'spec.ingress[0].to')).toMatchObject({
      severity: 'error',
      line: 7,
    });
  });

  it('non-object documents, missing kind and missing name are errors; empty documents are fine', () => {
    const r = parse(
      `---\n# only a comment\n---\n- a\n- b\n---\napiVersion: v1\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nmetadata: {}\n`,
    );
    expect(r.diagnostics.map((d) => d.code)).toEqual(['not-an-object', 'kind-missing', 'name-missing']);
  });

  it('pod networks annotation: list form, JSON form with namespace and ips, bad JSON', () => {
    const r = parse(
      `apiVersion: v1\nkind: Pod\nmetadata:\n  name: a\n  namespace: x\n  annotations:\n    k8s.v1.cni.cncf.io/networks: 'n1, other/n2@eth5'\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: b\n  namespace: x\n  annotations:\n    k8s.v1.cni.cncf.io/networks: '[{"name": "n3", "namespace": "z", "ips": ["10.1.1.5/24"]}]'\n---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: c\n  annotations:\n    k8s.v1.cni.cncf.io/networks: '[{"name": '\n`,
    );
    expect(r.model.endpoints[0]?.attachments.map((a) => a.nad)).toEqual(['default', 'x/n1', 'other/n2']);
    expect(r.model.endpoints[1]?.attachments[1]).toMatchObject({
      nad: 'z/n3',
      ips: ['10.1.1.5/24'],
      ipSource: 'annotation',
    });
    expect(r.diagnostics.find((d) => d.code === 'networks-annotation-invalid')).toMatchObject({
      object: { name: 'c' },
    });
  });

  it('quoted multi-line JSON closing at the key indentation is accepted (as kubectl does)', () => {
    const r = parse(
      `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata:\n  name: n\nspec:\n    config: '{\n        "name": "n",\n        "type": "macvlan"\n    }'\n`,
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.model.nads[0]?.cniType).toBe('macvlan');
  });

  it('input over the size limit is refused with a message stating the limit', () => {
    const r = parseManifests([{ text: 'x'.repeat(64 * 1024 * 1024 + 1), file: 'big.yaml' }]);
    expect(r.diagnostics[0]).toMatchObject({ code: 'input-too-large' });
    expect(r.diagnostics[0]?.message).toContain('64 MiB');
  });
});
