import { describe, expect, it } from 'vitest';
import { analyze } from '../engine/analyze';
import { equalConns } from '../engine/conn';
import { parseObjects } from '../io/k8s-to-model';
import { generateCluster } from '../testing/generate';
import { viewOf } from './selectors';

describe('analysis views: compact class tables answer exactly like the full pair list', () => {
  for (const seed of [1, 2, 3]) {
    it(`seed ${seed}`, () => {
      const model = parseObjects(generateCluster(seed, { endpoints: 40, policies: 14 })).model;
      const full = analyze(model);
      const compact = analyze(model, { compactAbove: 0 });
      expect(compact.compact?.length).toBeGreaterThan(0);
      const fv = viewOf(full);
      const cv = viewOf(compact);
      expect(cv.large).toBe(true);
      expect(cv.networks).toEqual(fv.networks);
      for (const n of fv.networks) expect(cv.endpointsOn(n)).toEqual(fv.endpointsOn(n));
      for (const c of full.connections) {
        const d = cv.find(c.from, c.to, c.network);
        expect(d, `${c.from} -> ${c.to} on ${c.network}`).toBeDefined();
        expect(equalConns(d?.allowed ?? c.allowed, c.allowed)).toBe(true);
        expect(d?.ingress.isolated).toBe(c.ingress.isolated);
      }
      const someone = full.connections[0];
      if (someone)
        expect(cv.touching(someone.from).length).toBe(
          full.connections.filter((c) => c.from === someone.from || c.to === someone.from).length,
        );
    });
  }
});
