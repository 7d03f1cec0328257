import { describe, expect, it } from 'vitest';
import { parseObjects } from '../k8s-to-model';
import { createObject } from './create';
import { getLabels, rename, setInterfaces, setLabels } from './workload';

const nad = createObject('NetworkAttachmentDefinition', 'flat', 'default');

describe('editing design objects', () => {
  it('a VM with a pod interface and a static IP on a NAD reads back as those attachments', () => {
    const vm = setInterfaces(createObject('VirtualMachine', 'vm1', 'default'), [
      { network: 'default', ips: [] },
      { network: 'default/flat', ips: ['10.200.0.1'] },
    ]);
    const m = parseObjects([nad, vm]).model;
    expect(m.endpoints[0]?.attachments).toEqual([
      { nad: 'default', ips: [], ipSource: 'none', iface: 'default' },
      { nad: 'default/flat', ips: ['10.200.0.1/24'], ipSource: 'cloud-init', iface: 'net-flat' },
    ]);
  });
  it('a pod on the pod network and a NAD of another namespace', () => {
    const pod = setInterfaces(createObject('Pod', 'p', 'x'), [
      { network: 'default', ips: ['10.0.0.9'] },
      { network: 'default/flat', ips: ['10.200.0.9'] },
    ]);
    const a = parseObjects([nad, pod]).model.endpoints[0]?.attachments;
    expect(a).toEqual([
      { nad: 'default', ips: ['10.0.0.9'], ipSource: 'status' },
      { nad: 'default/flat', ips: ['10.200.0.9/24'], ipSource: 'annotation' },
    ]);
  });
  it('labels live on the pod template for VMs, on metadata for pods', () => {
    const vm = setLabels(createObject('VirtualMachine', 'vm1', 'default'), { name: 'access-control' });
    expect(getLabels(vm)).toEqual({ name: 'access-control' });
    expect(parseObjects([vm]).model.endpoints[0]?.labels).toMatchObject({
      name: 'access-control',
      'vm.kubevirt.io/name': 'vm1',
    });
  });
  it('renaming a NAD keeps its config consistent', () => {
    const r = rename(nad, 'blue', 'tenant');
    expect(parseObjects([r]).model.nads[0]).toMatchObject({ key: 'tenant/blue', netName: 'blue' });
    expect(parseObjects([r]).diagnostics).toEqual([]);
  });
  it('new objects are valid for the model (no diagnostics)', () => {
    const kinds = [
      'Namespace',
      'Pod',
      'VirtualMachine',
      'ExternalHost',
      'NetworkAttachmentDefinition',
      'NetworkPolicy',
      'MultiNetworkPolicy',
    ] as const;
    const objs = kinds.map((k) => createObject(k, `n-${k.toLowerCase()}`, 'default'));
    expect(parseObjects(objs).diagnostics.filter((d) => d.code !== 'kind-ignored')).toEqual([]);
  });
});

describe('one-click fixes', () => {
  const fixOf = async (yaml: string, code: string) => {
    const { parseManifests } = await import('../k8s-to-model');
    const { lint } = await import('../../engine/lint');
    const { parseDesignYaml } = await import('../design');
    const { applyFix } = await import('./fix');
    const objs = parseDesignYaml(yaml).objects;
    const d = lint(parseManifests([{ text: yaml }]).model).find((x) => x.code === code);
    const target = objs.find((o) => o.obj.kind === d?.object?.kind);
    return d && target ? applyFix(target.obj, d) : undefined;
  };
  it('fixes the policyTypes spelling', async () => {
    const fixed = await fixOf(
      'apiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec: {podSelector: {}, policyTypes: [egress]}\n',
      'policy-types-case',
    );
    expect((fixed?.spec as { policyTypes: string[] }).policyTypes).toEqual(['Egress']);
  });
  it('fixes the VM2 selector value', async () => {
    const yaml =
      'apiVersion: kubevirt.io/v1\nkind: VirtualMachine\nmetadata: {name: vm2}\nspec: {template: {spec: {domain: {}}}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {matchLabels: {vm.kubevirt.io/name: VM2}}\n';
    const fixed = await fixOf(yaml, 'policy-selects-nothing');
    expect((fixed?.spec as { podSelector: unknown }).podSelector).toEqual({
      matchLabels: { 'vm.kubevirt.io/name': 'vm2' },
    });
  });
  it('fixes a namespace `name` key to kubernetes.io/metadata.name', async () => {
    const yaml =
      'apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: x}\nspec:\n  podSelector: {}\n  ingress: [{from: [{namespaceSelector: {matchLabels: {name: x}}}]}]\n';
    const fixed = await fixOf(yaml, 'selector-matches-nothing');
    expect(JSON.stringify(fixed?.spec)).toContain(
      '"namespaceSelector":{"matchLabels":{"kubernetes.io/metadata.name":"x"}}',
    );
  });
});
