import type { Obj, Rng } from './generate';

/**
 * Cluster policies for generated clusters (SEMANTICS §9): ANPs with small priorities (ties
 * included, ordered by name), a BANP `default` and an occasional ClusterNetworkPolicy, with
 * namespace/pod/networks/nodes peers, every port form and every action. Plus one Node whose
 * address is an external host's, so `nodes` peers match something.
 */
const APPS = ['web', 'api', 'db', 'cache', 'worker', 'batch'];
const TEAMS = ['a', 'b', 'c'];

function nsSel(r: Rng): Obj {
  const roll = r.int(4);
  if (roll === 0) return {};
  if (roll === 1) return { matchLabels: { env: 'prod' } };
  return { matchLabels: { team: r.pick(TEAMS) } };
}

function podSel(r: Rng): Obj {
  return r.chance(0.3)
    ? {}
    : r.chance(0.5)
      ? { matchLabels: { app: r.pick(APPS) } }
      : { matchExpressions: [{ key: 'app', operator: 'In', values: [r.pick(APPS), r.pick(APPS)] }] };
}

function subject(r: Rng): Obj {
  return r.chance(0.5)
    ? { namespaces: nsSel(r) }
    : { pods: { namespaceSelector: nsSel(r), podSelector: podSel(r) } };
}

function peer(r: Rng, dir: 'ingress' | 'egress', named: boolean): Obj {
  const roll = r.int(dir === 'ingress' || named ? 2 : 5);
  if (roll === 0) return { namespaces: nsSel(r) };
  if (roll === 1) return { pods: { namespaceSelector: nsSel(r), podSelector: podSel(r) } };
  if (roll === 2) return { networks: [r.pick(['10.0.0.0/16', '10.1.0.0/16', '0.0.0.0/0', '192.0.2.0/26'])] };
  if (roll === 3) return { networks: [`10.0.0.${r.int(8)}/32`, '192.0.2.64/26'] };
  return { nodes: r.chance(0.5) ? {} : { matchLabels: { role: r.pick(['worker', 'infra']) } } };
}

function ports(r: Rng, cnp: boolean): { named: boolean; ports?: Obj[] } {
  const roll = r.int(5);
  if (roll === 0) return { named: false };
  if (cnp) {
    if (roll === 1) return { named: true, ports: [{ destinationNamedPort: 'http' }] };
    if (roll === 2)
      return { named: false, ports: [{ tcp: { destinationPort: { range: { start: 8000, end: 8100 } } } }] };
    return {
      named: false,
      ports: [{ [r.pick(['tcp', 'udp'])]: { destinationPort: { number: r.pick([53, 8080, 5432]) } } }],
    };
  }
  if (roll === 1) return { named: true, ports: [{ namedPort: r.pick(['http', 'dns', 'metrics']) }] };
  if (roll === 2)
    return {
      named: false,
      ports: [{ portRange: { protocol: r.pick(['TCP', 'UDP']), start: 8000, end: 8100 } }],
    };
  if (roll === 3) return { named: false, ports: [{ portNumber: { port: r.pick([53, 80, 8080, 5432]) } }] };
  return {
    named: false,
    ports: [{ portNumber: { protocol: 'UDP', port: 53 } }, { portNumber: { protocol: 'SCTP', port: 9100 } }],
  };
}

function rules(r: Rng, dir: 'ingress' | 'egress', actions: readonly string[], cnp: boolean): Obj[] {
  const key = dir === 'ingress' ? 'from' : 'to';
  return Array.from({ length: r.int(4) }, (_, k) => {
    const p = ports(r, cnp);
    return {
      name: `${dir}-${k}`,
      action: r.pick(actions),
      [key]: Array.from({ length: 1 + r.int(2) }, () => peer(r, dir, p.named)),
      ...(p.ports ? { [cnp ? 'protocols' : 'ports']: p.ports } : {}),
    };
  });
}

export function clusterPolicies(r: Rng, count: number): Obj[] {
  const out: Obj[] = [
    {
      apiVersion: 'v1',
      kind: 'Node',
      metadata: { name: 'node0', labels: { role: 'worker' } },
      status: { addresses: [{ type: 'InternalIP', address: '192.0.2.1' }] },
    },
  ];
  const v1 = 'policy.networking.k8s.io/v1alpha1';
  for (let i = 0; i < count; i++) {
    const spec = (actions: readonly string[], cnp: boolean): Obj => ({
      subject: subject(r),
      ingress: rules(r, 'ingress', actions, cnp),
      egress: rules(r, 'egress', actions, cnp),
    });
    const roll = r.int(6);
    if (roll === 0 && i === 0)
      out.push({
        apiVersion: v1,
        kind: 'BaselineAdminNetworkPolicy',
        metadata: { name: 'default' },
        spec: spec(['Allow', 'Deny'], false),
      });
    else if (roll === 1)
      out.push({
        apiVersion: 'policy.networking.k8s.io/v1alpha2',
        kind: 'ClusterNetworkPolicy',
        metadata: { name: `cnp${i}` },
        spec: {
          tier: r.pick(['Admin', 'Baseline']),
          priority: r.int(4),
          ...spec(['Accept', 'Deny', 'Pass'], true),
        },
      });
    else
      out.push({
        apiVersion: v1,
        kind: 'AdminNetworkPolicy',
        metadata: { name: `anp${i}` },
        spec: { priority: r.int(4), ...spec(['Allow', 'Deny', 'Pass'], false) },
      });
  }
  return out;
}
