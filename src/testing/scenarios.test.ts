import { describe, expect, it } from 'vitest';
import { SCENARIOS } from '../scenarios/index';
import { parseManifests } from '../io/k8s-to-model';
import { lint } from '../engine/lint';
import { analyzeYaml, expectVerdicts, scenario, verdictTests, type Analysed } from './helpers';

const errors = (a: Analysed) => a.diagnostics.filter((d) => d.severity === 'error');

/** A scenario's suite: it loads without errors, then the body's tests on its analysis. */
function describeScenario(title: string, name: string, body: (a: Analysed) => void): void {
  describe(title, () => {
    const a = analyzeYaml(scenario(name));
    it('loads without errors', () => expect(errors(a)).toEqual([]));
    body(a);
  });
}

describeScenario(
  'gallery: two tenants on primary UDNs, a shared backup CUDN (SEMANTICS §10)',
  'udn-tenants',
  (a) => {
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
    verdictTests(a, {
      'the backup CUDN joins both VMs and the server; its MultiNetworkPolicy guards vm-a': [
        ['infra/backup-server', 'tenant-a/vm-a', 'TCP/22', true, 'backup'],
        ['tenant-b/vm-b', 'tenant-a/vm-a', 'TCP/22', false, 'backup'],
        ['tenant-a/vm-a', 'tenant-b/vm-b', 'TCP/22', true, 'backup'],
        ['tenant-a/frontend', 'infra/backup-server', 'TCP/8000', false],
      ],
    });
  },
);

describeScenario('seed 000: KubeVirt blog, ingress-ipblock on flatl2net', 'kubevirt-blog', (a) => {
  const net = 'default/flatl2net';
  verdictTests(a, {
    'vm4 can no longer ping vm1 or vm6': [
      ['default/vm4', 'default/vm1', 'ICMP', false, net],
      ['default/vm4', 'default/vm6', 'ICMP', false, net],
    ],
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

describeScenario('seed 001: localnet tenantblue, only the VM reaches the database', 'localnet-db', (a) => {
  const net = 'default/tenantblue';
  verdictTests(a, {
    'vm-server reaches postgres on TCP 5432 only': [
      ['default/vm-server', 'postgres', 'TCP/5432', true, net],
      ['default/vm-server', 'postgres', 'TCP/22', false, net],
      ['default/vm-server', 'postgres', 'ICMP', false, net],
    ],
    'podclient cannot reach postgres': [['default/podclient', 'postgres', 'TCP/5432', false, net]],
    'the pod network is untouched by MultiNetworkPolicy': [
      ['default/podclient', 'default/vm-server', 'TCP/80', true, 'default'],
    ],
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
    expectVerdicts(a, [
      ['default/vm1', 'default/vm2', 'TCP/80', true],
      ['default/vm4', 'default/vm1', 'TCP/80', true],
      ['default/vm1', 'default/vm4', 'TCP/80', false],
      ['default/vm3', 'default/vm4', 'TCP/80', false],
    ]);
  });
  it('example 4 as written: selector VM2 matches nothing, so all VMs still talk', () => {
    const a = analyzeYaml(scenario('harvester-netpol-4'));
    expect(matrix(a).every((x) => x.endsWith(':1'))).toBe(true);
  });
  it('example 4 fixed (vm2): VM2 talks with VM1 only', () => {
    const a = analyzeYaml(
      scenario('harvester-netpol-4').replaceAll('vm.kubevirt.io/name: VM2', 'vm.kubevirt.io/name: vm2'),
    );
    expectVerdicts(a, [
      ['default/vm2', 'default/vm1', 'TCP/80', true],
      ['default/vm2', 'default/vm3', 'TCP/80', false],
      ['default/vm3', 'default/vm2', 'TCP/80', false],
      ['default/vm3', 'default/vm4', 'TCP/80', true],
    ]);
  });
});

describeScenario(
  'seed 003: OVN-K user story, producer -> processor -> monitoring on flat layer2',
  'ovnk-flat-l2',
  (a) => {
    const net = 'default/tenant-blue';
    verdictTests(a, {
      'VMC sends to VMA, not to VMB; VMA sends to VMB': [
        ['default/vmc', 'default/vma', 'TCP/9000', true, net],
        ['default/vmc', 'default/vmb', 'TCP/9000', false, net],
        ['default/vma', 'default/vmb', 'TCP/9100', true, net],
        ['default/vmb', 'default/vma', 'TCP/9000', false, net],
      ],
    });
  },
);

describeScenario('seed 004: VirtRigaud provider and tenant policies as written', 'virtrigaud', (a) =>
  verdictTests(a, {
    '"deny-cross-tenant" admits the other tenant (from: [] allows everyone)': [
      ['tenant-staging/vm-app', 'tenant-production/vm-app', 'TCP/443', true],
    ],
    'its egress does stop production from reaching staging': [
      ['tenant-production/vm-app', 'tenant-staging/vm-app', 'TCP/443', false],
      ['tenant-production/vm-app', 'virtrigaud-system/manager', 'TCP/443', true],
    ],
    'provider-ingress: any pod of virtrigaud-system reaches 9443 (namespace OR pod peers)': [
      ['virtrigaud-system/debug', 'provider-namespace/provider', 'TCP/9443', true],
      ['monitoring/prometheus', 'provider-namespace/provider', 'TCP/8080', true],
      ['monitoring/prometheus', 'provider-namespace/provider', 'TCP/9443', false],
      ['kube-system/coredns', 'provider-namespace/provider', 'TCP/9443', false],
    ],
    'provider-egress: DNS, 443 and 80 to anyone, nothing else': [
      ['provider-namespace/provider', 'kube-system/coredns', 'UDP/53', true],
      ['provider-namespace/provider', 'vcenter', 'TCP/443', true],
      ['provider-namespace/provider', 'vcenter', 'TCP/22', false],
      ['provider-namespace/provider', 'vcenter', 'ICMP', false],
    ],
  }),
);

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
