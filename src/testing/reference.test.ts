import fc from 'fast-check';
import { dump } from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { generateCluster } from './generate';
import { withUdns } from './generate-udn';
import { analyze } from '../engine/analyze';
import { isEmptyConns } from '../engine/conn';
import { parseObjects } from '../io/k8s-to-model';
import { firstDisagreement } from './reference-check';

const SEED = fc.integer({ min: 1, max: 2 ** 31 - 1 });
const between = (min: number, max: number) => fc.integer({ min, max });

/**
 * fast-check over random designs built from a seed and sizes: the engine and the reference agree
 * on every verdict, else the error shows the first disagreement and the design.
 */
function everyVerdictAgrees<N extends number[]>(
  sizes: { [K in keyof N]: fc.Arbitrary<N[K]> },
  build: (seed: number, n: N) => object[],
  params: { seed: number; numRuns: number },
): void {
  // one tuple of the seed and the sizes: the values fc.property(seed, ...sizes) would draw
  const arb = fc.tuple(SEED, ...(sizes as fc.Arbitrary<number>[])) as unknown as fc.Arbitrary<[number, ...N]>;
  fc.assert(
    fc.property(arb, ([seed, ...n]) => {
      const objs = build(seed, n);
      const bad = firstDisagreement(objs);
      if (bad)
        throw new Error(
          `${bad}\n--- counter-example (seed ${seed}) ---\n${objs.map((o) => `---\n${dump(o)}`).join('')}`,
        );
    }),
    params,
  );
}

describe('engine agrees with the reference evaluator on random designs (fast-check, fixed seed)', () => {
  it('every verdict of 150 random clusters', () => {
    everyVerdictAgrees(
      [between(2, 14), between(0, 7)],
      (seed, [endpoints, policies]) => generateCluster(seed, { endpoints, policies }),
      { seed: 20261124, numRuns: 150 },
    );
  });
  it('every verdict of 40 random clusters with primary and secondary (C)UDNs (SEMANTICS §10)', () => {
    everyVerdictAgrees(
      [between(6, 18), between(0, 7)],
      (seed, [endpoints, policies]) =>
        withUdns(generateCluster(seed, { endpoints, policies, namespaces: 5 }), seed),
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
    everyVerdictAgrees(
      [between(2, 14), between(0, 5), between(1, 5)],
      (seed, [endpoints, policies, adminPolicies]) =>
        generateCluster(seed, { endpoints, policies, adminPolicies }),
      { seed: 20261130, numRuns: 150 },
    );
  });
  it('a larger cluster agrees too', () => {
    expect(firstDisagreement(generateCluster(7, { endpoints: 60, policies: 25 }))).toBeUndefined();
  });
});
