import { describe, expect, it } from 'vitest';
import type { LabelSelector, Labels } from '../../model/types';
import { Rng } from '../../testing/generate';
import { matchSelector } from '../selectors';
import { ClassCache } from './cache';
import type { Feature } from './features';
import { buildSelTable, extendSelTable, selClass, shippedSel } from './sel-table';
import type { SelTable } from './state';

/**
 * Selector tables over kinds (kinds.ts) and the listed groups of one namespace: every group's
 * class must be exactly its set of matching peers, checked against `matchSelector` semantics
 * through `ClassCache.matches`, as groups, kinds and selectors are added.
 */

const APPS = ['web', 'api', 'db', 'cache'];
const TEAMS = ['a', 'b', 'c'];

/** Namespace ns<k>: team a/b/c, prod every fourth; its name label is unique (never a kind of its own). */
function nsLabels(ns: string): Labels {
  const k = Number(ns.slice(2));
  return {
    team: TEAMS[k % 3] as string,
    env: k % 4 === 0 ? 'prod' : 'dev',
    'kubernetes.io/metadata.name': ns,
  };
}

function newCache(): ClassCache {
  const c = new ClassCache();
  c.begin('k', nsLabels);
  return c;
}

/** Add a label group (as `ClassCache.groupOf` does for a new endpoint). */
function addGroup(c: ClassCache, ns: string, labels: Labels): number {
  return c.groupOf({
    endpoint: { kind: 'Pod', namespace: ns, hostNetwork: false, labels, namedPorts: [] },
  } as never);
}

function randomSelector(r: Rng): LabelSelector {
  const roll = r.int(4);
  if (roll === 0) return { matchLabels: { app: r.pick(APPS) } };
  if (roll === 1)
    return { matchExpressions: [{ key: 'app', operator: 'In', values: [r.pick(APPS), r.pick(APPS)] }] };
  if (roll === 2) return { matchExpressions: [{ key: 'tier', operator: 'NotIn', values: ['front'] }] };
  return { matchExpressions: [{ key: 'version', operator: r.chance(0.5) ? 'Exists' : 'DoesNotExist' }] };
}

function randomFeature(c: ClassCache, r: Rng, ns: string): Feature {
  const pod = randomSelector(r);
  if (r.chance(0.5)) return c.feature({ podSelector: pod }, ns);
  const nsSel: LabelSelector = r.chance(0.5)
    ? { matchLabels: { team: r.pick(TEAMS) } }
    : r.chance(0.5)
      ? { matchLabels: { env: 'prod' } }
      : { matchLabels: { 'kubernetes.io/metadata.name': `ns${r.int(6)}` } };
  return c.feature({ namespaceSelector: nsSel, podSelector: pod }, ns);
}

function randomLabels(r: Rng, id: number): Labels {
  const l: Record<string, string> = { app: r.pick(APPS), tier: r.pick(['front', 'back']), pod: `p${id}` };
  if (r.chance(0.3)) l.version = `v${r.int(3)}`;
  return l;
}

/** Whether a peer matches a group, from the selectors themselves (not the cache's kinds). */
function truth(c: ClassCache, x: Feature, g: number): boolean {
  const grp = c.groups[g] as { ns: string; labels: Labels };
  const ns = x.nsSelector ? matchSelector(x.nsSelector, nsLabels(grp.ns)) : x.ownNs === grp.ns;
  return ns && matchSelector(x.podSelector ?? {}, grp.labels);
}

/** Every group's class is its set of matching features: one set per class, one class per set. */
function checkPartition(c: ClassCache, t: SelTable, fs: readonly Feature[]): void {
  c.updateKinds();
  for (const x of fs) c.ensure(x);
  const setOf = new Map<number, string>();
  for (let g = 0; g < c.groups.length; g++) {
    const set = fs
      .map((x, i) => {
        expect(c.matches(x, g), `cache.matches(${x.key}, group ${g})`).toBe(truth(c, x, g));
        return truth(c, x, g) ? i : -1;
      })
      .filter((i) => i >= 0)
      .join('+');
    const cls = selClass(t, g);
    expect(cls === 0, `group ${g}: class 0 exactly when no peer matches it`).toBe(set === '');
    expect(cls).toBeLessThan(t.span);
    const was = setOf.get(cls);
    if (was === undefined) setOf.set(cls, set);
    else expect(set, `group ${g} in class ${cls}`).toBe(was);
  }
  const sets = [...setOf.values()];
  expect(new Set(sets).size, 'one class per set of peers').toBe(sets.length);
}

describe('selector tables over kinds', () => {
  it('random peers in and across namespaces, groups added in batches: exact classes, extended in place', () => {
    for (const seed of [1, 2, 3, 4, 5, 6]) {
      const r = new Rng(seed);
      const c = newCache();
      let id = 0;
      for (let k = 0; k < 40; k++) addGroup(c, `ns${r.int(6)}`, randomLabels(r, id++));
      const fs = Array.from({ length: 3 + r.int(5) }, () => randomFeature(c, r, 'ns1'));
      c.updateKinds();
      for (const x of fs) c.ensure(x);
      const t = buildSelTable(c, fs);
      checkPartition(c, t, fs);
      const spans = [t.span];
      for (let batch = 0; batch < 10; batch++) {
        for (let k = 0; k < 1 + r.int(6); k++) addGroup(c, `ns${r.int(8)}`, randomLabels(r, id++));
        c.updateKinds();
        for (const x of fs) c.ensure(x);
        expect(extendSelTable(c, t), `seed ${seed} batch ${batch}`).toBe(true);
        spans.push(t.span);
        checkPartition(c, t, fs);
        expect([...t.groups]).toEqual([...t.groups].sort((a, b) => a - b));
        // the same classes as a table built afresh (numbering aside)
        const fresh = buildSelTable(c, fs);
        for (let g = 0; g < c.groups.length; g++)
          for (let h = g + 1; h < Math.min(c.groups.length, g + 20); h++)
            expect(selClass(t, g) === selClass(t, h)).toBe(selClass(fresh, g) === selClass(fresh, h));
      }
    }
  });

  it('a pod label no selector names (unique per pod) does not make kinds: they stay few', () => {
    const r = new Rng(7);
    const c = newCache();
    for (let id = 0; id < 500; id++) addGroup(c, `ns${id % 50}`, randomLabels(r, id));
    c.feature(
      { namespaceSelector: { matchLabels: { team: 'a' } }, podSelector: { matchLabels: { app: 'db' } } },
      'ns0',
    );
    c.updateKinds();
    expect(c.groups.length).toBe(500);
    // team (3 values, one named) x env (one value named by none) x app (4) ... at most a dozen
    expect(c.kinds.count).toBeLessThanOrEqual(1 + 2 * 4);
  });

  it('a selector naming a new key numbers the kinds afresh: the old table is rebuilt, not extended', () => {
    const r = new Rng(8);
    const c = newCache();
    for (let id = 0; id < 30; id++) addGroup(c, `ns${id % 6}`, randomLabels(r, id));
    const a = c.feature(
      { namespaceSelector: { matchLabels: { team: 'b' } }, podSelector: { matchLabels: { app: 'web' } } },
      'ns0',
    );
    c.updateKinds();
    c.ensure(a);
    const t = buildSelTable(c, [a]);
    const before = c.kinds.count;
    const b = c.feature(
      { namespaceSelector: {}, podSelector: { matchExpressions: [{ key: 'version', operator: 'Exists' }] } },
      'ns0',
    );
    c.updateKinds();
    expect(c.kinds.count).toBeGreaterThan(before);
    expect(extendSelTable(c, t)).toBe(false);
    // the old table still answers in its own numbering
    checkPartition(c, buildSelTable(c, [a, b]), [a, b]);
    for (let g = 0; g < c.groups.length; g++) expect(selClass(t, g) !== 0).toBe(truth(c, a, g));
  });

  it('shipped as sel pairs and kinds: one pair of arrays per state of the table, exact classes', () => {
    const r = new Rng(9);
    const c = newCache();
    let id = 0;
    for (let k = 0; k < 40; k++) addGroup(c, `ns${r.int(6)}`, randomLabels(r, id++));
    const fs = Array.from({ length: 5 }, () => randomFeature(c, r, 'ns1'));
    c.updateKinds();
    for (const x of fs) c.ensure(x);
    const t = buildSelTable(c, fs);
    // what a factor's compact table says of group g (sel pairs first, then its kind)
    const shippedClass = (g: number): number => {
      const { sel, kinds } = shippedSel(t);
      for (let k = 0; k < sel.length; k += 2) if (sel[k] === g) return sel[k + 1] as number;
      return kinds[t.kindOf[g] as number] ?? 0;
    };
    let extended = 0;
    for (let batch = 0; batch < 8; batch++) {
      const before = shippedSel(t);
      expect(shippedSel(t), 'unchanged table: the same arrays').toBe(before);
      expect(before.sel.length).toBe(2 * t.groups.length);
      expect([...before.kinds]).toEqual([...t.byKind.subarray(0, t.kindsSeen)]);
      for (let g = 0; g < c.groups.length; g++) expect(shippedClass(g), `group ${g}`).toBe(selClass(t, g));
      const size = t.groups.length + t.kindsSeen;
      for (let k = 0; k < 1 + r.int(6); k++) addGroup(c, `ns${r.int(8)}`, randomLabels(r, id++));
      c.updateKinds();
      for (const x of fs) c.ensure(x);
      expect(extendSelTable(c, t)).toBe(true);
      if (t.groups.length + t.kindsSeen === size) continue;
      extended++;
      expect(shippedSel(t), `batch ${batch}: extended, shipped anew`).not.toBe(before);
    }
    expect(extended, 'batches that extended the table').toBeGreaterThanOrEqual(2);
  });
});
