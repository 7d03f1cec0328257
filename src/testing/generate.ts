/**
 * Reproducible synthetic clusters (seeded): namespaces, pods, VMs, NADs with and without
 * subnets, external hosts, and NetworkPolicies / MultiNetworkPolicies of realistic shapes
 * (default deny, selectors with expressions, ipBlocks with except, named ports, endPort).
 * Used by the property tests (small) and the benchmark (up to 20,000 endpoints).
 */
import { clusterPolicies } from './generate-admin';

export type Obj = Record<string, unknown>;

export class Rng {
  private s: number;
  constructor(seed: number) {
    this.s = seed >>> 0 || 1;
  }
  next(): number {
    // mulberry32
    this.s = (this.s + 0x6d2b79f5) >>> 0;
    let t = this.s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
  int(n: number): number {
    return Math.floor(this.next() * n);
  }
  pick<T>(xs: readonly T[]): T {
    return xs[this.int(xs.length)] as T;
  }
  chance(p: number): boolean {
    return this.next() < p;
  }
}

export interface GenOptions {
  readonly endpoints: number;
  readonly policies: number;
  /** Share of endpoints that are VMs (default 0.3). */
  readonly vmShare?: number;
  /** Namespaces (default: one per 25 endpoints, at most 200). */
  readonly namespaces?: number;
  /** AdminNetworkPolicies / BANP / ClusterNetworkPolicies (default 0: clusters without them are unchanged). */
  readonly adminPolicies?: number;
}

const APPS = ['web', 'api', 'db', 'cache', 'worker', 'batch'];
const TIERS = ['front', 'back', 'data'];
const TEAMS = ['a', 'b', 'c'];

export function generateCluster(seed: number, o: GenOptions): Obj[] {
  const r = new Rng(seed);
  const objs: Obj[] = [];
  const nsCount = o.namespaces ?? Math.max(2, Math.min(200, Math.round(o.endpoints / 25)));
  const namespaces = Array.from({ length: nsCount }, (_, i) => `ns${i}`);
  namespaces.forEach((n, i) =>
    objs.push({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: n, labels: { team: TEAMS[i % 3], env: i % 4 === 0 ? 'prod' : 'dev' } },
    }),
  );
  const ovnk = (name: string, ns: string, subnets?: string) => ({
    apiVersion: 'k8s.cni.cncf.io/v1',
    kind: 'NetworkAttachmentDefinition',
    metadata: { name, namespace: ns },
    spec: {
      config: JSON.stringify({
        cniVersion: '0.4.0',
        name,
        type: 'ovn-k8s-cni-overlay',
        topology: 'layer2',
        netAttachDefName: `${ns}/${name}`,
        ...(subnets ? { subnets } : {}),
      }),
    },
  });
  objs.push(ovnk('blue', 'ns0', '10.50.0.0/16'));
  objs.push(ovnk('flat', 'ns0'));
  objs.push({
    apiVersion: 'k8s.cni.cncf.io/v1',
    kind: 'NetworkAttachmentDefinition',
    metadata: { name: 'mv', namespace: 'ns1' },
    spec: {
      config: JSON.stringify({ cniVersion: '0.4.0', name: 'mv', type: 'macvlan', ipam: { type: 'static' } }),
    },
  });
  const ext = Math.max(1, Math.round(o.endpoints / 100));
  for (let i = 0; i < ext; i++) {
    const onFlat = i % 3 === 2;
    objs.push({
      apiVersion: 'netpol-studio.io/v1alpha1',
      kind: 'ExternalHost',
      metadata: { name: `ext${i}` },
      spec: {
        network: onFlat ? 'ns0/flat' : 'default',
        ips: [
          onFlat
            ? `10.200.${200 + (i % 50)}.${1 + (i % 250)}`
            : r.chance(0.5)
              ? `192.0.2.${1 + (i % 250)}`
              : `10.${r.int(4)}.${r.int(250)}.${1 + r.int(250)}`,
        ],
      },
    });
  }
  const workloads = o.endpoints - ext;
  for (let i = 0; i < workloads; i++) {
    const ns = namespaces[i % nsCount] as string;
    const app = r.pick(APPS);
    const labels: Record<string, string> = { app, tier: r.pick(TIERS) };
    if (r.chance(0.3)) labels.version = `v${r.int(3)}`;
    const podIp = `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`;
    const ports = [
      { name: 'http', containerPort: app === 'db' ? 5432 : 8080 },
      ...(r.chance(0.3) ? [{ name: 'metrics', containerPort: 9100 }] : []),
      ...(app === 'cache' ? [{ name: 'dns', containerPort: 53, protocol: 'UDP' }] : []),
    ];
    const secondary: { name: string; namespace: string; ips: string[] }[] = [];
    if (ns === 'ns0' && r.chance(0.6))
      secondary.push({ name: r.chance(0.5) ? 'blue' : 'flat', namespace: 'ns0', ips: [] });
    if (ns === 'ns1' && r.chance(0.5)) secondary.push({ name: 'mv', namespace: 'ns1', ips: [] });
    for (const s of secondary)
      s.ips = [
        s.name === 'blue'
          ? `10.50.${(i >> 8) & 255}.${i & 255}/16`
          : s.name === 'flat'
            ? `10.200.${(i >> 8) & 127}.${i & 255}/16`
            : `192.168.${(i >> 8) & 255}.${i & 255}/16`,
      ];
    if (r.chance(o.vmShare ?? 0.3)) {
      const nets: Obj[] = [{ name: 'default', pod: {} }];
      const ifaces: Obj[] = [
        {
          name: 'default',
          masquerade: {},
          ports: ports.filter((p) => p.name !== 'dns').map((p) => ({ name: p.name, port: p.containerPort })),
        },
      ];
      for (const s of secondary) {
        nets.push({ name: s.name, multus: { networkName: `${s.namespace}/${s.name}` } });
        ifaces.push({ name: s.name, bridge: {} });
      }
      objs.push({
        apiVersion: 'kubevirt.io/v1',
        kind: 'VirtualMachineInstance',
        metadata: { name: `vm${i}`, namespace: ns, labels },
        spec: { domain: { devices: { interfaces: ifaces } }, networks: nets },
        status: {
          interfaces: [
            { name: 'default', ipAddress: podIp },
            ...secondary.map((s) => ({ name: s.name, ipAddress: (s.ips[0] as string).split('/')[0] })),
          ],
        },
      });
    } else {
      objs.push({
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `pod${i}`,
          namespace: ns,
          labels,
          ...(secondary.length
            ? { annotations: { 'k8s.v1.cni.cncf.io/networks': JSON.stringify(secondary) } }
            : {}),
        },
        spec: { containers: [{ name: 'c', image: 'x', ports }] },
        status: { podIP: podIp },
      });
    }
  }
  for (let i = 0; i < o.policies; i++) objs.push(policy(r, i, namespaces));
  if (o.adminPolicies) objs.push(...clusterPolicies(r, o.adminPolicies));
  return objs;
}

function selector(r: Rng): Obj {
  const roll = r.int(6);
  if (roll === 0) return {};
  if (roll === 1)
    return { matchExpressions: [{ key: 'app', operator: 'In', values: [r.pick(APPS), r.pick(APPS)] }] };
  if (roll === 2)
    return {
      matchExpressions: [
        { key: 'tier', operator: 'NotIn', values: [r.pick(TIERS)] },
        { key: 'version', operator: r.chance(0.5) ? 'Exists' : 'DoesNotExist' },
      ],
    };
  return { matchLabels: r.chance(0.5) ? { app: r.pick(APPS) } : { app: r.pick(APPS), tier: r.pick(TIERS) } };
}

function peer(r: Rng, secondaryIpamless: boolean): Obj {
  const roll = secondaryIpamless ? 3 : r.int(5);
  if (roll === 0) return { podSelector: selector(r) };
  if (roll === 1) return { namespaceSelector: { matchLabels: { team: r.pick(TEAMS) } } };
  if (roll === 2) return { namespaceSelector: { matchLabels: { env: 'prod' } }, podSelector: selector(r) };
  if (roll === 3) {
    const a = r.int(4);
    return r.chance(0.5)
      ? { ipBlock: { cidr: `10.${a}.0.0/16`, except: [`10.${a}.${r.int(4)}.0/24`] } }
      : secondaryIpamless
        ? { ipBlock: { cidr: `10.200.${r.int(8)}.0/21` } }
        : { ipBlock: { cidr: '0.0.0.0/0', except: ['10.0.0.0/8'] } };
  }
  return { ipBlock: { cidr: `192.0.2.${r.int(4) * 64}/26` } };
}

function ports(r: Rng): Obj[] | undefined {
  const roll = r.int(6);
  if (roll === 0) return undefined;
  if (roll === 1) return [{ port: 'http' }];
  if (roll === 2)
    return [
      { protocol: 'TCP', port: 8000, endPort: 8100 },
      { protocol: 'UDP', port: 53 },
    ];
  if (roll === 3) return [{ port: 5432 }, { port: 'metrics' }];
  if (roll === 4) return [{ protocol: 'SCTP' }];
  return [{ port: 8080 }];
}

function rules(r: Rng, dir: 'ingress' | 'egress', ipamless: boolean): Obj[] {
  const key = dir === 'ingress' ? 'from' : 'to';
  return Array.from({ length: r.int(3) }, () => {
    const rule: Obj = {};
    if (r.chance(0.8)) rule[key] = Array.from({ length: 1 + r.int(2) }, () => peer(r, ipamless));
    const p = ports(r);
    if (p) rule.ports = p;
    return rule;
  });
}

function policy(r: Rng, i: number, namespaces: readonly string[]): Obj {
  const mnp = r.chance(0.25);
  const nad = mnp ? r.pick(['blue', 'flat', 'mv']) : '';
  const ns = nad === 'mv' ? 'ns1' : mnp ? 'ns0' : r.pick(namespaces);
  const ipamless = nad === 'flat';
  const types = r.pick([['Ingress'], ['Egress'], ['Ingress', 'Egress'], undefined]);
  const spec: Obj = { podSelector: r.chance(0.3) ? {} : selector(r) };
  if (types) spec.policyTypes = types;
  if (!types || types.includes('Ingress')) spec.ingress = rules(r, 'ingress', ipamless);
  if (!types || types.includes('Egress') || r.chance(0.2)) spec.egress = rules(r, 'egress', ipamless);
  return mnp
    ? {
        apiVersion: 'k8s.cni.cncf.io/v1beta1',
        kind: 'MultiNetworkPolicy',
        metadata: {
          name: `mnp${i}`,
          namespace: ns,
          annotations: { 'k8s.v1.cni.cncf.io/policy-for': `${ns}/${nad}` },
        },
        spec,
      }
    : {
        apiVersion: 'networking.k8s.io/v1',
        kind: 'NetworkPolicy',
        metadata: { name: `np${i}`, namespace: ns },
        spec,
      };
}
