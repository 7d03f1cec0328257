import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../scenarios/index';
import { parseManifests } from '../io/k8s-to-model';
import { lint } from '../engine/lint';
import { analyzeYaml, scenario } from './helpers';

const errors = (a: ReturnType<typeof analyzeYaml>) => a.diagnostics.filter((d) => d.severity === 'error');

describe('gallery: two tenants on primary UDNs, a shared backup CUDN (SEMANTICS §10)', () => {
  const a = analyzeYaml(scenario('udn-tenants'));
  it('loads without errors', () => expect(errors(a)).toEqual([]));
  it('each tenant is alone on its primary UDN: no entry across tenants there', () => {
    const keys = [...new Set(a.result.connections.map((c) => c.network))].sort();
    expect(keys).toEqual(['backup', 'default', 'tenant-a/tenant-net', 'tenant-b/tenant-net']);
    expect(() => a.conn('tenant-a/vm-a', 'tenant-b/vm-b', 'tenant-a/tenant-net')).toThrow();
  });
  it('the default network is locked for every tenant endpoint, both ways', () => {
    for (const [from, to] of [
      ['tenant-a/vm-a', 'tenant-b/vm-b'],
      ['tenant-b/frontend', 'tenant-a/vm-a'],
      ['infra/monitoring', 'tenant-a/vm-a'],
      ['tenant-a/vm-a', 'infra/monitoring'],
    ] as const)
      expect(a.conn(from, to).allowed, `${from} -> ${to}`).toEqual({
        TCP: [],
        UDP: [],
        SCTP: [],
        ICMP: false,
      });
    expect(a.can('infra/monitoring', 'infra/backup-server', 'TCP/8000')).toBe(true);
  });
  it("tenant-a's NetworkPolicy applies on its UDN: frontend reaches vm-a on 22 and 5432 only", () => {
    expect(a.conn('tenant-a/frontend', 'tenant-a/vm-a', 'tenant-a/tenant-net').allowed).toEqual({
      TCP: [
        [22, 22],
        [5432, 5432],
      ],
      UDP: [],
      SCTP: [],
      ICMP: false,
    });
    expect(a.can('tenant-b/frontend', 'tenant-b/vm-b', 'TCP/80', 'tenant-b/tenant-net')).toBe(true);
  });
  it('the backup CUDN joins both VMs and the server; its MultiNetworkPolicy guards vm-a', () => {
    expect(a.can('infra/backup-server', 'tenant-a/vm-a', 'TCP/22', 'backup')).toBe(true);
    expect(a.can('tenant-b/vm-b', 'tenant-a/vm-a', 'TCP/22', 'backup')).toBe(false);
    expect(a.can('tenant-a/vm-a', 'tenant-b/vm-b', 'TCP/22', 'backup')).toBe(true);
    expect(a.can('tenant-a/frontend', 'infra/backup-server', 'TCP/8000')).toBe(false);
  });
});

describe('seed 000: KubeVirt blog, ingress-ipblock on flatl2net', () => {
  const a = analyzeYaml(scenario('kubevirt-blog'));
  const net = 'default/flatl2net';
  it('loads without errors', () => expect(errors(a)).toEqual([]));
  it('vm4 can no longer ping vm1 or vm6', () => {
    expect(a.can('default/vm4', 'default/vm1', 'ICMP', net)).toBe(false);
    expect(a.can('default/vm4', 'default/vm6', 'ICMP', net)).toBe(false);
  });
  it('vm1, vm2 and vm3 reach every peer', () => {
    for (const from of ['vm1', 'vm2', 'vm3']) {
      for (const to of ['vm1', 'vm2', 'vm3', 'vm4', 'vm5', 'vm6']) {
        if (from !== to)
          expect(a.can(`default/${from}`, `default/${to}`, 'ICMP', net), `${from}->${to}`).toBe(true);
      }
    }
    expect(a.can('default/vm1', 'default/vm6', 'TCP/22', net)).toBe(true);
  });
  it('the VMs get their cloud-init addresses and are on no pod network', () => {
    expect(a.result.connections.every((c) => c.network === net)).toBe(true);
  });
  it('explains the denial by naming the isolating policy', () => {
    const c = a.conn('default/vm4', 'default/vm1', net);
    expect(c.ingress).toMatchObject({ isolated: true, policies: ['mnp:default/ingress-ipblock'], rules: [] });
  });
  it('without the policy, everyone reaches everyone', () => {
    const before = analyzeYaml(
      scenario('kubevirt-blog')
        .split('kind: MultiNetworkPolicy')[0]
        ?.replace(/---\s*apiVersion: k8s.cni.cncf.io\/v1beta1\s*$/, '') ?? '',
    );
    expect(before.can('default/vm4', 'default/vm1', 'ICMP', net)).toBe(true);
  });
});

describe('seed 001: localnet tenantblue, only the VM reaches the database', () => {
  const a = analyzeYaml(scenario('localnet-db'));
  const net = 'default/tenantblue';
  it('loads without errors', () => expect(errors(a)).toEqual([]));
  it('vm-server reaches postgres on TCP 5432 only', () => {
    expect(a.can('default/vm-server', 'postgres', 'TCP/5432', net)).toBe(true);
    expect(a.can('default/vm-server', 'postgres', 'TCP/22', net)).toBe(false);
    expect(a.can('default/vm-server', 'postgres', 'ICMP', net)).toBe(false);
  });
  it('podclient cannot reach postgres', () =>
    expect(a.can('default/podclient', 'postgres', 'TCP/5432', net)).toBe(false));
  it('the pod network is untouched by MultiNetworkPolicy', () => {
    expect(a.can('default/podclient', 'default/vm-server', 'TCP/80', 'default')).toBe(true);
  });
});

describe('seed 002: Harvester NetworkPolicy examples 1-4 (VM1..VM5 = .2-.6)', () => {
  const vms = ['vm1', 'vm2', 'vm3', 'vm4', 'vm5'].map((v) => `default/${v}`);
  const matrix = (a: ReturnType<typeof analyzeYaml>) =>
    vms.flatMap((f) =>
      vms.filter((t) => t !== f).map((t) => `${f.slice(8)}>${t.slice(8)}:${a.can(f, t, 'TCP/80') ? 1 : 0}`),
    );
  it('example 1: only VM1 <-> VM2', () => {
    const a = analyzeYaml(scenario('harvester-netpol-1'));
    expect(matrix(a).filter((x) => x.endsWith(':1'))).toEqual(['vm1>vm2:1', 'vm2>vm1:1']);
  });
  it('example 2: VM1 and VM2 reach everyone; the others reach no one', () => {
    const a = analyzeYaml(scenario('harvester-netpol-2'));
    expect(
      matrix(a)
        .filter((x) => x.endsWith(':1'))
        .every((x) => x.startsWith('vm1') || x.startsWith('vm2')),
    ).toBe(true);
    expect(a.can('default/vm1', 'default/vm5', 'TCP/80')).toBe(true);
    expect(a.can('default/vm3', 'default/vm4', 'TCP/80')).toBe(false);
  });
  it('example 3 as written: policyTypes "egress" is rejected, so nothing is restricted', () => {
    const a = analyzeYaml(scenario('harvester-netpol-3'));
    expect(a.codes()).toContain('policy-types-case');
    expect(matrix(a).every((x) => x.endsWith(':1'))).toBe(true);
  });
  it('example 3 fixed (Egress): VM1<->VM2, everyone reaches VM1/VM2, VM3-5 not each other', () => {
    const a = analyzeYaml(scenario('harvester-netpol-3').replaceAll('  - egress', '  - Egress'));
    expect(a.codes()).not.toContain('policy-types-case');
    expect(a.can('default/vm1', 'default/vm2', 'TCP/80')).toBe(true);
    expect(a.can('default/vm4', 'default/vm1', 'TCP/80')).toBe(true);
    expect(a.can('default/vm1', 'default/vm4', 'TCP/80')).toBe(false);
    expect(a.can('default/vm3', 'default/vm4', 'TCP/80')).toBe(false);
  });
  it('example 4 as written: selector VM2 matches nothing, so all VMs still talk', () => {
    const a = analyzeYaml(scenario('harvester-netpol-4'));
    expect(matrix(a).every((x) => x.endsWith(':1'))).toBe(true);
  });
  it('example 4 fixed (vm2): VM2 talks with VM1 only', () => {
    const a = analyzeYaml(
      scenario('harvester-netpol-4').replaceAll('vm.kubevirt.io/name: VM2', 'vm.kubevirt.io/name: vm2'),
    );
    expect(a.can('default/vm2', 'default/vm1', 'TCP/80')).toBe(true);
    expect(a.can('default/vm2', 'default/vm3', 'TCP/80')).toBe(false);
    expect(a.can('default/vm3', 'default/vm2', 'TCP/80')).toBe(false);
    expect(a.can('default/vm3', 'default/vm4', 'TCP/80')).toBe(true);
  });
});

describe('seed 003: OVN-K user story, producer -> processor -> monitoring on flat layer2', () => {
  const a = analyzeYaml(scenario('ovnk-flat-l2'));
  const net = 'default/tenant-blue';
  it('loads without errors', () => expect(errors(a)).toEqual([]));
  it('VMC sends to VMA, not to VMB; VMA sends to VMB', () => {
    expect(a.can('default/vmc', 'default/vma', 'TCP/9000', net)).toBe(true);
    expect(a.can('default/vmc', 'default/vmb', 'TCP/9000', net)).toBe(false);
    expect(a.can('default/vma', 'default/vmb', 'TCP/9100', net)).toBe(true);
    expect(a.can('default/vmb', 'default/vma', 'TCP/9000', net)).toBe(false);
  });
});

describe('seed 004: VirtRigaud provider and tenant policies as written', () => {
  const a = analyzeYaml(scenario('virtrigaud'));
  it('loads without errors', () => expect(errors(a)).toEqual([]));
  it('"deny-cross-tenant" admits the other tenant (from: [] allows everyone)', () => {
    expect(a.can('tenant-staging/vm-app', 'tenant-production/vm-app', 'TCP/443')).toBe(true);
  });
  it('its egress does stop production from reaching staging', () => {
    expect(a.can('tenant-production/vm-app', 'tenant-staging/vm-app', 'TCP/443')).toBe(false);
    expect(a.can('tenant-production/vm-app', 'virtrigaud-system/manager', 'TCP/443')).toBe(true);
  });
  it('provider-ingress: any pod of virtrigaud-system reaches 9443 (namespace OR pod peers)', () => {
    expect(a.can('virtrigaud-system/debug', 'provider-namespace/provider', 'TCP/9443')).toBe(true);
    expect(a.can('monitoring/prometheus', 'provider-namespace/provider', 'TCP/8080')).toBe(true);
    expect(a.can('monitoring/prometheus', 'provider-namespace/provider', 'TCP/9443')).toBe(false);
    expect(a.can('kube-system/coredns', 'provider-namespace/provider', 'TCP/9443')).toBe(false);
  });
  it('provider-egress: DNS, 443 and 80 to anyone, nothing else', () => {
    expect(a.can('provider-namespace/provider', 'kube-system/coredns', 'UDP/53')).toBe(true);
    expect(a.can('provider-namespace/provider', 'vcenter', 'TCP/443')).toBe(true);
    expect(a.can('provider-namespace/provider', 'vcenter', 'TCP/22')).toBe(false);
    expect(a.can('provider-namespace/provider', 'vcenter', 'ICMP')).toBe(false);
  });
});

describe('findings on the seed documents as written (lint)', () => {
  const findings = (name: string) => {
    const p = parseManifests([{ text: scenario(name), file: `${name}.yaml` }]);
    return lint(p.model).map((d) => `${d.severity} ${d.code} ${d.object?.name ?? ''} ${d.field ?? ''}`);
  };
  const serious = (name: string) => findings(name).filter((f) => !f.startsWith('info'));
  it('the correct scenarios raise no warnings or errors', () => {
    for (const n of ['kubevirt-blog', 'localnet-db', 'ovnk-flat-l2', 'harvester-netpol-2'])
      expect(serious(n), n).toEqual([]);
  });
  it('Harvester example 3: the `egress` spelling', () => {
    expect(serious('harvester-netpol-3')).toEqual(['error policy-types-case ip-block spec.policyTypes[0]']);
  });
  it('Harvester example 4: the VM2 selector, with the vm2 hint', () => {
    expect(serious('harvester-netpol-4')).toEqual([
      'warning policy-selects-nothing ip-block spec.podSelector',
    ]);
  });
  it('Harvester example 1: egress lockdown without DNS', () => {
    expect(serious('harvester-netpol-1')).toEqual(['warning egress-without-dns ip-block spec.egress']);
  });
  it('VirtRigaud: from: [] in deny-cross-tenant, lockdowns without DNS, OR-ed peers, node labels', () => {
    expect(serious('virtrigaud').sort()).toEqual([
      'warning egress-without-dns default-deny-all spec.policyTypes',
      'warning egress-without-dns deny-cross-tenant spec.egress',
      'warning empty-peers-allow-all deny-cross-tenant spec.ingress[0].from',
      'warning selector-matches-nothing provider-egress spec.egress[3].to[0].podSelector',
      'warning selector-matches-nothing provider-ingress spec.ingress[0].from[1].podSelector',
      'warning selector-matches-nothing provider-ingress spec.ingress[1].from[1].podSelector',
    ]);
  });
});

describe('every built-in scenario states an outcome the engine confirms', () => {
  for (const s of SCENARIOS) {
    it(`${s.id}: ${s.claim.text}`, () => {
      const a = analyzeYaml(scenario(s.id));
      const probe = s.claim.protocol === 'ICMP' ? 'ICMP' : `${s.claim.protocol}/${s.claim.port}`;
      expect(a.can(s.claim.from, s.claim.to, probe, s.claim.network)).toBe(s.claim.allowed);
    });
  }
});
