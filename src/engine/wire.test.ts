import { describe, expect, it } from 'vitest';
import { parseObjects } from '../io/k8s-to-model';
import { generateCluster } from '../testing/generate';
import { Analyzer } from './analyze';
import { COMPACT_ABOVE } from './protocol';
import { Interner } from './wire';
import { pack, unpack } from './wire-pack';

describe('Interner: the session numbering of the answers parts', () => {
  const objs = generateCluster(7, { endpoints: 400, policies: 80, adminPolicies: 4 });
  const model = parseObjects(objs).model;
  const answerOf = (a: Analyzer, m: typeof model) => {
    const { compiled: _c, ...r } = a.analyze(m, { compactAbove: COMPACT_ABOVE });
    return r;
  };

  it("an edit's answer numbers only its new parts: the tables before are kept as they were", () => {
    const a = new Analyzer();
    const i = new Interner();
    const first = pack(i.answer(answerOf(a, model)));
    const held = i.size;
    const p0 = model.policies[0];
    if (!p0) throw new Error('the generated design has policies');
    const edited = { ...model, policies: [{ ...p0, podSelector: {} }, ...model.policies.slice(1)] };
    const r = answerOf(a, edited);
    const second = pack(i.answer(r));
    expect(unpack(structuredClone(second))).toEqual(r);
    const n = first.parts.results.length;
    expect(n).toBeGreaterThan(100);
    expect(second.parts.results.slice(0, n)).toEqual(first.parts.results);
    expect(second.parts.refs.slice(0, first.parts.refs.length)).toEqual(first.parts.refs);
    // (the edit's new results only, not a second copy of every one)
    expect(second.parts.results.length - n).toBeLessThan(n / 2);
    expect(i.size).toBeGreaterThanOrEqual(held);
  });

  it('starts afresh once it holds twice what its first answer named', () => {
    const other = parseObjects(generateCluster(8, { endpoints: 400, policies: 80, adminPolicies: 4 })).model;
    const a = new Analyzer();
    const b = new Analyzer();
    const i = new Interner();
    pack(i.answer(answerOf(a, model)));
    const first = i.size;
    expect(first).toBeGreaterThan(1000);
    // every part of another design is new: the tables grow by about the first answer each time
    pack(i.answer(answerOf(b, other)));
    const second = i.size;
    expect(second).toBeGreaterThan(1.5 * first);
    const r = answerOf(a, model);
    const third = pack(i.answer(r));
    expect(i.size).toBeLessThan(second);
    expect(unpack(structuredClone(third))).toEqual(r);
  });

  it('a pack without an interner numbers the answer alone', () => {
    const r = answerOf(new Analyzer(), model);
    const kept = new Interner();
    const shared = pack(kept.answer(r));
    expect(pack(r).parts.results).toEqual(shared.parts.results);
    expect(unpack(structuredClone(pack(r)))).toEqual(r);
  });
});
