import { describe, expect, it } from 'vitest';
import { Rng } from '../../testing/generate';
import { ClassCache } from './cache';
import type { Feature } from './features';
import { buildSelTable, extendSelTable, selClass } from './sel-table';
import type { SelTable } from './state';

/** A cache that only counts label groups (what the tables read of it). */
function cacheWith(groups: number): ClassCache {
  const c = new ClassCache();
  for (let g = 0; g < groups; g++) c.groups.push({ id: g, ns: 'ns', labels: {}, selectable: true, slot: 1 });
  return c;
}

function feature(key: string, weight: number, groups: number[]): Feature {
  return {
    key,
    nsWide: false,
    nsAdmits: new Map(),
    groups: [...groups],
    has: new Set(groups),
    checked: 0,
    weight,
  };
}

/** Add groups to a feature (as `ClassCache.ensure` does when new label groups appear). */
function gain(f: Feature, groups: number[]): void {
  for (const g of groups) {
    f.groups.push(g);
    f.has.add(g);
  }
}

/** The table's partition as text: each group's set of features (checks classes = distinct sets). */
function partition(t: SelTable, fs: readonly Feature[], groups: number): string[] {
  const byClass = new Map<number, Set<string>>();
  const out: string[] = [];
  for (let g = 0; g < groups; g++) {
    const set = fs
      .filter((f) => f.has.has(g))
      .map((f) => f.key)
      .join('+');
    const c = selClass(t, g);
    expect(c === 0, `group ${g}: class 0 exactly when no feature matches it`).toBe(set === '');
    expect(c).toBeLessThan(t.span);
    if (c === 0) continue;
    let s = byClass.get(c);
    if (!s) byClass.set(c, (s = new Set()));
    s.add(set);
    out.push(`${g}:${set}`);
  }
  // one feature set per class, one class per feature set
  for (const s of byClass.values()) expect(s.size).toBe(1);
  const sets = [...byClass.values()].map((s) => [...s][0]);
  expect(new Set(sets).size).toBe(sets.length);
  return out;
}

describe('selector tables: extended in place as label groups appear', () => {
  it('random features, new groups in batches: the same partition as a fresh table, the span grown', () => {
    for (const seed of [1, 2, 3, 4, 5]) {
      const r = new Rng(seed);
      let groups = 40;
      const cache = cacheWith(groups);
      const fs = Array.from({ length: 4 + r.int(4) }, (_, k) =>
        feature(
          `f${k}`,
          1 + r.int(2 ** 30),
          Array.from({ length: groups }, (_, g) => g).filter(() => r.chance(0.3)),
        ),
      );
      const t = buildSelTable(cache, fs);
      const spans = [t.span];
      for (let batch = 0; batch < 12; batch++) {
        const fresh = Array.from({ length: 1 + r.int(5) }, (_, k) => groups + k);
        for (const g of fresh) cache.groups.push({ id: g, ns: 'ns', labels: {}, selectable: true, slot: 1 });
        groups += fresh.length;
        for (const f of fs)
          gain(
            f,
            fresh.filter(() => r.chance(0.5)),
          );
        expect(extendSelTable(cache, t), `seed ${seed} batch ${batch}`).toBe(true);
        spans.push(t.span);
        expect(partition(t, fs, groups)).toEqual(partition(buildSelTable(cache, fs), fs, groups));
        // groups stay ascending (binary search)
        expect([...t.groups]).toEqual([...t.groups].sort((a, b) => a - b));
      }
      expect(Math.max(...spans), `seed ${seed}: classes were added`).toBeGreaterThan(spans[0] as number);
    }
  });

  it('dense tables (many groups matched) look up old groups in the array and new ones by search', () => {
    const cache = cacheWith(16);
    const a = feature('a', 3, [0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    const b = feature('b', 5, [5, 6, 7, 8, 9, 10, 11]);
    const t = buildSelTable(cache, [a, b]);
    expect(t.dense).toBeDefined();
    for (let g = 16; g < 20; g++)
      cache.groups.push({ id: g, ns: 'ns', labels: {}, selectable: true, slot: 1 });
    gain(a, [16, 18]);
    gain(b, [17, 18]);
    expect(extendSelTable(cache, t)).toBe(true);
    expect(selClass(t, 16)).toBe(selClass(t, 0)); // a only
    expect(selClass(t, 17)).toBe(selClass(t, 10)); // b only
    expect(selClass(t, 18)).toBe(selClass(t, 5)); // both
    expect(selClass(t, 19)).toBe(0);
    partition(t, [a, b], 20);
  });

  it('two classes with the same weight sum: the table is not extended (the caller rebuilds it)', () => {
    const cache = cacheWith(6);
    // weights 1 + 2 = 3: class {a, b} and class {c} share a sum
    const a = feature('a', 1, [0, 1]);
    const b = feature('b', 2, [1, 2]);
    const c = feature('c', 3, [3]);
    const t = buildSelTable(cache, [a, b, c]);
    cache.groups.push({ id: 6, ns: 'ns', labels: {}, selectable: true, slot: 1 });
    gain(c, [6]);
    expect(extendSelTable(cache, t)).toBe(false);
  });

  it('a new group whose sum matches another set of peers: found out, not put in that class', () => {
    const cache = cacheWith(4);
    // weights 1 + 2 = 3: only {c} exists at first, then a group matched by a and b comes
    const a = feature('a', 1, [0]);
    const b = feature('b', 2, [1]);
    const c = feature('c', 3, [2]);
    const t = buildSelTable(cache, [a, b, c]);
    cache.groups.push({ id: 4, ns: 'ns', labels: {}, selectable: true, slot: 1 });
    gain(a, [4]);
    gain(b, [4]);
    expect(extendSelTable(cache, t)).toBe(false);
    // rebuilt: its own class
    const fresh = buildSelTable(cache, [a, b, c]);
    partition(fresh, [a, b, c], 5);
    expect(selClass(fresh, 4)).not.toBe(selClass(fresh, 2));
  });
});
