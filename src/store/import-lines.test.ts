import { describe, expect, it } from 'vitest';
import type { Diagnostic } from '../model/diagnostic';
import { AnalysisClient } from '../engine/client';
import { HostWorker, hostWorkers } from '../testing/engine-worker';
import { previewImport, withCompileCheck } from './import-preview';
import { withTextLines } from './import-lines';
import { readImport } from './parse/read-import';

const TEXT = `apiVersion: v1
kind: List
items:
  - apiVersion: networking.k8s.io/v1
    kind: NetworkPolicy
    metadata: {name: bad-cidr, namespace: default}
    spec:
      podSelector: {}
      ingress:
        - from:
            - ipBlock: {cidr: 10.0.0.300/24}
      egress:
        - ports:
            - {port: 70000}
`;

const brief = (d: Diagnostic) => [d.code, d.field, d.file, d.line, d.column];

describe("the engine's compile check of an import preview", () => {
  it('lists what the engine rejects, each at its line in the pasted text (a List item too)', async () => {
    const { make, workers } = hostWorkers(() => new HostWorker());
    const client = new AnalysisClient(make);
    const p = previewImport(TEXT);
    expect(p.diagnostics).toEqual([]);
    const checked = await client.check(p.read.model);
    expect(workers[0]?.received).toEqual(['check']);
    expect(withCompileCheck(p.diagnostics, p.read, checked ?? []).map(brief)).toEqual([
      ['ipblock-invalid', 'spec.ingress[0].from[0].ipBlock.cidr', 'import', 11, 31],
      ['port-invalid', 'spec.egress[0].ports[0].port', 'import', 14, 22],
    ]);
    client.dispose();
  });

  it('a newer check supersedes an older one, and a check leaves the analysis of the design alone', async () => {
    const { make, workers } = hostWorkers(() => new HostWorker());
    const client = new AnalysisClient(make);
    const model = previewImport(TEXT).read.model;
    const analysis = client.analyze(model, 1);
    const first = client.check(model);
    const second = client.check(model);
    expect(await first).toBeUndefined();
    expect((await second)?.map((d) => d.code)).toEqual(['ipblock-invalid', 'port-invalid']);
    expect((await analysis)?.rev).toBe(1);
    expect(workers[0]?.received).toEqual(['analyze', 'check', 'check']);
    client.dispose();
  });
});

describe('findings of imported objects keep their line while the object is unedited', () => {
  const finding: Diagnostic = {
    severity: 'error',
    code: 'ipblock-invalid',
    message: 'bad',
    object: { kind: 'NetworkPolicy', namespace: 'default', name: 'bad-cidr' },
    field: 'spec.ingress[0].from[0].ipBlock.cidr',
  };

  it('places a finding that names object and field at the line of the text it was read from', () => {
    const read = readImport(TEXT, undefined, undefined, undefined, 'np.yaml');
    expect(withTextLines([finding], read.objects).map(brief)).toEqual([
      ['ipblock-invalid', 'spec.ingress[0].from[0].ipBlock.cidr', 'np.yaml', 11, 31],
    ]);
    // an unmapped field takes its closest mapped parent; no field: the object's line
    const near = { ...finding, field: 'spec.ingress[0].from[0].ipBlock.except' };
    const { field: _field, ...whole } = finding;
    void _field;
    expect(withTextLines([near, whole], read.objects).map((d) => d.line)).toEqual([11, 4]);
  });

  it('an edited object (a new object) gets no line, nor does an object of another design', () => {
    const read = readImport(TEXT);
    const [o] = read.objects;
    if (!o) throw new Error('no object');
    const edited = [{ id: o.id, obj: { ...o.obj } }];
    expect(withTextLines([finding], edited)).toEqual([finding]);
    expect(withTextLines([finding], [])).toEqual([finding]);
  });
});
