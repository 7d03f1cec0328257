import { describe, expect, it } from 'vitest';
import { parseObjects } from '../../io/k8s-to-model';
import { generateCluster } from '../../testing/generate';
import { Analyzer } from '../analyze';
import { ClassCache } from './cache';
import { classify } from './classify';
import { countClasses } from './count';
import { classOf } from './factors';
import { intern } from './features';
import type { Atoms, Factor } from './state';

/** The definition, factor by factor over every member: each factor's class splits the members. */
function naive(
  st: ReturnType<ClassCache['net']>,
  atoms: Atoms,
  n: number,
  tables: Factor<unknown>[],
): number {
  let part = Int32Array.from({ length: n }, (_, i) => st.npOf[i] as number);
  for (const f of tables) {
    const next = new Map<string, number>();
    part = part.map((p, i) => intern(next, `${p}/${classOf(st, atoms, f, i)}`));
  }
  return new Set(part).size;
}

describe('countClasses splits members by every peer once, as the factors classes would', () => {
  for (const [seed, admin] of [
    [5, 0],
    [6, 6],
    [7, 3],
  ] as const) {
    it(`seed ${seed}, ${admin} cluster policies: the same count as refining factor by factor`, () => {
      const model = parseObjects(
        generateCluster(seed, { endpoints: 250, policies: 50, adminPolicies: admin }),
      ).model;
      const compiled = new Analyzer().compile(model);
      const cache = new ClassCache();
      cache.begin('', compiled.namespaceLabels);
      const deciders = [...compiled.policies, ...compiled.clusterPolicies];
      let checked = 0;
      for (const [net, members] of compiled.layout.members) {
        const v = classify(
          net,
          members,
          deciders,
          { networkId: net, namespaceLabels: compiled.namespaceLabels },
          {
            cache,
          },
        );
        v.prepareAll();
        const st = cache.net(net);
        const atoms = st.atoms as Atoms;
        const tables = [...st.factors.values()].filter((f) => !f.parts);
        const n = members.length;
        const want = naive(st, atoms, n, tables);
        expect(countClasses(cache, st, atoms, n, (i) => `${st.npOf[i]}`, tables)).toBe(want);
        if (want > 10) checked++;
      }
      expect(checked).toBeGreaterThan(0);
    });
  }
});
