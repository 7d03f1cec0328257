import { describe, expect, it } from 'vitest';
import { Analyzer, analyze } from '../analyze';
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

describe('results by the rules they hit (plan.ts hitsKey)', () => {
  // db admits 5432 from either of two selectors of one rule, and 9100 by name from one of them
  const policy = {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'NetworkPolicy',
    metadata: { name: 'db-in', namespace: 'a' },
    spec: {
      podSelector: { matchLabels: { app: 'db' } },
      policyTypes: ['Ingress'],
      ingress: [
        {
          from: [
            { podSelector: { matchLabels: { role: 'front' } } },
            { podSelector: { matchLabels: { app: 'web' } } },
          ],
          ports: [{ port: 5432 }],
        },
        { from: [{ podSelector: { matchLabels: { app: 'metrics' } } }], ports: [{ port: 'metrics' }] },
      ],
    },
  };
  const model = parseObjects([
    ns('a', {}),
    pod('db', 'a', { app: 'db' }, '10.0.0.1', 9200),
    pod('db2', 'a', { app: 'db', tier: 'x' }, '10.0.0.5', 9300),
    pod('web', 'a', { app: 'web' }, '10.0.0.2'),
    pod('front', 'a', { role: 'front' }, '10.0.0.3'),
    pod('both', 'a', { app: 'web', role: 'front' }, '10.0.0.4'),
    pod('metrics', 'a', { app: 'metrics' }, '10.0.0.6'),
    policy,
  ]).model;
  const v = new Analyzer().classes(model).classes[0]!.classes;
  const at = (name: string) => v.members.findIndex((m) => m.endpoint.name === name);
  const into = (from: string, to: string) => v.ingress(at(from), at(to));

  it('shares one result among peers matching different peers of the same rules', () => {
    const r = into('web', 'db');
    expect(r).toMatchObject({ isolated: true, rules: [{ policy: 'netpol:a/db-in', rule: 0 }] });
    expect(into('front', 'db')).toBe(r);
    expect(into('both', 'db')).toBe(r);
  });

  it('keeps results apart where a hit rule names ports the destinations resolve differently', () => {
    // no named rule hit: db and db2 (other named ports) share the result
    expect(into('web', 'db2')).toBe(into('web', 'db'));
    const m1 = into('metrics', 'db');
    const m2 = into('metrics', 'db2');
    expect(m1).not.toBe(m2);
    expect(m1.isolated && allows(m1.allowed, 'TCP', 9200)).toBe(true);
    expect(m2.isolated && allows(m2.allowed, 'TCP', 9300)).toBe(true);
    expect(m2.isolated && allows(m2.allowed, 'TCP', 9200)).toBe(false);
  });
});
