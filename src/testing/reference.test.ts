import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { generateCluster } from './generate';
import { firstDisagreement } from './reference-check';

describe('engine agrees with the reference evaluator on random designs (fast-check, fixed seed)', () => {
  it('every verdict of 150 random clusters', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 2, max: 14 }),
        fc.integer({ min: 0, max: 7 }),
        (seed, endpoints, policies) => {
          const objs = generateCluster(seed, { endpoints, policies });
          const bad = firstDisagreement(objs);
          if (bad)
            throw new Error(
              `${bad}\n--- counter-example (seed ${seed}) ---\n${objs.map((o) => `---\n${dump(o)}`).join('')}`,
            );
        },
      ),
      { seed: 20261124, numRuns: 150 },
    );
  });
  it('a larger cluster agrees too', () => {
    expect(firstDisagreement(generateCluster(7, { endpoints: 60, policies: 25 }))).toBeUndefined();
  });
});
