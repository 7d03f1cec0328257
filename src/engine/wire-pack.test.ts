import { describe, expect, it } from 'vitest';
import { parseObjects } from '../io/k8s-to-model';
import { generateCluster } from '../testing/generate';
import { Analyzer } from './analyze';
import { selectionNumbers } from './analysis/summaries';
import { COMPACT_ABOVE } from './protocol';
import { pack, unpack } from './wire-pack';

describe('pack / unpack: the answer as it crosses to the page', () => {
  const model = parseObjects(
    generateCluster(11, { endpoints: 600, policies: 120, adminPolicies: 6, namespaces: 12, vmShare: 0.2 }),
  ).model;
  const { compiled: _, ...result } = new Analyzer().analyze(model, { compactAbove: 0 });

  it('the page gets equal data after a structured copy, the engine result untouched', () => {
    const before = JSON.stringify(result);
    const page = unpack(structuredClone(pack(result)));
    expect(page).toEqual(result);
    expect(JSON.stringify(result)).toBe(before);
    expect(page.compact?.[0]?.members.length).toBe(result.compact?.[0]?.members.length);
    expect(page.policies.map((p) => p.selected.length)).toEqual(
      result.policies.map((p) => p.selected.length),
    );
  });

  it('factor arrays cross once each (shared ones stay shared, empty ones are one), members and selections as columns', () => {
    const wire = pack(result);
    const net = wire.compact?.[0];
    const factors = result.compact?.[0]?.tables.factors ?? [];
    expect(factors.length).toBeGreaterThan(20);
    const arrays = factors.flatMap((f) => [f.sel, f.kinds, f.ns, f.nsKinds, f.ip, f.values]);
    // (every empty array crosses as one: the first)
    expect((net?.tables.factors.intAt.length ?? 0) / 2).toBe(
      new Set(arrays.filter((x) => x.length)).size + 1,
    );
    expect(net?.tables.factors.intAt.slice(0, 2)).toEqual(new Int32Array([0, 0]));
    expect(net?.members.nadExt).toBeInstanceOf(Int32Array);
    // the engine shares arrays among factors alike: the page's views are shared the same way
    expect(new Set(arrays).size).toBeLessThan(arrays.length);
    const page = unpack(structuredClone(wire));
    const f = page.compact?.[0]?.tables.factors ?? [];
    const a = factors.findIndex((x, k) => factors.some((y, j) => j > k && y.sel === x.sel));
    const b = factors.findIndex((y, j) => j > a && y.sel === factors[a]?.sel);
    expect(a).toBeGreaterThanOrEqual(0);
    expect(f[b]?.sel).toBe(f[a]?.sel);
    const empty = (x: { kinds: Int32Array } | undefined) => x?.kinds.length === 0;
    expect(f[b]?.kinds === f[a]?.kinds).toBe(
      factors[b]?.kinds === factors[a]?.kinds || (empty(factors[a]) && empty(factors[b])),
    );
  });

  it('tier metadata crosses as numbers, its lists once each (the engine shares them), each factor reading its own', () => {
    const factors = result.compact?.[0]?.tables.factors ?? [];
    const metas = factors.flatMap((f) => (f.tiers ? [f.tiers.meta] : []));
    expect(metas.length).toBeGreaterThan(10);
    // the engine makes one list of ties per pair of Admin and Baseline tiers (tiers.ts), not one per meta
    const ties = metas.map((m) => m.ambiguous);
    const pairs = factors.flatMap((f) => (f.tiers ? [`${f.tiers.admin},${f.tiers.baseline}`] : []));
    expect(new Set(ties).size).toBeLessThanOrEqual(new Set(pairs).size);
    expect(new Set(pairs).size).toBeLessThan(metas.length);
    const wire = pack(result);
    expect(wire.parts.metas.length).toBe(2 * new Set(metas).size);
    // as numbers: each policy id once, however many metas name it
    const ids = new Set(metas.flatMap((m) => [...m.npIds, ...m.ambiguous]));
    expect(new Set(wire.parts.strings).size).toBe(wire.parts.strings.length);
    expect([...ids].filter((x) => !wire.parts.strings.includes(x))).toEqual([]);
    const page = unpack(structuredClone(wire)).compact?.[0]?.tables.factors ?? [];
    expect(page.map((f) => f.tiers?.meta)).toEqual(factors.map((f) => f.tiers?.meta));
  });

  it('results and rules cross as numbers, each object once, port sets once per content', () => {
    const wire = pack(result);
    const nets = result.compact ?? [];
    expect(wire.compact?.[0]?.results).toBeInstanceOf(Int32Array);
    expect(wire.compact?.map((c) => c.results.length)).toEqual(nets.map((c) => c.results.length));
    const results = new Set(nets.flatMap((c) => c.results).filter((r) => r.isolated));
    expect(wire.parts.results.length).toBe(4 * results.size);
    const conns = [...results].flatMap((r) =>
      r.isolated ? [r.allowed, ...r.rules.map((q) => q.conns)] : [],
    );
    const steps = nets.flatMap((c) => c.parts.flatMap((p) => [p.left, ...p.steps.map((x) => x.conns)]));
    const all = [...conns, ...steps];
    const values = new Set(all.map((c) => JSON.stringify(c))).size;
    expect(wire.parts.connAt.length).toBe(values);
    expect(values).toBeLessThan(new Set(all).size);
    const page = unpack(structuredClone(wire)).compact ?? [];
    expect(page.map((c) => c.results)).toEqual(nets.map((c) => c.results));
    expect(page.map((c) => c.parts)).toEqual(nets.map((c) => c.parts));
    // equal port sets are one object on the page
    const allowed = page.flatMap((c) => c.results.flatMap((r) => (r.isolated ? [r.allowed] : [])));
    expect(new Set(allowed).size).toBe(new Set(allowed.map((c) => JSON.stringify(c))).size);
    expect(page[0]?.results[0]).toEqual({ isolated: false });
  });

  it('pairs listed with their cluster tiers (chains and steps) cross as numbers', () => {
    const small = generateCluster(5, { endpoints: 80, policies: 20, adminPolicies: 6, namespaces: 4 });
    const listed = new Analyzer().analyze(parseObjects(small).model, {});
    const { compiled: _c, ...r } = listed;
    const chained = r.connections.filter((c) => c.egress.isolated && c.egress.tiers?.steps.length);
    expect(chained.length).toBeGreaterThan(10);
    const wire = pack(r);
    expect(wire.parts.chains.length).toBeGreaterThan(0);
    expect(wire.parts.steps.length).toBeGreaterThan(0);
    expect(unpack(structuredClone(wire))).toEqual(r);
  });

  it('selections cross as numbered in the table most lists share (kept from an earlier answer), others by value', () => {
    const a = new Analyzer();
    a.analyze(model, { compactAbove: COMPACT_ABOVE });
    // one policy edited: the others keep the selection lists of the first answer (another table)
    const p0 = model.policies[0];
    if (!p0) throw new Error('the generated design has policies');
    const edited = { ...model, policies: [{ ...p0, podSelector: {} }, ...model.policies.slice(1)] };
    const { compiled: _c, ...second } = a.analyze(edited, { compactAbove: COMPACT_ABOVE });
    const page = unpack(structuredClone(pack(second)));
    expect(page.policies).toEqual(second.policies);
    expect(page.policies[0]?.selected).toEqual(
      model.endpoints
        .filter((e) => e.kind !== 'External' && !e.hostNetwork && e.namespace === p0.namespace)
        .map((e) => `${e.namespace}/${e.name}`),
    );
    const tables = second.policies.map((p) => selectionNumbers(p.selected)?.labels);
    const kept = tables[1];
    expect(tables.filter((t) => t && t !== tables[0]).length).toBeGreaterThan(10);
    expect(tables.filter((t) => t === kept).length).toBeGreaterThan(10);
    // the table the kept lists share is the wire's (numbers copied), the edited policy's labels
    // come after it by value
    const wire = pack(second).policies;
    expect(wire.labels.slice(0, kept?.length)).toEqual(kept);
    expect(wire.labels.slice(kept?.length)).toEqual([...new Set(second.policies[0]?.selected)]);
  });

  it('a small design without compact networks', () => {
    const small = parseObjects(generateCluster(3, { endpoints: 30, policies: 8 })).model;
    const { compiled: _c, ...r } = new Analyzer().analyze(small, { compactAbove: COMPACT_ABOVE });
    expect(r.compact ?? []).toEqual([]);
    expect(unpack(structuredClone(pack(r)))).toEqual(r);
  });
});
