import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { generateCluster } from './generate';
import { withUdns } from './generate-udn';
import { analyze } from '../engine/analyze';
import { isEmptyConns } from '../engine/conn';
import { parseObjects } from '../io/k8s-to-model';
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
  it('every verdict of 40 random clusters with primary and secondary (C)UDNs (SEMANTICS §10)', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 6, max: 18 }),
        fc.integer({ min: 0, max: 7 }),
        (seed, endpoints, policies) => {
          const objs = withUdns(generateCluster(seed, { endpoints, policies, namespaces: 5 }), seed);
          const bad = firstDisagreement(objs);
          if (bad)
            throw new Error(
              `${bad}\n--- counter-example (seed ${seed}) ---\n${objs.map((o) => `---\n${dump(o)}`).join('')}`,
            );
        },
      ),
      { seed: 20261130, numRuns: 40 },
    );
  });
  it('the UDN clusters do exercise §10: every (C)UDN key, locked pairs, open ports, U11', () => {
    const model = parseObjects(
      withUdns(generateCluster(3, { endpoints: 18, policies: 4, namespaces: 5 }), 3),
    ).model;
    const r = analyze(model);
    expect([...new Set(r.connections.map((c) => c.network))].sort()).toEqual([
      'default',
      'ns0/flat',
      'ns1/mv',
      'ns2/tenant',
      'shared',
      'stor',
    ]);
    expect(r.connections.filter((c) => c.udnLock).length).toBeGreaterThan(10);
    expect(r.connections.some((c) => c.udnLock && !isEmptyConns(c.allowed))).toBe(true);
    expect(r.policies.find((p) => p.id === 'mnp:ns2/on-primary')?.networks).toEqual([]);
    expect(
      firstDisagreement(withUdns(generateCluster(3, { endpoints: 18, policies: 4, namespaces: 5 }), 3)),
    ).toBeUndefined();
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
  });
});
