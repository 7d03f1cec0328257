import { describe, expect, it } from 'vitest';
import { analyze } from '../engine/analyze';
import { loadCases, pendingDirs } from '../testing/conformance';
import { parseDesignYaml, serializeDesign } from './design';
import { parseManifests, parseObjects } from './k8s-to-model';
import { objectIdOfRef } from '../model/ids';

const strip = <T extends { origin?: unknown; id: string }>(xs: readonly T[]) =>
  [...xs].sort((p, q) => p.id.localeCompare(q.id)).map(({ origin: _o, ...rest }) => rest);
const verdicts = (text: string) =>
  analyze(parseManifests([{ text }]).model).connections.map((c) =>
    [c.from, c.to, c.network, JSON.stringify(c.allowed)].join(' '),
  );

describe('design YAML round trip', () => {
  const cases = loadCases();
  it('has cases to run', () => expect(cases.length).toBeGreaterThan(0));
  for (const c of cases) {
    it(`import → export keeps policies and verdicts: ${c.name}`, () => {
      const imported = parseDesignYaml(c.manifests);
      const exported = serializeDesign(imported.objects);
      const again = parseDesignYaml(exported);
      expect(again.diagnostics).toEqual([]);
      expect(again.objects.map((o) => o.id)).toEqual(
        expect.arrayContaining(imported.objects.map((o) => o.id)),
      );
      const a = parseManifests([{ text: c.manifests }]).model;
      const b = parseManifests([{ text: exported }]).model;
      expect(strip(b.policies)).toEqual(strip(a.policies));
      expect(verdicts(exported)).toEqual(verdicts(c.manifests));
    });
  }
  for (const c of pendingDirs()
    .filter((d) => d.endsWith('admin-tiers'))
    .flatMap((d) => loadCases(d))) {
    it(`import → export keeps cluster policies, Nodes and verdicts: ${c.name}`, () => {
      const exported = serializeDesign(parseDesignYaml(c.manifests).objects);
      const a = parseManifests([{ text: c.manifests }]).model;
      const b = parseManifests([{ text: exported }]).model;
      expect((a.clusterPolicies ?? []).length).toBeGreaterThan(0);
      expect(strip(b.clusterPolicies ?? [])).toEqual(strip(a.clusterPolicies ?? []));
      expect((b.nodes ?? []).map((n) => [n.name, n.addresses])).toEqual(
        (a.nodes ?? []).map((n) => [n.name, n.addresses]),
      );
      expect(verdicts(exported)).toEqual(verdicts(c.manifests));
    });
  }
  it('ExternalHosts survive as restorable comments, and kubectl sees none', () => {
    const text = `apiVersion: netpol-studio.io/v1alpha1\nkind: ExternalHost\nmetadata: {name: db}\nspec: {network: default, ips: [10.0.0.5]}\n`;
    const out = serializeDesign(parseDesignYaml(text).objects);
    expect(out).not.toMatch(/^kind: ExternalHost/m);
    expect(parseDesignYaml(out).objects.map((o) => o.id)).toEqual(['ExternalHost//db']);
  });
});

describe('diagnostics name the design object they are about (defect 2)', () => {
  const text = `apiVersion: netpol-studio.io/v1alpha1
kind: ExternalHost
metadata: {name: db}
spec: {ips: [10.0.0.300], network: default}
---
apiVersion: kubeovn.io/v1
kind: Subnet
metadata: {name: net1}
spec: {cidrBlock: 10.9.0.0/24, acls: [{action: permit, direction: to-lport, priority: 1, match: ip}]}
`;
  it('ExternalHost and Subnet diagnostics carry the object id of the design', () => {
    const design = parseDesignYaml(text);
    const ids = design.objects.map((o) => o.id);
    expect(ids).toEqual(['ExternalHost//db', 'Subnet//net1']);
    const diags = parseObjects(design.objects.map((o) => o.obj)).diagnostics.filter((d) => d.object);
    expect(diags.map((d) => [d.code, d.object])).toEqual([
      ['ip-invalid', { kind: 'ExternalHost', name: 'db' }],
      ['acl-invalid', { kind: 'Subnet', name: 'net1' }],
    ]);
    expect(diags.map((d) => d.object && objectIdOfRef(d.object))).toEqual(ids);
  });
});
