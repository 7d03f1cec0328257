import { describe, expect, it } from 'vitest';
import { parseObjects } from '../../io/k8s-to-model';
import { generateCluster, Rng } from '../../testing/generate';
import { Analyzer } from '../analyze';
import { subjects } from './admin';
import { LintIndex } from './context';

/**
 * M21 samples the workloads two cluster-policy subjects share from their workloads as bits
 * (`LintIndex.sampleBoth`), and `sampleGroups` counts from typed group sizes: on seeded random
 * designs, every pair of subjects must give the count and first four (model order) of a plain
 * intersection of the two lists.
 */
describe('samples of workloads two subjects share', () => {
  it.each([1, 2, 3, 4])('seed %i', (seed) => {
    const r = new Rng(seed);
    const model = parseObjects(
      generateCluster(seed, {
        endpoints: 200 + r.int(300),
        policies: 40,
        adminPolicies: 6 + r.int(10),
        namespaces: 3 + r.int(10),
      }),
    ).model;
    const compiled = new Analyzer().compile(model);
    const ix = new LintIndex(model, compiled);
    const ctx = { model, compiled, out: [], index: ix };
    const lists = compiled.clusterPolicies.map((p) => subjects(ctx, p));
    expect(lists.filter((l) => l.length > 32).length).toBeGreaterThan(1);
    const order = new Map(ix.workloads.map((w, k) => [w, k]));
    for (const a of lists)
      for (const b of lists) {
        const inB = new Set(b);
        const both = a
          .filter((w) => inB.has(w))
          .sort((x, y) => (order.get(x) as number) - (order.get(y) as number));
        const want = { count: both.length, first: both.slice(0, 4) };
        expect(ix.sampleBoth(a, b, 4)).toEqual(want);
        const groups = ix.groupIndices(a).filter((g) => ix.groupIndices(b).includes(g));
        expect(ix.sampleGroups(groups, 4)).toEqual(want);
      }
  });

  it('counts past the 32 workloads of a word and stops listing at the maximum', () => {
    const model = parseObjects(generateCluster(7, { endpoints: 300, policies: 10, adminPolicies: 2 })).model;
    const ix = new LintIndex(model, new Analyzer().compile(model));
    const every = ix.selection(new Uint8Array(ix.space.groups.length).fill(1));
    const odd = ix.selection(Uint8Array.from(ix.space.groups, (g) => g.index % 2));
    expect(every).toEqual(ix.workloads);
    expect(ix.sampleBoth(every, every, 4)).toEqual({ count: every.length, first: every.slice(0, 4) });
    expect(ix.sampleBoth(every, odd, 2)).toEqual({ count: odd.length, first: odd.slice(0, 2) });
  });
});
