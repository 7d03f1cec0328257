import { describe, expect, it } from 'vitest';
import { parseObjects } from '../io/k8s-to-model';
import { generateCluster } from '../testing/generate';
import { Analyzer } from './analyze';
import { Interner } from './wire';

describe('Interner: the worker answer with shared parts', () => {
  const model = parseObjects(generateCluster(7, { endpoints: 400, policies: 80, adminPolicies: 4 })).model;
  const result = new Analyzer().analyze(model, { compactAbove: 0 });

  it('equal data, every result in order, nothing mutated', () => {
    const before = JSON.stringify(result.compact);
    const shared = new Interner().answer(result);
    expect(JSON.stringify(shared.compact)).toBe(before);
    expect(JSON.stringify(result.compact)).toBe(before);
    expect(shared.compact?.map((c) => c.results.length)).toEqual(
      result.compact?.map((c) => c.results.length),
    );
  });

  it('equal tier chains, rule lists and port sets are one object each (structured clone sends them once)', () => {
    const shared = new Interner().answer(result);
    const results = (shared.compact ?? []).flatMap((c) => c.results);
    const distinct = (xs: object[], key: (x: object) => string) => ({
      objects: new Set(xs).size,
      values: new Set(xs.map(key)).size,
    });
    const tiers = results.flatMap((r) => (r.isolated && r.tiers ? [r.tiers] : []));
    const allowed = results.flatMap((r) => (r.isolated ? [r.allowed] : []));
    const rules = results.flatMap((r) => (r.isolated ? [r.rules] : []));
    expect(tiers.length).toBeGreaterThan(100);
    for (const xs of [tiers, allowed, rules]) {
      const d = distinct(xs, (x) => JSON.stringify(x));
      expect(d.objects).toBe(d.values);
      expect(d.objects).toBeLessThan(xs.length);
    }
  });

  it('an interner kept across runs returns the same objects for unchanged results', () => {
    const i = new Interner();
    const a = i.answer(result);
    const b = i.answer(result);
    expect(b.compact?.[0]?.results[5]).toBe(a.compact?.[0]?.results[5]);
    expect(i.size).toBeGreaterThan(0);
  });
});
