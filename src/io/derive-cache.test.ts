import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { generateCluster } from '../testing/generate';
import { newDeriveCache, parseObjects } from './k8s-to-model';
import type { Json } from './reader';

const vm = (name: string, kind: string, ips?: string[]): Json => ({
  apiVersion: 'kubevirt.io/v1',
  kind,
  metadata: { name, namespace: 'ns0', labels: { app: name } },
  spec:
    kind === 'VirtualMachine'
      ? {
          template: {
            metadata: { labels: { app: name } },
            spec: { networks: [{ name: 'default', pod: {} }] },
          },
        }
      : { networks: [{ name: 'default', pod: {} }] },
  ...(ips ? { status: { interfaces: [{ name: 'default', ipAddress: ips[0], ipAddresses: ips }] } } : {}),
});

/** Objects whose reading depends on what came before (duplicates, VM + VMI) or is refused. */
const odd: unknown[] = [
  vm('vm1', 'VirtualMachine'),
  vm('vm1', 'VirtualMachineInstance', ['10.0.0.9']),
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 7, namespace: 'ns0' } },
  { apiVersion: 'v2', kind: 'Pod', metadata: { name: 'p' } },
  { metadata: { name: 'no-kind' } },
  { apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'cm', namespace: 'fresh' } },
  { apiVersion: 'k8s.ovn.org/v1', kind: 'EgressFirewall', metadata: { name: 'default', namespace: 'ns1' } },
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'ns1', labels: { team: 'x' } } },
  { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'Bad_Name', namespace: 'late' }, spec: {} },
  'not an object',
  null,
];

/** The design's objects as a pool to draw from: generated workloads, policies, namespaces. */
function pool(seed: number): unknown[] {
  const gen = generateCluster(seed, { endpoints: 12, policies: 6, adminPolicies: 2 });
  const list = { apiVersion: 'v1', kind: 'List', items: gen.slice(0, 3) };
  return [...gen, ...odd, list];
}

type Step =
  | { op: 'edit' | 'insert'; at: number; pick: number }
  | { op: 'delete' | 'rename' | 'repeat'; at: number; pick: number };

const step: fc.Arbitrary<Step> = fc.record({
  op: fc.constantFrom('edit', 'insert', 'delete', 'rename', 'repeat'),
  at: fc.nat(),
  pick: fc.nat(),
}) as fc.Arbitrary<Step>;

function rename(o: unknown, k: number): unknown {
  if (typeof o !== 'object' || o === null || Array.isArray(o)) return o;
  const j = o as Record<string, unknown>;
  const meta = typeof j.metadata === 'object' && j.metadata !== null ? j.metadata : {};
  return { ...j, metadata: { ...meta, name: `renamed${k % 3}` } };
}

/** One edit the store makes: a new object replaces, joins or leaves; the others keep identity. */
function apply(objs: unknown[], s: Step, from: unknown[]): unknown[] {
  const out = [...objs];
  const at = out.length ? s.at % out.length : 0;
  const fresh = structuredClone(from[s.pick % from.length]);
  if (s.op === 'insert' || !out.length) out.splice(at, 0, fresh);
  else if (s.op === 'edit') out[at] = fresh;
  else if (s.op === 'delete') out.splice(at, 1);
  else if (s.op === 'rename') out[at] = rename(out[at], s.pick);
  // the same object (same identity) twice: a duplicate
  else out.push(out[at]);
  return out;
}

describe('incremental derive (parseObjects with a cache)', () => {
  it('equals a full read after random edit sequences (duplicates, invalid objects, Lists, deletes, renames)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 1000 }),
        fc.array(step, { minLength: 1, maxLength: 25 }),
        (seed, steps) => {
          const from = pool(seed);
          const cache = newDeriveCache();
          let objs = from.slice(0, 10);
          expect(parseObjects(objs, cache)).toEqual(parseObjects(objs));
          for (const s of steps) {
            objs = apply(objs, s, from);
            expect(parseObjects(objs, cache)).toEqual(parseObjects(objs));
          }
        },
      ),
      { seed: 2121, numRuns: 120 },
    );
  });

  it('re-reads only the edited object: the others keep their model entries', () => {
    const objs: unknown[] = generateCluster(3, { endpoints: 20, policies: 4 });
    const cache = newDeriveCache();
    const before = parseObjects(objs, cache).model;
    const k = objs.findIndex((o) => (o as Json).kind === 'NetworkPolicy');
    const edited = [...objs];
    edited[k] = structuredClone(objs[k]);
    const after = parseObjects(edited, cache).model;
    expect(after.policies.map((p, i) => p === before.policies[i])).toEqual(
      before.policies.map((p) => p.name !== (objs[k] as { metadata: { name: string } }).metadata.name),
    );
    expect(after).toEqual(parseObjects(edited).model);
  });

  for (const op of ['insert', 'delete'] as const)
    it(`${op} near the start re-reads nothing else: every other model entry is the same object`, () => {
      const objs: unknown[] = generateCluster(8, { endpoints: 30, policies: 8 });
      const cache = newDeriveCache();
      const before = parseObjects(objs, cache).model;
      const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'new', namespace: 'ns0' }, spec: {} };
      const edited = op === 'insert' ? [objs[0], pod, ...objs.slice(1)] : [objs[0], ...objs.slice(2)];
      const gone = (objs[1] as Json).metadata as { name: string };
      const after = parseObjects(edited, cache).model;
      expect(after).toEqual(parseObjects(edited).model);
      const kept = (l: readonly { name: string }[]) =>
        l.filter((x) => x.name !== 'new' && x.name !== gone.name);
      const old = new Set<unknown>([...before.endpoints, ...before.policies]);
      expect(kept([...after.endpoints, ...after.policies]).every((x) => old.has(x))).toBe(true);
      // the deleted object is namespace ns1 (its workloads stay, in an implied namespace)
      expect(after.endpoints.length).toBe(before.endpoints.length + (op === 'insert' ? 1 : 0));
      expect(after.namespaces.find((n) => n.name === 'ns1')?.declared).toBe(op === 'insert');
    });

  it('a duplicate warns in the join, also when both objects come from the cache', () => {
    const pod = { apiVersion: 'v1', kind: 'Pod', metadata: { name: 'a', namespace: 'ns0' }, spec: {} };
    const cache = newDeriveCache();
    parseObjects([pod], cache);
    const twice = parseObjects([pod, structuredClone(pod)], cache).diagnostics;
    expect(twice.map((d) => [d.code, d.message])).toEqual([
      ['duplicate-object', 'a workload named ns0/a was already read (Pod); this one replaces it'],
    ]);
    expect(parseObjects([pod], cache).diagnostics).toEqual([]);
  });
});
