import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { runCli } from '../cli/run';
import { analyze, type Connection } from '../engine/analyze';
import { NO_CONNS, equalConns, formatConns } from '../engine/conn';
import { parseManifests } from '../io/k8s-to-model';

const disk = { readFile: (p: string) => readFileSync(p, 'utf8') };
const dir = 'src/scenarios';

/** Generate from the story's intent, then analyse the manifests with the printed policies in place of the story's. */
function generated(story: string, coveredNad: string) {
  const out = runCli(['generate', `${dir}/${story}.yaml`, '--intent', `${dir}/${story}.intent.yaml`], disk);
  const original = parseManifests([{ text: readFileSync(`${dir}/${story}.yaml`, 'utf8') }]).model;
  const printed = parseManifests([{ text: out.stdout }]);
  const kept = original.policies.filter(
    (p) => p.kind !== 'MultiNetworkPolicy' || !p.policyFor?.includes(coveredNad),
  );
  const model = { ...original, policies: [...kept, ...printed.model.policies] };
  const on = (r: { connections: readonly Connection[] }) =>
    r.connections.filter((c) => c.network === coveredNad);
  return { out, printed, before: on(analyze(original)), after: on(analyze(model)) };
}

const verdict = (list: readonly Connection[], from: string, to: string) =>
  formatConns(list.find((c) => c.from === from && c.to === to)?.allowed ?? NO_CONNS);

describe('the seed stories written as intents reproduce their outcomes', () => {
  it('KubeVirt blog: only 10.200.0.0/30 (vm1-vm3) reaches the VMs — the same matrix as the blog policy', () => {
    const { out, printed, before, after } = generated('kubevirt-blog', 'default/flatl2net');
    expect(out.code).toBe(0);
    expect(out.stderr).toContain('exact: 30 pairs checked with the engine allow exactly the intent');
    expect(after).toHaveLength(30);
    for (const c of before)
      expect(verdict(after, c.from, c.to), `${c.from} -> ${c.to}`).toBe(formatConns(c.allowed));
    expect(verdict(after, 'default/vm4', 'default/vm1')).toBe('none');
    expect(verdict(after, 'default/vm1', 'default/vm6')).toBe('all');
    // one ingress policy for every VM (the blog's own selector), from the three addresses (no selector peers: no subnets)
    const ingress = printed.model.policies.find(
      (p) => p.name === 'flatl2net-allow-ingress-to-access-control',
    );
    expect(ingress?.podSelector).toEqual({ matchLabels: { name: 'access-control' } });
    expect(ingress?.ingress).toEqual([
      { peers: ['10.200.0.1/32', '10.200.0.2/32', '10.200.0.3/32'].map((cidr) => ({ ipBlock: { cidr } })) },
    ]);
    expect(printed.model.policies.map((p) => p.name)).toEqual([
      'flatl2net-default-deny-ingress',
      'flatl2net-default-deny-egress',
      'flatl2net-allow-ingress-to-access-control',
      'flatl2net-allow-egress-from-vm1-vm2-vm3',
    ]);
    expect(out.stdout).toContain(
      'kubectl delete multi-networkpolicies.k8s.cni.cncf.io -n default ingress-ipblock',
    );
  });

  it('localnet DB: only the VM reaches PostgreSQL, on TCP 5432 only', () => {
    const { out, printed, after } = generated('localnet-db', 'default/tenantblue');
    expect(out.code).toBe(0);
    expect(verdict(after, 'default/vm-server', 'postgres')).toBe('TCP 5432');
    expect(verdict(after, 'default/podclient', 'postgres')).toBe('none');
    for (const c of after)
      if (!(c.from === 'default/vm-server' && c.to === 'postgres')) expect(isNone(c)).toBe(true);
    const egress = printed.model.policies.find((p) => p.name === 'tenantblue-allow-egress-from-vm-server');
    expect(egress?.podSelector).toEqual({ matchLabels: { 'vm.kubevirt.io/name': 'vm-server' } });
    expect(egress?.egress).toEqual([
      { peers: [{ ipBlock: { cidr: '192.168.200.30/32' } }], ports: [{ protocol: 'TCP', port: 5432 }] },
    ]);
  });

  it('producer → processor → monitoring: selector peers on labels that name the roles', () => {
    const { out, printed, after } = generated('ovnk-flat-l2', 'default/tenant-blue');
    expect(out.code).toBe(0);
    expect(verdict(after, 'default/vmc', 'default/vma')).toBe('all');
    expect(verdict(after, 'default/vma', 'default/vmb')).toBe('all');
    expect(verdict(after, 'default/vmc', 'default/vmb')).toBe('none'); // the producer cannot reach monitoring
    expect(verdict(after, 'default/vmb', 'default/vmc')).toBe('none');
    const toProcessor = printed.model.policies.find(
      (p) => p.name === 'tenant-blue-allow-ingress-to-processor',
    );
    expect(toProcessor?.podSelector).toEqual({ matchLabels: { app: 'processor' } });
    expect(toProcessor?.ingress).toEqual([
      { peers: [{ podSelector: { matchLabels: { app: 'producer' } } }] },
    ]);
    expect(toProcessor?.policyFor).toBe('default/tenant-blue');
  });
});

const isNone = (c: Connection) => equalConns(c.allowed, NO_CONNS);
