import { describe, expect, it } from 'vitest';
import { parseObjects } from '../io/k8s-to-model';
import { generateCluster } from '../testing/generate';
import type { PolicySummary } from './analysis/result';
import { Analyzer } from './analyze';
import { packPolicies, unpackPolicies } from './wire-policies';

const model = parseObjects(
  generateCluster(11, { endpoints: 600, policies: 120, adminPolicies: 6, namespaces: 12, vmShare: 0.2 }),
).model;

describe('policy summaries on the wire: each distinct selection list once', () => {
  const summaries = new Analyzer().summaries(model, new Analyzer().compile(model));

  it('policies with the same subject share one list, in the engine and on the page', () => {
    const key = (p: PolicySummary) => {
      const np = model.policies.find((x) => x.id === p.id);
      return np ? `${np.namespace}/${JSON.stringify(np.podSelector)}` : undefined;
    };
    const bySubject = new Map<string, PolicySummary[]>();
    for (const p of summaries) {
      const k = key(p);
      if (k) bySubject.set(k, [...(bySubject.get(k) ?? []), p]);
    }
    const shared = [...bySubject.values()].filter((ps) => ps.length > 1);
    expect(shared.length).toBeGreaterThan(3);
    const page = unpackPolicies(structuredClone(packPolicies(summaries)));
    for (const ps of shared) {
      const at = ps.map((p) => summaries.indexOf(p));
      for (const k of at) {
        expect(summaries[k]?.selected).toBe(summaries[at[0] as number]?.selected);
        expect(page[k]?.selected).toBe(page[at[0] as number]?.selected);
      }
    }
    expect(page).toEqual(summaries);
  });

  it('crosses as many numbers as the distinct lists hold, not one per policy and workload', () => {
    const wire = packPolicies(summaries);
    const distinct = [...new Set(summaries.map((p) => p.selected))];
    expect(distinct.length).toBeLessThan(summaries.length);
    expect(wire.at.length).toBe(distinct.length + 1);
    expect(wire.selected.length).toBe(distinct.reduce((s, l) => s + l.length, 0));
    expect(wire.list.length).toBe(summaries.length);
  });

  it('lists not made by the summaries (no numbers kept) cross by value, equal lists still apart', () => {
    const a = ['ns1/web', 'ns1/db'];
    const made: PolicySummary[] = [
      { id: 'p1', networks: ['default'], ingress: true, egress: false, selected: a },
      { id: 'p2', networks: ['default'], ingress: true, egress: true, selected: ['ns1/db'] },
      { id: 'p3', networks: ['default'], ingress: false, egress: true, selected: a },
      { id: 'p4', networks: ['default'], ingress: false, egress: true, selected: [] },
    ];
    const wire = packPolicies(made);
    expect([...wire.list]).toEqual([0, 1, 0, 2]);
    expect(wire.labels).toEqual(['ns1/web', 'ns1/db']);
    expect([...wire.selected]).toEqual([0, 1, 1]);
    const page = unpackPolicies(structuredClone(wire));
    expect(page).toEqual(made);
    expect(page[2]?.selected).toBe(page[0]?.selected);
  });
});
