import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseObjects } from '../../io/k8s-to-model';
import { Analyzer } from '../analyze';
import { generateCluster, type Obj } from '../../testing/generate';
import { lintBefore } from '../../testing/lint-before/lint';
import { Linter } from './lint';

/**
 * M28 reads its rules' hits by kind of member (admin-shadow-groups.ts `kindsOf`: members alike
 * for every peer and subject of the cluster policies) instead of per label group and member.
 * On random designs with random AdminNetworkPolicies (up to 40 rules a direction, so hits
 * kept as bits and as text; selector, CIDR and nodes peers; named and numbered ports) the
 * findings must be exactly those of the per-workload algorithm kept in testing/lint-before.
 */
const NS_SELS: Obj[] = [
  {},
  { matchLabels: { env: 'prod' } },
  { matchLabels: { team: 'a' } },
  { matchLabels: { team: 'b' } },
];
const POD_SELS: (Obj | undefined)[] = [
  undefined,
  {},
  { matchLabels: { app: 'web' } },
  { matchLabels: { app: 'db' } },
  { matchExpressions: [{ key: 'app', operator: 'In', values: ['api', 'cache'] }] },
];
const CIDRS = ['10.0.0.0/16', '10.1.0.0/16', '0.0.0.0/0', '192.0.2.0/26', '10.0.0.3/32', '10.0.0.0/8'];
const PORTS: (Obj[] | undefined)[] = [
  undefined,
  [{ namedPort: 'http' }],
  [{ namedPort: 'dns' }],
  [{ portNumber: { protocol: 'TCP', port: 80 } }],
  [{ portNumber: { protocol: 'TCP', port: 8080 } }],
  [{ portRange: { protocol: 'TCP', start: 1, end: 9000 } }],
];

const selectorPeer = fc.oneof(
  fc.nat(NS_SELS.length - 1).map((n): Obj => ({ namespaces: NS_SELS[n] })),
  fc
    .tuple(fc.nat(NS_SELS.length - 1), fc.nat(POD_SELS.length - 1))
    .map(([n, p]): Obj => ({ pods: { namespaceSelector: NS_SELS[n], podSelector: POD_SELS[p] ?? {} } })),
);
// (ingress peers are namespaces or pods; egress ones networks too)
const peer = (dir: 'ingress' | 'egress') =>
  dir === 'ingress'
    ? selectorPeer
    : fc.oneof(
        selectorPeer,
        fc.subarray(CIDRS, { minLength: 1, maxLength: 2 }).map((networks): Obj => ({ networks })),
      );

const rule = (dir: 'ingress' | 'egress', k: number) =>
  fc
    .tuple(
      fc.constantFrom('Allow', 'Deny', 'Pass'),
      fc.array(peer(dir), { minLength: 1, maxLength: 2 }),
      fc.nat(PORTS.length - 1),
    )
    .map(([action, peers, ports]) => ({
      name: `${dir}-${k}`,
      action,
      [dir === 'ingress' ? 'from' : 'to']: peers,
      ...(PORTS[ports] ? { ports: PORTS[ports] } : {}),
    }));

const rules = (dir: 'ingress' | 'egress') =>
  fc
    .integer({ min: 0, max: 40 })
    .chain((n) => fc.tuple(...Array.from({ length: n }, (_, k) => rule(dir, k))));

const anp = (i: number) =>
  fc
    .tuple(
      fc.nat(NS_SELS.length - 1),
      fc.nat(POD_SELS.length - 1),
      rules('ingress'),
      rules('egress'),
      fc.nat(3),
    )
    .map(([n, p, ingress, egress, priority]): Obj => ({
      apiVersion: 'policy.networking.k8s.io/v1alpha1',
      kind: 'AdminNetworkPolicy',
      metadata: { name: `prop${i}` },
      spec: {
        priority,
        subject: POD_SELS[p]
          ? { pods: { namespaceSelector: NS_SELS[n], podSelector: POD_SELS[p] } }
          : { namespaces: NS_SELS[n] },
        ingress,
        egress,
      },
    }));

describe('M28 by kind of member agrees with the per-workload algorithm', () => {
  it('random designs and cluster policies: the same findings, fresh and with a kept Linter', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 1, max: 2 ** 31 - 1 }),
        fc.integer({ min: 20, max: 160 }),
        fc.integer({ min: 1, max: 3 }).chain((n) => fc.tuple(...Array.from({ length: n }, (_, i) => anp(i)))),
        (seed, endpoints, policies) => {
          const objs = [
            ...generateCluster(seed, { endpoints, policies: endpoints / 4, adminPolicies: 2, namespaces: 5 }),
            ...policies,
          ];
          const model = parseObjects(objs).model;
          const analyzer = new Analyzer();
          const compiled = analyzer.compile(model);
          const expected = lintBefore(model, new Analyzer().compile(model));
          const linter = new Linter();
          expect(linter.lint(model, compiled, analyzer.world)).toEqual(expected);
          // a second run of the same Linter reads its kept findings (ShadowTables)
          expect(linter.lint(model, compiled, analyzer.world)).toEqual(expected);
        },
      ),
      { numRuns: 40, seed: 2026 },
    );
  });
});
