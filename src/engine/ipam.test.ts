import { describe, expect, it } from 'vitest';
import { parseManifests } from '../io/k8s-to-model';
import { analyzeYaml } from '../testing/helpers';
import { layoutNetworks } from './networks';

// Issue 20 item 15: a NAD whose excludeSubnets overlap its subnets must not scan for seconds.
function scene(subnets: string, excludes: string, nads = 1, vms = 3): string {
  const docs: string[] = [];
  for (let n = 0; n < nads; n++) {
    docs.push(`apiVersion: k8s.cni.cncf.io/v1
kind: NetworkAttachmentDefinition
metadata: {name: n${n}, namespace: x}
spec:
  config: '{"name": "n${n}", "type": "ovn-k8s-cni-overlay", "topology": "layer2", "netAttachDefName": "x/n${n}", "subnets": "${subnets}", "excludeSubnets": "${excludes}"}'`);
    for (let v = 0; v < vms; v++)
      docs.push(`apiVersion: v1
kind: Pod
metadata:
  name: p${n}-${v}
  namespace: x
  annotations: {k8s.v1.cni.cncf.io/networks: n${n}}`);
  }
  return docs.join('\n---\n');
}

describe('simulated IPAM', () => {
  it('skips excluded ranges without walking them (the next address after them is free)', () => {
    const { model } = parseManifests([{ text: scene('10.0.0.0/8', '10.0.0.0/9,10.128.0.0/10') }]);
    const layout = layoutNetworks(model);
    const net = layout.nadToNetwork.get('x/n0') ?? '';
    const ips = (layout.members.get(net) ?? []).map((m) => [
      m.endpoint.name,
      m.ipSource,
      m.ips.map((i) => i.text),
    ]);
    expect(ips).toEqual([
      ['p0-0', 'ipam-simulated', ['10.192.0.0']],
      ['p0-1', 'ipam-simulated', ['10.192.0.1']],
      ['p0-2', 'ipam-simulated', ['10.192.0.2']],
    ]);
  });

  it('subnets entirely inside excludeSubnets: a clear finding per workload, quickly', () => {
    const t = performance.now();
    const a = analyzeYaml(scene('10.0.0.0/8', '10.0.0.0/8', 20, 2));
    expect(performance.now() - t).toBeLessThan(2000);
    const found = a.diagnostics.filter((d) => d.code === 'ipam-no-address');
    expect(found.length).toBe(40);
    expect(found[0]).toMatchObject({
      severity: 'warning',
      object: { kind: 'Pod', namespace: 'x', name: 'p0-0' },
      message:
        'no free address is left in the subnets of x/n0 (10.0.0.0/8 minus excludeSubnets and addresses in use), so no IP was simulated for it on this network',
    });
  });
});
