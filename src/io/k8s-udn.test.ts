import { describe, expect, it } from 'vitest';
import { analyze } from '../engine/analyze';
import { loadCases, PENDING_DIR } from '../testing/conformance';
import { parseDesignYaml, serializeDesign } from './design';
import { parseManifests } from './k8s-to-model';

const UDN = (spec: string, ns = 'blue', name = 'net') =>
  `apiVersion: k8s.ovn.org/v1\nkind: UserDefinedNetwork\nmetadata:\n  name: ${name}\n  namespace: ${ns}\nspec:\n${spec}`;
const CUDN = (spec: string, name = 'shared') =>
  `apiVersion: k8s.ovn.org/v1\nkind: ClusterUserDefinedNetwork\nmetadata:\n  name: ${name}\nspec:\n${spec}`;
const read = (text: string) => parseManifests([{ text, file: 'u.yaml' }]);
const errors = (text: string) =>
  read(text)
    .diagnostics.filter((d) => d.severity === 'error')
    .map((d) => ({ code: d.code, field: d.field, line: d.line }));

describe('UserDefinedNetwork import', () => {
  it('reads topology, role, subnets and IPAM', () => {
    const r = read(
      UDN(
        '  topology: Layer3\n  layer3:\n    role: Primary\n    subnets:\n    - cidr: 10.0.0.0/16\n      hostSubnet: 24\n',
      ),
    );
    expect(r.diagnostics).toEqual([]);
    const { origin: _o, ...u } = r.model.udns?.[0] ?? { origin: undefined };
    expect(u).toEqual({
      kind: 'UserDefinedNetwork',
      key: 'blue/net',
      name: 'net',
      namespace: 'blue',
      topology: 'Layer3',
      role: 'Primary',
      subnets: ['10.0.0.0/16/24'],
      excludeSubnets: [],
      ipam: true,
    });
  });
  it('reads a CUDN with its namespaceSelector and a Localnet body', () => {
    const r = read(
      CUDN(
        '  namespaceSelector: {matchLabels: {tier: db}}\n  network:\n    topology: Localnet\n    localnet:\n      role: Secondary\n      physicalNetworkName: physnet\n      subnets: [192.168.100.0/24]\n      excludeSubnets: [192.168.100.0/29]\n      vlan: {mode: Access, access: {id: 200}}\n',
      ),
    );
    expect(r.diagnostics).toEqual([]);
    expect(r.model.udns?.[0]).toMatchObject({
      kind: 'ClusterUserDefinedNetwork',
      key: 'shared',
      namespace: '',
      topology: 'Localnet',
      role: 'Secondary',
      subnets: ['192.168.100.0/24'],
      excludeSubnets: ['192.168.100.0/29'],
      ipam: true,
      namespaceSelector: { matchLabels: { tier: 'db' } },
    });
  });
  it('ipam.mode Disabled on a secondary Layer2 makes it IPAM-less', () => {
    const r = read(UDN('  topology: Layer2\n  layer2:\n    role: Secondary\n    ipam: {mode: Disabled}\n'));
    expect(r.diagnostics).toEqual([]);
    expect(r.model.udns?.[0]?.ipam).toBe(false);
  });
});

describe('API validation rejections (U1): not applied, reported with field and line', () => {
  const cases: [string, string, { code: string; field: string; line: number }[]][] = [
    [
      'a UDN with Localnet',
      UDN('  topology: Localnet\n  localnet: {role: Secondary, physicalNetworkName: x}\n'),
      [{ code: 'udn-invalid', field: 'spec.topology', line: 7 }],
    ],
    [
      'a layer3 block with topology Layer2',
      UDN(
        '  topology: Layer2\n  layer2: {role: Secondary, subnets: [10.0.0.0/24]}\n  layer3: {role: Primary}\n',
      ),
      [{ code: 'udn-invalid', field: 'spec.layer3', line: 9 }],
    ],
    [
      'the topology block missing',
      UDN('  topology: Layer2\n'),
      [{ code: 'udn-invalid', field: 'spec.layer2', line: 6 }],
    ],
    [
      'a primary Layer2 without subnets',
      UDN('  topology: Layer2\n  layer2:\n    role: Primary\n'),
      [{ code: 'udn-invalid', field: 'spec.layer2.subnets', line: 8 }],
    ],
    [
      'ipam.mode Disabled on a Primary',
      UDN(
        '  topology: Layer2\n  layer2:\n    role: Primary\n    subnets: [10.0.0.0/24]\n    ipam: {mode: Disabled}\n',
      ),
      [
        { code: 'udn-invalid', field: 'spec.layer2.ipam.mode', line: 11 },
        { code: 'udn-invalid', field: 'spec.layer2.subnets', line: 10 },
      ],
    ],
    [
      'a role in the wrong case',
      UDN('  topology: Layer2\n  layer2:\n    role: primary\n    subnets: [10.0.0.0/24]\n'),
      [{ code: 'udn-invalid', field: 'spec.layer2.role', line: 9 }],
    ],
    [
      'a Layer3 subnet that is no CIDR',
      UDN('  topology: Layer3\n  layer3:\n    role: Primary\n    subnets:\n    - cidr: 10.0.0.300/16\n'),
      [{ code: 'udn-invalid', field: 'spec.layer3.subnets[0].cidr', line: 11 }],
    ],
    [
      'three Layer2 subnets',
      UDN(
        '  topology: Layer2\n  layer2:\n    role: Secondary\n    subnets: [10.0.0.0/24, 10.1.0.0/24, fd00::/64]\n',
      ),
      [{ code: 'udn-invalid', field: 'spec.layer2.subnets', line: 10 }],
    ],
    [
      'a Localnet CUDN with role Primary',
      CUDN(
        '  namespaceSelector: {}\n  network:\n    topology: Localnet\n    localnet:\n      role: Primary\n      physicalNetworkName: x\n',
      ),
      [{ code: 'udn-invalid', field: 'spec.network.localnet.role', line: 10 }],
    ],
    [
      'a CUDN without namespaceSelector',
      CUDN('  network:\n    topology: Layer2\n    layer2: {role: Secondary, subnets: [10.0.0.0/24]}\n'),
      [{ code: 'udn-invalid', field: 'spec.namespaceSelector', line: 5 }],
    ],
    [
      'mtu out of range',
      UDN('  topology: Layer2\n  layer2:\n    role: Secondary\n    mtu: 100\n    subnets: [10.0.0.0/24]\n'),
      [{ code: 'udn-invalid', field: 'spec.layer2.mtu', line: 10 }],
    ],
  ];
  for (const [what, text, want] of cases) {
    it(what, () => {
      expect(errors(text)).toEqual(want);
      expect(read(text).model.udns).toBeUndefined();
    });
  }
  it('the message says the object does not exist', () => {
    const d = read(UDN('  topology: Layer2\n')).diagnostics[0];
    expect(d?.message).toContain('the API server rejects this UserDefinedNetwork');
    expect(d?.object).toEqual({ kind: 'UserDefinedNetwork', namespace: 'blue', name: 'net' });
  });
  it('a UDN in namespace default is applied with warning U6', () => {
    const r = read(
      UDN('  topology: Layer2\n  layer2: {role: Secondary, subnets: [10.0.0.0/24]}\n', 'default'),
    );
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.field])).toEqual([
      ['udn-reserved-namespace', 'warning', 'metadata.namespace'],
    ]);
    expect(r.model.udns).toHaveLength(1);
  });
  it('ClusterNetworkConnect is not silent (U9)', () => {
    const r = read(
      'apiVersion: k8s.ovn.org/v1\nkind: ClusterNetworkConnect\nmetadata: {name: c}\nspec: {}\n',
    );
    expect(r.diagnostics.map((d) => [d.code, d.severity])).toEqual([
      ['udn-network-connect-ignored', 'warning'],
    ]);
  });
  it('RouteAdvertisements and EgressFirewall are not silent either', () => {
    const r = read(
      'apiVersion: k8s.ovn.org/v1\nkind: RouteAdvertisements\nmetadata: {name: ra}\nspec: {}\n---\napiVersion: k8s.ovn.org/v1\nkind: EgressFirewall\nmetadata: {name: default, namespace: blue}\nspec: {}\n',
    );
    expect(r.diagnostics.map((d) => [d.code, d.severity, d.object?.kind, d.line])).toEqual([
      ['ovnk-kind-not-modelled', 'warning', 'RouteAdvertisements', 2],
      ['ovnk-kind-not-modelled', 'warning', 'EgressFirewall', 7],
    ]);
  });
});

describe('engine diagnostics for UDN placement carry object, field and line', () => {
  it('a CUDN selecting no namespace, a primary UDN in an unlabelled namespace', () => {
    const text = `apiVersion: v1\nkind: Namespace\nmetadata: {name: blue}\n---\n${UDN('  topology: Layer2\n  layer2: {role: Primary, subnets: [10.0.0.0/24]}\n')}\n---\n${CUDN('  namespaceSelector: {matchLabels: {none: x}}\n  network: {topology: Layer2, layer2: {role: Secondary, subnets: [10.1.0.0/24]}}\n')}`;
    const r = read(text);
    const d = analyze(r.model).diagnostics.map((x) => ({
      code: x.code,
      field: x.field,
      line: x.line,
      object: x.object?.name,
    }));
    expect(d).toEqual([
      { code: 'udn-namespace-unlabelled', field: 'metadata.namespace', line: 9, object: 'net' },
      { code: 'cudn-selects-nothing', field: 'spec.namespaceSelector', line: 20, object: 'shared' },
    ]);
  });
});

describe('export keeps UDN objects verbatim', () => {
  const cases = loadCases(`${PENDING_DIR}/udn`);
  it('has cases', () => expect(cases.length).toBeGreaterThan(0));
  for (const c of cases) {
    it(`import → export keeps (C)UDNs and verdicts: ${c.name}`, () => {
      const exported = serializeDesign(parseDesignYaml(c.manifests).objects);
      const a = parseManifests([{ text: c.manifests }]).model;
      const b = parseManifests([{ text: exported }]).model;
      const strip = (m: typeof a) => (m.udns ?? []).map(({ origin: _o, ...u }) => u);
      expect(strip(b)).toEqual(strip(a));
      const v = (m: typeof a) =>
        analyze(m).connections.map((x) => `${x.from} ${x.to} ${x.network} ${JSON.stringify(x.allowed)}`);
      expect(v(b)).toEqual(v(a));
    });
  }
});
