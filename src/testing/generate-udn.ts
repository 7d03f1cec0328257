import { Rng, type Obj } from './generate';

/**
 * Adds OVN-K UserDefinedNetworks to a generated cluster (SEMANTICS §10), for the property test:
 * ns2 on its own primary Layer2 UDN `ns2/tenant`, ns3 and ns4 (when they exist) on the primary
 * Layer3 CUDN `shared`, a secondary Layer2 CUDN `stor` serving every namespace, explicit
 * addresses on every (C)UDN (the reference does not simulate IPAM), some pods opening default
 * ports, externals on the UDN keys, and MultiNetworkPolicies for `stor` and (not applied, U11)
 * for the primary UDN. Seeded separately, so the base cluster is the one `generateCluster` gives.
 */
const LABEL = 'k8s.ovn.org/primary-user-defined-network';
const PRIMARY: Readonly<Record<string, { nad: string; prefix: string }>> = {
  ns2: { nad: 'tenant', prefix: '10.60' },
  ns3: { nad: 'shared', prefix: '10.70' },
  ns4: { nad: 'shared', prefix: '10.70' },
};

const udnObj = (kind: string, name: string, namespace: string | undefined, spec: Obj): Obj => ({
  apiVersion: 'k8s.ovn.org/v1',
  kind,
  metadata: namespace ? { name, namespace } : { name },
  spec,
});

function meta(o: Obj): Record<string, unknown> {
  return o.metadata as Record<string, unknown>;
}

export function withUdns(objs: readonly Obj[], seed: number): Obj[] {
  const r = new Rng(seed ^ 0x5eed);
  let n = 0;
  const out: Obj[] = objs.map((o): Obj => {
    const m = meta(o);
    const ns = typeof m.namespace === 'string' ? m.namespace : '';
    if (o.kind === 'Namespace' && PRIMARY[m.name as string])
      return { ...o, metadata: { ...m, labels: { ...(m.labels as Obj), [LABEL]: '' } } };
    if (o.kind !== 'Pod' && o.kind !== 'VirtualMachineInstance') return o;
    n++;
    const p = PRIMARY[ns];
    const ann: Record<string, string> = { ...((m.annotations as Record<string, string> | undefined) ?? {}) };
    if (o.kind === 'Pod') {
      if (p)
        ann['k8s.ovn.org/pod-networks'] = JSON.stringify({
          [`${ns}/${p.nad}`]: {
            ip_addresses: [`${p.prefix}.${(n >> 8) & 255}.${n & 255}/16`],
            role: 'primary',
          },
        });
      if (p && r.chance(0.4))
        ann['k8s.ovn.org/open-default-ports'] = r.chance(0.8)
          ? `- protocol: tcp\n  port: ${r.pick([80, 8080, 5432])}\n- protocol: icmp`
          : '- protocol: TCP\n  port: 80';
      if (r.chance(0.3)) {
        const list = ann['k8s.v1.cni.cncf.io/networks']
          ? (JSON.parse(ann['k8s.v1.cni.cncf.io/networks']) as Obj[])
          : [];
        list.push({ name: 'stor', namespace: ns, ips: [`10.80.${(n >> 8) & 255}.${n & 255}/16`] });
        ann['k8s.v1.cni.cncf.io/networks'] = JSON.stringify(list);
      }
    }
    return Object.keys(ann).length ? { ...o, metadata: { ...m, annotations: ann } } : o;
  });
  out.push(
    udnObj('UserDefinedNetwork', 'tenant', 'ns2', {
      topology: 'Layer2',
      layer2: { role: 'Primary', subnets: ['10.60.0.0/16'] },
    }),
  );
  out.push(
    udnObj('ClusterUserDefinedNetwork', 'shared', undefined, {
      namespaceSelector: {
        matchExpressions: [{ key: 'kubernetes.io/metadata.name', operator: 'In', values: ['ns3', 'ns4'] }],
      },
      network: {
        topology: 'Layer3',
        layer3: { role: 'Primary', subnets: [{ cidr: '10.70.0.0/16', hostSubnet: 24 }] },
      },
    }),
  );
  out.push(
    udnObj('ClusterUserDefinedNetwork', 'stor', undefined, {
      namespaceSelector: {},
      network: { topology: 'Layer2', layer2: { role: 'Secondary', subnets: ['10.80.0.0/16'] } },
    }),
  );
  const ext = (name: string, ip: string, network: string): Obj => ({
    apiVersion: 'netpol-studio.io/v1alpha1',
    kind: 'ExternalHost',
    metadata: { name },
    spec: { ips: [ip], network },
  });
  out.push(ext('udn-ext', '10.1.2.3', 'ns2/tenant'), ext('cudn-ext', '192.0.2.70', 'shared'));
  const deny = {
    podSelector: {},
    policyTypes: ['Ingress'],
    ingress: [{ from: [{ ipBlock: { cidr: '10.80.0.0/17' } }] }],
  };
  const mnp = (name: string, ns: string, forNet: string): Obj => ({
    apiVersion: 'k8s.cni.cncf.io/v1beta1',
    kind: 'MultiNetworkPolicy',
    metadata: { name, namespace: ns, annotations: { 'k8s.v1.cni.cncf.io/policy-for': forNet } },
    spec: deny,
  });
  out.push(mnp('stor-in', 'ns1', 'stor'), mnp('on-primary', 'ns2', 'tenant'));
  return out;
}
