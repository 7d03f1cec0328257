import { describe, expect, it } from 'vitest';
import { parseObjects } from '../io/k8s-to-model';
import type { Model } from '../model/types';
import { generateCluster, Rng, type Obj } from '../testing/generate';
import { withUdns } from '../testing/generate-udn';
import { Analyzer, analyze } from './analyze';
import { formatConns } from './conn';
import type { DirectionResult } from './evaluate';
import { diffAnalyses, diffModels, type ConnectionChange } from './diff';
import { rowsFromTables } from './diff-rows';

type Meta = { name: string; namespace?: string; labels?: Record<string, string> };
const metaOf = (o: Obj) => o.metadata as Meta;

/** Clusters with cluster policies, named ports, VMs, secondary networks and primary UDNs. */
const cluster = (seed: number, endpoints = 40): Obj[] =>
  withUdns(generateCluster(seed, { endpoints, policies: 14, adminPolicies: 3 }), seed);

/** One random edit: a policy's selector, a policy or cluster policy removed, a workload relabelled or removed. */
function edit(objs: readonly Obj[], r: Rng): Obj[] {
  const out = [...objs];
  const pick = (kinds: readonly string[]) => {
    const idx = out.flatMap((o, k) => (kinds.includes(o.kind as string) ? [k] : []));
    return r.pick(idx) as number;
  };
  const roll = r.int(5);
  if (roll === 0) {
    const k = pick(['NetworkPolicy', 'MultiNetworkPolicy']);
    const p = structuredClone(out[k]) as { spec: { podSelector: unknown } };
    p.spec.podSelector = r.chance(0.3) ? {} : { matchLabels: { app: r.pick(['web', 'api', 'db']) } };
    out[k] = p as unknown as Obj;
  } else if (roll === 1) out.splice(pick(['NetworkPolicy', 'MultiNetworkPolicy']), 1);
  else if (roll === 2) out.splice(pick(['AdminNetworkPolicy', 'BaselineAdminNetworkPolicy']), 1);
  else if (roll === 3) {
    const k = pick(['Pod', 'VirtualMachineInstance']);
    const w = structuredClone(out[k]) as Obj;
    metaOf(w).labels = { ...metaOf(w).labels, app: r.pick(['web', 'api', 'db']), tier: 'back' };
    out[k] = w;
  } else out.splice(pick(['Pod', 'VirtualMachineInstance']), 1);
  return out;
}

const rows = (cs: readonly ConnectionChange[]) =>
  cs.map((c) => `${c.change} ${c.network} ${c.from} -> ${c.to}: ${formatConns(c.conns)}`);

describe('direction rows read from the class tables', () => {
  it('name the same result as directionRows for every member and row, on every network', () => {
    let cells = 0;
    let tiered = 0;
    for (const seed of [41, 42, 43]) {
      const model: Model = parseObjects(cluster(seed)).model;
      for (const { classes: v } of new Analyzer().classes(model).classes) {
        const want = v.directionRows();
        const got = rowsFromTables(v);
        const cell = (d: typeof want, row: number, m: number) =>
          row < 0 ? d.results[0] : d.results[(d.rows[row] as Int32Array)[m] as number];
        // the same object, except where cluster tiers decide: the tables hold the tiers' parts and
        // the reader combines them itself (an equal result)
        const same = (x: DirectionResult | undefined, y: DirectionResult | undefined) => {
          if (x?.isolated && x.tiers) {
            expect(x).toEqual(y);
            tiered++;
          } else expect(x).toBe(y);
        };
        v.members.forEach((_, i) => {
          v.members.forEach((__, j) => {
            same(cell(got, got.egressRow[i] as number, j), cell(want, want.egressRow[i] as number, j));
            same(cell(got, got.ingressRow[j] as number, i), cell(want, want.ingressRow[j] as number, i));
            cells++;
          });
        });
      }
    }
    expect(cells).toBeGreaterThan(3000);
    expect(tiered).toBeGreaterThan(1000);
  });
});

describe('diffModels with one analyzer for both sides gives exactly the pair-list diff', () => {
  it('random edits of clusters with cluster policies and UDNs', () => {
    let changes = 0;
    for (const seed of [51, 52, 53]) {
      let objs = cluster(seed);
      const r = new Rng(seed);
      const shared = new Analyzer();
      for (let step = 0; step < 6; step++) {
        const before = parseObjects(objs).model;
        objs = edit(objs, r);
        const after = parseObjects(objs).model;
        const want = rows(diffAnalyses(analyze(before), analyze(after)));
        expect(rows(diffModels(before, after, { before: shared, after: shared }))).toEqual(want);
        expect(rows(diffModels(before, after))).toEqual(want);
        changes += want.length;
      }
    }
    expect(changes).toBeGreaterThan(50);
  });
  it('the reverse diff swaps gained and lost, pair for pair', () => {
    const objs = cluster(61);
    const before = parseObjects(objs).model;
    const after = parseObjects(edit(edit(objs, new Rng(7)), new Rng(8))).model;
    const forward = diffModels(before, after);
    const swap = (c: ConnectionChange) => ({ ...c, change: c.change === 'gained' ? 'lost' : 'gained' });
    const back = diffModels(after, before).map(swap) as ConnectionChange[];
    expect(rows(back).sort()).toEqual(rows(forward).sort());
    expect(forward.length).toBeGreaterThan(0);
  });
});
