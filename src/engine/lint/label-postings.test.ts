import { afterAll, describe, expect, it } from 'vitest';
import { parseObjects } from '../../io/k8s-to-model';
import type { LabelSelector } from '../../model/types';
import { generateCluster, Rng } from '../../testing/generate';
import { Analyzer } from '../analyze';
import { matchSelector } from '../selectors';
import { LintIndex } from './context';

/**
 * Label postings (label-postings.ts) answer "which label sets / namespaces can this selector
 * match" from the sets of its rarest label: on seeded random designs, every selector the
 * policies name (and variants without matchLabels) gets the answers a scan of every workload gives.
 */
describe('selectors by label postings agree with a scan of every workload', () => {
  let exact = 0;
  afterAll(() => expect(exact).toBeGreaterThan(100));
  it.each([1, 2, 3, 4, 5, 6])('seed %i', (seed) => {
    const r = new Rng(seed);
    const model = parseObjects(
      generateCluster(seed, {
        endpoints: 150 + r.int(300),
        policies: 40 + r.int(60),
        adminPolicies: 2 + r.int(6),
        namespaces: 3 + r.int(15),
      }),
    ).model;
    const compiled = new Analyzer().compile(model);
    const ix = new LintIndex(model, compiled);
    const selectors: LabelSelector[] = [
      {},
      { matchLabels: { nothing: 'here' } },
      { matchExpressions: [{ key: 'app', operator: 'NotIn', values: ['web'] }] },
      { matchExpressions: [{ key: 'app', operator: 'In' }] },
      { matchExpressions: [{ key: 'app', operator: 'Bad', values: ['web'] }] },
    ];
    for (const cp of compiled.policies) {
      selectors.push(cp.policy.podSelector);
      for (const rule of [...cp.ingressRules, ...cp.egressRules])
        if (rule.peers !== 'all')
          for (const p of rule.peers)
            if (p.kind === 'selector' && p.podSelector) {
              selectors.push(p.podSelector);
              // the same selector as expressions only: no candidates, the scan path
              const ml = Object.entries(p.podSelector.matchLabels ?? {});
              selectors.push({
                matchExpressions: ml.map(([key, v]) => ({ key, operator: 'In' as const, values: [v] })),
              });
              // candidates from In with several values (one absent), and from Exists
              selectors.push({
                matchExpressions: ml.map(([key, v]) => ({
                  key,
                  operator: 'In' as const,
                  values: [v, 'web', 'nothing', v],
                })),
              });
              selectors.push({
                matchExpressions: ml.map(([key]) => ({ key, operator: 'Exists' as const })),
              });
              selectors.push({
                matchExpressions: [{ key: 'absent', operator: 'Exists' as const }],
              });
            }
    }
    expect(selectors.length).toBeGreaterThan(20);
    for (const sel of selectors) {
      const withIt = new Set(
        ix.workloads.filter((w) => matchSelector(sel, w.labels)).map((w) => w.namespace),
      );
      expect(ix.namespacesWith(sel)).toEqual(ix.nsNames.filter((n) => withIt.has(n)));
      const sets = ix.postings.candidates(sel);
      if (sets) expect([...sets]).toEqual([...new Set(sets)].sort((a, b) => a - b));
      if (sets)
        ix.space.labelSets.forEach((l, k) => {
          if (matchSelector(sel, l)) expect(sets).toContain(k);
        });
      const some = ix.nsNames.filter(() => r.chance(0.5));
      for (const list of [some, ix.nsNames, ix.nsNames.slice(0, 1)])
        expect(ix.anyMatch(sel, list)).toBe(list.some((ns) => withIt.has(ns)));
      // exact: the candidates are the matching sets, none more
      const matching = ix.space.labelSets.flatMap((l, k) => (matchSelector(sel, l) ? [k] : []));
      if (ix.postings.exact(sel)) expect(sets).toEqual(matching);
      // the groups of some namespaces it matches, ascending, by postings or by the space
      const inNs = Uint8Array.from(ix.space.namespaces, () => (r.chance(0.5) ? 1 : 0));
      const scanned = ix.space.groups.filter(
        (g) => inNs[ix.space.namespaces.indexOf(g.namespace)] && matchSelector(sel, g.labels),
      );
      expect([...ix.groupsWhere(inNs, sel)]).toEqual(scanned.map((g) => g.index));
    }
    exact += selectors.filter((sel) => ix.postings.exact(sel)).length;
  });
});
