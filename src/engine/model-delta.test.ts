import { describe, expect, it } from 'vitest';
import { newDeriveCache, parseObjects } from '../io/k8s-to-model';
import type { Json } from '../io/reader';
import { generateCluster } from '../testing/generate';
import { applyDelta, modelDelta } from './model-delta';

/** The design as the app derives it (one cache: unchanged objects keep their model entries). */
function designer(seed: number, adminPolicies = 2) {
  const cache = newDeriveCache();
  let objs: Json[] = generateCluster(seed, { endpoints: 30, policies: 8, adminPolicies });
  return {
    objs: () => objs,
    set(next: Json[]) {
      objs = next;
      return parseObjects(objs, cache).model;
    },
  };
}

const label = (o: Json, v: string): Json => {
  const meta = o.metadata as Json;
  return { ...o, metadata: { ...meta, labels: { ...(meta.labels as Json), edited: v } } };
};

describe('model delta (what the page posts to the worker)', () => {
  it('an edit carries the edited object alone; applied (after a structured clone) it is the new model', () => {
    const d = designer(3);
    const held = d.set(d.objs());
    const k = d.objs().findIndex((o) => o.kind === 'Pod');
    const next = d.set(d.objs().map((o, i) => (i === k ? label(o, 'x') : o)));
    const delta = modelDelta(held, next, 7);
    expect(delta.base).toBe(7);
    expect(Object.keys(delta.lists)).toEqual(['endpoints']);
    expect(delta.lists.endpoints?.fresh).toEqual([next.endpoints.find((e) => e.labels.edited === 'x')]);
    // the worker's side: its own copy of the held model, the delta cloned across
    const there = structuredClone(held);
    const rebuilt = applyDelta(there, structuredClone(delta));
    expect(rebuilt).toEqual(next);
    expect(rebuilt.policies).toBe(there.policies);
    expect(rebuilt.endpoints.filter((e) => there.endpoints.includes(e))).toHaveLength(
      next.endpoints.length - 1,
    );
  });

  it('insert and delete near the start, a list appearing and going: equal models, nothing else fresh', () => {
    const d = designer(5, 0);
    expect(d.set(d.objs()).nodes).toBeUndefined();
    let held = d.set(d.objs());
    const pod: Json = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: { name: 'new', namespace: 'ns0' },
      spec: {},
    };
    const node: Json = { apiVersion: 'v1', kind: 'Node', metadata: { name: 'n1', labels: { zone: 'a' } } };
    const steps: [string, (o: Json[]) => Json[], number][] = [
      ['insert a pod second', (o) => [o[0] as Json, pod, ...o.slice(1)], 1],
      ['delete the first namespace', (o) => o.slice(1), 1], // it becomes implied (a new object)
      ['add a node (a new list)', (o) => [node, ...o], 1],
      ['remove it again', (o) => o.filter((x) => x !== node), 0],
      ['nothing changed', (o) => [...o], 0],
    ];
    for (const [what, edit, fresh] of steps) {
      const next = d.set(edit(d.objs()));
      const delta = modelDelta(held, next, 1);
      const count = Object.values(delta.lists).reduce((s, l) => s + (l?.fresh.length ?? 0), 0);
      expect(count, what).toBe(fresh);
      if (what === 'remove it again') expect(delta.lists.nodes).toBeNull();
      expect(applyDelta(structuredClone(held), structuredClone(delta)), what).toEqual(next);
      held = next;
    }
    expect(held.nodes).toBeUndefined();
  });
});
