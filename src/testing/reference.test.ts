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
  it('every verdict of 150 random clusters with AdminNetworkPolicies, BANP and ClusterNetworkPolicies', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 2, max: 14 }),
        fc.integer({ min: 0, max: 5 }),
        fc.integer({ min: 1, max: 5 }),
        (seed, endpoints, policies, adminPolicies) => {
          const objs = generateCluster(seed, { endpoints, policies, adminPolicies });
          const bad = firstDisagreement(objs);
          if (bad)
            throw new Error(
              `${bad}\n--- counter-example (seed ${seed}) ---\n${objs.map((o) => `---\n${dump(o)}`).join('')}`,
            );
        },
      ),
      { seed: 20261130, numRuns: 150 },
    );
  });
  it('a larger cluster agrees too', () => {
    expect(firstDisagreement(generateCluster(7, { endpoints: 60, policies: 25 }))).toBeUndefined();
    expect(
      firstDisagreement(generateCluster(8, { endpoints: 40, policies: 12, adminPolicies: 8 })),
    ).toBeUndefined();
  });
});
