import { describe, expect, it } from 'vitest';
import { parseObjects } from '../../io/k8s-to-model';
import type { Model } from '../../model/types';
import { endpointLabeler } from '../../model/ids';
import { Analyzer } from '../analyze';
import { policySummaries } from '../analysis/summaries';
import { LabelSpace } from '../label-space';
import { generateCluster, Rng, type Obj } from '../../testing/generate';
import { lintBefore } from '../../testing/lint-before/lint';
import { policySummaries as summariesBefore } from '../../testing/lint-before/summaries';
import { Linter } from './lint';

/**
 * Issue 21: the cross-policy rules (M28 and the other cluster-policy rules, selectors, ipBlocks,
 * DNS) and the policy summaries work by label group and namespace instead of per workload and
 * per pair. They must find exactly what the per-workload algorithm (kept in
 * testing/lint-before) found: same findings in the same order, same summaries, on seeded
 * random designs with cluster policies, fresh and after edits.
 */
function design(seed: number): Obj[] {
  const r = new Rng(seed);
  const endpoints = 40 + r.int(260);
  return generateCluster(seed, {
    endpoints,
    policies: Math.round(endpoints / (2 + r.int(6))),
    adminPolicies: 2 + r.int(14),
    namespaces: 2 + r.int(12),
    vmShare: r.next() * 0.5,
  });
}

function editWorkloads(objs: Obj[], r: Rng): Obj[] {
  return objs.map((o) => {
    if (o.kind !== 'Pod' || !r.chance(0.1)) return o;
    const p = structuredClone(o) as { metadata: { labels?: Record<string, string> } };
    p.metadata.labels = { ...p.metadata.labels, app: r.pick(['web', 'api', 'db', 'new']), release: 'canary' };
    return p as unknown as Obj;
  });
}

function compare(model: Model, linter = new Linter(), analyzer = new Analyzer()): number {
  const compiled = analyzer.compile(model);
  const before = lintBefore(model, analyzer.compile(model));
  expect(linter.lint(model, compiled, analyzer.world)).toEqual(before);
  const labelOf = endpointLabeler(model.endpoints);
  expect(policySummaries(model, compiled, labelOf, new WeakMap())).toEqual(
    summariesBefore(model, compiled, labelOf, new WeakMap()),
  );
  return before.length;
}

describe('label-group lint and summaries agree with the per-workload algorithm', () => {
  const seeds = Array.from({ length: 24 }, (_, k) => 100 + k);
  it.each(seeds)('seed %i: fresh, then after workload and policy edits (one Linter kept)', (seed) => {
    const objs = design(seed);
    const r = new Rng(seed * 7);
    const linter = new Linter();
    const analyzer = new Analyzer();
    expect(compare(parseObjects(objs).model, linter, analyzer)).toBeGreaterThan(0);
    const edited = editWorkloads(objs, r);
    compare(parseObjects(edited).model, linter, analyzer);
    const noPolicy = edited.filter((o, k) => !(o.kind === 'AdminNetworkPolicy' && k % 2 === 0));
    compare(parseObjects(noPolicy).model, linter, analyzer);
  });

  it.each(seeds.slice(0, 12))(
    "seed %i: the linter reads the subjects the same answer's summaries found",
    (seed) => {
      const model = parseObjects(design(seed)).model;
      const analyzer = new Analyzer();
      // analyze() makes the summaries, which keep each cluster policy's subject for this compiled model
      const { compiled } = analyzer.analyze(model);
      const space = LabelSpace.of(model.endpoints);
      for (const p of compiled.clusterPolicies) expect(space.subjectOf(compiled, p)).toBeDefined();
      expect(new Linter().lint(model, compiled, analyzer.world)).toEqual(
        lintBefore(model, new Analyzer().compile(model)),
      );
    },
  );

  it("more than 52 egress cluster policies: a label group's set of them spans two words of bits", () => {
    const model = parseObjects(
      generateCluster(7, { endpoints: 240, policies: 40, adminPolicies: 140, namespaces: 6 }),
    ).model;
    const analyzer = new Analyzer();
    const compiled = analyzer.compile(model);
    expect(compiled.clusterPolicies.filter((p) => !p.notApplied && p.egress).length).toBeGreaterThan(52);
    const found = new Linter().lint(model, compiled, analyzer.world);
    expect(found).toEqual(lintBefore(model, analyzer.compile(model)));
    expect(found.filter((d) => d.code === 'admin-deny-dns').length).toBeGreaterThan(0);
  });

  it('the designs exercise the cluster-policy rules (M28 among them)', () => {
    const codes = new Set<string>();
    for (const seed of seeds)
      for (const d of lintBefore(
        parseObjects(design(seed)).model,
        new Analyzer().compile(parseObjects(design(seed)).model),
      ))
        codes.add(d.code);
    for (const c of [
      'admin-rule-shadowed',
      'admin-priority-tie',
      'admin-allow-over-netpol',
      'admin-deny-dns',
      'selector-matches-nothing',
      'egress-without-dns',
    ])
      expect(codes).toContain(c);
  });
});
