import { describe, expect, it } from 'vitest';
import { analyze } from '../analyze';
import { allows } from '../conn';
import { parseObjects } from '../../io/k8s-to-model';
import { firstDisagreement } from '../../testing/reference-check';

// Every kind of valid rule peer in one policy (an invalid one would have the API server reject
// the NetworkPolicy: the reference does not model that): a planned evaluation (plan.ts) reads which of them match
// from the peer's pattern bits; the reference asks each peer of each rule.
const ns = (name: string, labels: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Namespace',
  metadata: { name, labels },
});
const pod = (name: string, namespace: string, labels: Record<string, string>, ip: string, port?: number) => ({
  apiVersion: 'v1',
  kind: 'Pod',
  metadata: { name, namespace, labels },
  spec: port ? { containers: [{ name: 'c', ports: [{ name: 'metrics', containerPort: port }] }] } : {},
  status: { podIP: ip },
});
const objs = [
  ns('a', { env: 'prod' }),
  ns('b', { env: 'dev' }),
  pod('web', 'a', { app: 'web' }, '10.0.0.1', 9100),
  pod('db', 'a', { app: 'db' }, '10.0.0.2', 9200),
  pod('cli', 'b', { app: 'cli' }, '10.0.1.1'),
  pod('job', 'b', { app: 'job' }, '10.0.1.2', 9100),
  {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'mixed', namespace: 'a' },
    spec: {
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes: ['Ingress', 'Egress'],
      ingress: [
        // a selector of its namespace, and an ipBlock with an except
        {
          from: [
            { podSelector: { matchLabels: { app: 'web' } } },
            { ipBlock: { cidr: '10.0.1.0/24', except: ['10.0.1.2/32'] } },
          ],
          ports: [{ port: 5432 }],
        },
        // a namespace-wide peer
        { from: [{ namespaceSelector: { matchLabels: { env: 'dev' } } }], ports: [{ port: 'metrics' }] },
        // every peer, one port
        { ports: [{ protocol: 'UDP', port: 53 }] },
      ],
      egress: [
        {
          to: [{ namespaceSelector: {}, podSelector: { matchLabels: { app: 'job' } } }],
          ports: [{ port: 'metrics' }],
        },
      ],
    },
  },
];

describe('evaluation from pattern bits (plan.ts)', () => {
  it('agrees with the reference on every verdict, each kind of peer in one policy', () => {
    expect(firstDisagreement(objs)).toBeUndefined();
  });

  it('gives the verdicts each peer kind implies', () => {
    const r = analyze(parseObjects(objs).model);
    const conn = (from: string, to: string) =>
      r.connections.find((c) => c.from.endsWith(`/${from}`) && c.to.endsWith(`/${to}`))?.allowed;
    const db = (from: string) => conn(from, 'db');
    // web: the podSelector peer (TCP 5432); UDP 53 from every peer
    expect(allows(db('web')!, 'TCP', 5432)).toBe(true);
    expect(allows(db('web')!, 'UDP', 53)).toBe(true);
    expect(allows(db('web')!, 'TCP', 9200)).toBe(false);
    // cli: in the ipBlock (5432) and in a dev namespace (db's named port metrics = 9200)
    expect(allows(db('cli')!, 'TCP', 5432)).toBe(true);
    expect(allows(db('cli')!, 'TCP', 9200)).toBe(true);
    // job: the except leaves 5432 out; the namespace peer still admits metrics
    expect(allows(db('job')!, 'TCP', 5432)).toBe(false);
    expect(allows(db('job')!, 'TCP', 9200)).toBe(true);
    // egress: only to job, on its named port (9100)
    expect(allows(conn('db', 'job')!, 'TCP', 9100)).toBe(true);
    expect(allows(conn('db', 'web')!, 'TCP', 9100)).toBe(false);
    expect(allows(conn('db', 'web')!, 'ICMP', undefined)).toBe(false);
  });
});
