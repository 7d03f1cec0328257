import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { endpointId } from '../model/ids';
import type { Endpoint, LabelSelector, Labels } from '../model/types';
import { LabelSpace } from './label-space';
import { matchSelector } from './selectors';

/**
 * `LabelSpace.groupsWhere` picks one of three ways (the namespaces' groups, the label sets of a
 * selector's rarest label, every group once): on random workloads, selectors and namespace
 * masks, each must give exactly the groups a plain scan of every group finds, ascending.
 */
const KEYS = ['app', 'tier', 'env'];
const VALUES = ['a', 'b', 'c'];

const labels = fc.dictionary(fc.constantFrom(...KEYS), fc.constantFrom(...VALUES), { maxKeys: 3 });

const workload = (k: number, ns: number, l: Labels): Endpoint => ({
  kind: 'Pod',
  id: endpointId('Pod', `ns${ns}`, `w${k}`),
  sourceKind: 'Pod',
  name: `w${k}`,
  namespace: `ns${ns}`,
  labels: l,
  attachments: [],
  namedPorts: [],
  hostNetwork: false,
});

const expression = fc.record({
  key: fc.constantFrom(...KEYS),
  operator: fc.constantFrom('In' as const, 'NotIn' as const, 'Exists' as const, 'DoesNotExist' as const),
  values: fc.subarray(VALUES, { minLength: 1 }),
});

const selector: fc.Arbitrary<LabelSelector | undefined> = fc.option(
  fc.record(
    { matchLabels: labels, matchExpressions: fc.array(expression, { maxLength: 2 }) },
    { requiredKeys: [] },
  ),
  { nil: undefined },
);

describe('LabelSpace.groupsWhere', () => {
  it('gives the groups a scan of every group finds, whichever way it takes', () => {
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat(11), labels), { minLength: 1, maxLength: 120 }),
        selector,
        fc.array(fc.boolean(), { minLength: 12, maxLength: 12 }),
        (ws, pods, admitted) => {
          const space = LabelSpace.of(ws.map(([ns, l], k) => workload(k, ns, l)));
          const inNs = space.namespaceMask((ns) => admitted[Number(ns.slice(2))] === true);
          const want = space.groups
            .filter((g) => admitted[Number(g.namespace.slice(2))] && (!pods || matchSelector(pods, g.labels)))
            .map((g) => g.index);
          expect([...space.groupsWhere(inNs, pods)]).toEqual(want);
        },
      ),
      { numRuns: 400 },
    );
  });

  it('finds a group by the endpoint index when the endpoint is the one there, else by id', () => {
    const external: Endpoint = { ...workload(9, 0, {}), kind: 'External', namespace: '' };
    const list = [workload(0, 1, { app: 'a' }), external, workload(2, 1, { app: 'b' })];
    const space = LabelSpace.of(list);
    expect(space.groupAtIndex(list[0] as Endpoint, 0)?.index).toBe(0);
    expect(space.groupAtIndex(list[1] as Endpoint, 1)).toBeUndefined();
    expect(space.groupAtIndex(list[2] as Endpoint, 2)?.index).toBe(1);
    // an equal endpoint of an earlier model (a layout kept across edits), at another index
    const earlier = { ...(list[2] as Endpoint) };
    expect(space.groupAtIndex(earlier, 0)?.index).toBe(1);
    expect(space.groupOf(earlier)?.index).toBe(1);
  });

  it('puts labels written in another key order in the same set and group', () => {
    const space = LabelSpace.of([
      workload(0, 0, { app: 'a', tier: 'b' }),
      workload(1, 0, { tier: 'b', app: 'a' }),
      workload(2, 1, { tier: 'b', app: 'a' }),
      workload(3, 0, { app: 'a', tier: 'c' }),
    ]);
    expect(space.labelSets).toHaveLength(2);
    expect(space.groups.map((g) => g.endpoints.map((e) => e.name))).toEqual([['w0', 'w1'], ['w2'], ['w3']]);
    expect(space.groups[0]?.labelSet).toBe(space.groups[1]?.labelSet);
  });

  it('reads the label sets a class cache numbered, and numbers the rest the same way', () => {
    const list = [
      workload(0, 0, { app: 'a', tier: 'b' }),
      workload(1, 1, { tier: 'b', app: 'a' }),
      workload(2, 0, { app: 'c' }),
      workload(3, 1, { app: 'c' }),
      workload(4, 0, { app: 'd' }),
    ];
    // the cache saw w0, w1 (one set) and w3; w2 (w3's set) and w4 it did not
    const cached = new Map<Endpoint, number>([
      [list[0] as Endpoint, 7],
      [list[1] as Endpoint, 7],
      [list[3] as Endpoint, 9],
    ]);
    const known = LabelSpace.of(list, { labelSetOf: (e) => cached.get(e) });
    const plain = LabelSpace.of([...list]);
    const shape = (s: LabelSpace) =>
      s.groups.map((g) => [g.namespace, g.labelSet, g.endpoints.map((e) => e.name)]);
    expect(shape(known)).toEqual(shape(plain));
    expect(known.labelSets).toEqual(plain.labelSets);
    expect([...known.groupSize]).toEqual([1, 1, 1, 1, 1]);
    expect(known.groups[2]?.labelSet).toBe(known.groups[3]?.labelSet);
  });

  it('numbers namespaces in order of their first workload and keeps each group in typed tables', () => {
    const space = LabelSpace.of([
      workload(0, 2, { app: 'a' }),
      workload(1, 0, { app: 'a' }),
      workload(2, 2, { app: 'b' }),
      workload(3, 2, { app: 'a' }),
    ]);
    expect(space.namespaces).toEqual(['ns2', 'ns0']);
    expect([...space.groupNs]).toEqual([0, 1, 0]);
    expect([...space.groupSet]).toEqual([0, 0, 1]);
    // each group's workloads' positions, ascending, one group after the other
    const { start, at } = space.positionsByGroup();
    expect([...start]).toEqual([0, 2, 3, 4]);
    expect([...at]).toEqual([0, 3, 1, 2]);
  });
});
