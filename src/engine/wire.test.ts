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
    // (enough parts to mean something: the engine shares equal tier parts itself, classify.ts
    // partKey, so fewer distinct objects reach the interner than the 20-odd of before)
    expect(parts.length).toBeGreaterThan(10);
    for (const xs of [parts, steps, allowed, rules]) {
      const d = distinct(xs, (x) => JSON.stringify(x));
      expect(d.objects).toBe(d.values);
      expect(d.objects).toBeLessThanOrEqual(xs.length);
    }
    expect(new Set(allowed).size).toBeLessThan(allowed.length);
  });

  it('equal results are one object each, and the pairs listed beside the tables share their parts', () => {
    const mixed = new Analyzer().analyze(model, { compactAbove: 2000 });
    expect(mixed.compact?.length).toBeGreaterThan(0);
    expect(mixed.connections.length).toBeGreaterThan(20);
    const before = JSON.stringify(mixed.connections);
    const shared = new Interner().answer(mixed);
    expect(JSON.stringify(shared.connections)).toBe(before);
    expect(JSON.stringify(shared.compact)).toBe(JSON.stringify(mixed.compact));
    const results = (shared.compact ?? []).flatMap((c) => c.results).filter((r) => r.isolated);
    const values = new Set(results.map((r) => JSON.stringify(r))).size;
    expect(new Set(results).size).toBe(values);
    expect(values).toBeLessThan(results.length);
    // a pair's result equal to a table's is that very object
    const pairResults = shared.connections.flatMap((c) => [c.egress, c.ingress]).filter((r) => r.isolated);
    expect(new Set(pairResults).size).toBe(new Set(pairResults.map((r) => JSON.stringify(r))).size);
    const pairConns = shared.connections.map((c) => c.allowed);
    expect(new Set(pairConns).size).toBe(new Set(pairConns.map((c) => JSON.stringify(c))).size);
  });

  it('an interner kept across runs returns the same objects for unchanged results', () => {
    const i = new Interner();
    const a = i.answer(result);
    const b = i.answer(result);
    expect(b.compact?.[0]?.results[5]).toBe(a.compact?.[0]?.results[5]);
    expect(i.size).toBeGreaterThan(0);
  });
});
