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
    expect(shared.compact?.map((c) => [c.results.length, c.parts.length])).toEqual(
      result.compact?.map((c) => [c.results.length, c.parts.length]),
    );
  });

  it('equal tier parts, step lists, rule lists and port sets are one object each (structured clone sends them once)', () => {
    const shared = new Interner().answer(result);
    const results = (shared.compact ?? []).flatMap((c) => c.results);
    const parts = (shared.compact ?? []).flatMap((c) => c.parts);
    const distinct = (xs: object[], key: (x: object) => string) => ({
      objects: new Set(xs).size,
      values: new Set(xs.map(key)).size,
    });
    const steps = parts.map((p) => p.steps);
    const allowed = results.flatMap((r) => (r.isolated ? [r.allowed] : [])).concat(parts.map((p) => p.left));
    const rules = results.flatMap((r) => (r.isolated ? [r.rules] : []));
    expect(parts.length).toBeGreaterThan(20);
    for (const xs of [parts, steps, allowed, rules]) {
      const d = distinct(xs, (x) => JSON.stringify(x));
      expect(d.objects).toBe(d.values);
      expect(d.objects).toBeLessThanOrEqual(xs.length);
    }
    expect(new Set(allowed).size).toBeLessThan(allowed.length);
  });

  it('an interner kept across runs returns the same objects for unchanged results', () => {
    const i = new Interner();
    const a = i.answer(result);
    const b = i.answer(result);
    expect(b.compact?.[0]?.results[5]).toBe(a.compact?.[0]?.results[5]);
    expect(i.size).toBeGreaterThan(0);
  });
});
