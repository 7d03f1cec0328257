import { describe, expect, it } from 'vitest';
import { parseObjects } from '../../io/k8s-to-model';
import { generateCluster } from '../../testing/generate';
import { Analyzer } from '../analyze';
import { formatConns, intersectConns } from '../conn';
import { directionAllowed } from '../evaluate';
import type { ClassCache } from './cache';
import { readerOfVerdicts } from './compact';

/**
 * Factors with cluster policies keep their tiers apart in the tables (issue 15): the tables hold
 * each tier's parts, and a reader combines them per pair exactly as the engine does.
 */
describe('compact tables with admin tiers', () => {
  for (const seed of [3, 4]) {
    it(`seed ${seed}: tiered factors hold no values, and every pair read equals the engine's verdict`, () => {
      const objs = generateCluster(seed, { endpoints: 160, policies: 30, adminPolicies: 6 });
      const model = parseObjects(objs).model;
      let tieredFactors = 0;
      let tieredPairs = 0;
      const analyzer = new Analyzer();
      for (const { classes: v } of analyzer.classes(model).classes) {
        v.prepareAll();
        const reader = readerOfVerdicts(v);
        const t = reader.tables;
        for (const f of t.factors) {
          if (!f.tiers) continue;
          tieredFactors++;
          expect(f.keys.length).toBe(0);
          // its tiers are factors of the tables, Admin and Baseline parts numbered apart
          for (const [k, tier] of [
            [f.tiers.admin, 'Admin'],
            [f.tiers.baseline, 'Baseline'],
          ] as const)
            if (k >= 0) expect(t.factors[k]?.tier).toBe(tier);
          if (f.tiers.np >= 0) expect(t.factors[f.tiers.np]?.tier).toBe('whole');
        }
        const texts = new WeakMap<object, string>();
        const text = (x: object | undefined) => {
          if (!x) return 'missing';
          let s = texts.get(x);
          if (s === undefined) texts.set(x, (s = JSON.stringify(x)));
          return s;
        };
        const wrong: string[] = [];
        const n = v.members.length;
        for (let i = 0; i < n; i++)
          for (let j = 0; j < n; j++) {
            if (i === j) continue;
            const want = v.verdict(i, j);
            const r = reader.lookup(i, j);
            const egress = reader.results[r.egress];
            const ingress = reader.results[r.ingress];
            if (text(egress) !== text(want.egress) || text(ingress) !== text(want.ingress))
              wrong.push(`${i} -> ${j}`);
            if (!egress || !ingress) continue;
            const allowed = intersectConns(directionAllowed(egress), directionAllowed(ingress));
            if (formatConns(allowed) !== formatConns(want.allowed)) wrong.push(`${i} -> ${j} allowed`);
            if ((egress.isolated && egress.tiers) || (ingress.isolated && ingress.tiers)) tieredPairs++;
          }
        expect(wrong.slice(0, 5)).toEqual([]);
      }
      expect(tieredFactors).toBeGreaterThan(0);
      expect(tieredPairs).toBeGreaterThan(1000);
      // factors with tiers share empty tables (factors.ts): nothing was ever written into them
      const cache = (analyzer as unknown as { cache: ClassCache }).cache;
      for (const st of cache.nets.values())
        for (const f of st.tiered.values()) {
          if (!f.parts) continue;
          expect([f.results.size, f.store.size, f.doneNps.length, f.ipIds.size, f.sel.length]).toEqual([
            0, 0, 0, 0, 0,
          ]);
        }
    });
  }
});

describe('cluster tiers parts shared (classify.ts partKey, plan.ts matchedKey)', () => {
  it('gives one object per distinct part, across factors and policy lists', () => {
    const objs = generateCluster(5, { endpoints: 400, policies: 60, adminPolicies: 8 });
    const model = parseObjects(objs).model;
    let seen = 0;
    for (const { classes: v } of new Analyzer().classes(model).classes) {
      v.prepareAll();
      const parts = readerOfVerdicts(v).parts;
      const texts = new Set(parts.map((p) => JSON.stringify(p)));
      // every part the tables number is a distinct value: equal ones were made one object
      expect(texts.size).toBe(parts.length);
      seen += parts.length;
    }
    expect(seen).toBeGreaterThan(10);
  });
});
