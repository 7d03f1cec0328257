import { policyId } from '../../model/ids';
import { describe, expect, it } from 'vitest';
import { emptyModel, type Model, type Peer, type Rule } from '../../model/types';
import { compileModel } from '../analyze';
import { coverFinder, ruleCovered } from './coverage';
import { lint } from './lint';

// Issue 20 item 15: linting one policy with 10,000 rules is not quadratic (it took 15-25 s).
function bigPolicy(n: number): Model {
  const ingress: Rule[] = [];
  for (let k = 0; k < n; k++) {
    if (k < 50) ingress.push({ peers: [{ podSelector: { matchLabels: { app: `a${k}` } } }] });
    else if (k % 2 === 0)
      ingress.push({
        peers: [{ podSelector: { matchLabels: { app: `a${k % 50}` } } }],
        ports: [{ port: 1 + (k % 60000) }],
      });
    else
      ingress.push({
        peers: [{ ipBlock: { cidr: `10.${k >> 8}.${k & 255}.0/24` } }],
        ports: [{ protocol: 'UDP', port: 53 }],
      });
  }
  return {
    ...emptyModel(),
    namespaces: [{ name: 'x', labels: { team: 'a' }, declared: true }],
    policies: [
      {
        id: policyId('NetworkPolicy', 'x', 'big'),
        kind: 'NetworkPolicy',
        name: 'big',
        namespace: 'x',
        podSelector: {},
        ingress,
      },
    ],
  };
}

describe('lint scale', () => {
  it('a policy with 10,000 rules: every covered rule found (half are covered by nothing), in linear time', () => {
    const time = (model: Model): number => {
      const t = performance.now();
      lint(model);
      return performance.now() - t;
    };
    time(bigPolicy(1_000)); // warm up the JIT
    const small = Math.min(time(bigPolicy(1_000)), time(bigPolicy(1_000)));
    const model = bigPolicy(10_000);
    const t = performance.now();
    const found = lint(model).filter((d) => d.code === 'shadowed-rule');
    const ms = performance.now() - t;
    // even rules from 50 on are covered by rule k % 50; the odd ones (distinct /24s) by nothing
    expect(found.length).toBe((10_000 - 50) / 2);
    expect(found[0]?.message).toBe(
      'ingress rule 50 is fully covered by rule 0 of this policy and adds nothing',
    );
    expect(found.at(-1)?.message).toBe(
      'ingress rule 9998 is fully covered by rule 48 of this policy and adds nothing',
    );
    // ten times the rules: about ten times the time (the pairwise scan took a hundred times)
    expect(ms / small).toBeLessThan(30);
  });
});

describe('coverFinder', () => {
  it('finds the same covering rule as a scan of every pair (random policies)', () => {
    let seed = 7;
    const rnd = (n: number): number => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    const peer = () =>
      [
        { podSelector: { matchLabels: { app: `a${rnd(3)}` } } },
        { namespaceSelector: {} },
        { podSelector: {} },
        { ipBlock: { cidr: `10.${rnd(2)}.0.0/${[8, 16, 24][rnd(3)]}` } },
        { ipBlock: { cidr: '10.0.0.0/8', except: ['10.0.0.0/16'] } },
      ][rnd(5)] as Peer;
    for (let trial = 0; trial < 200; trial++) {
      const ingress: Rule[] = Array.from({ length: 1 + rnd(8) }, () => ({
        ...(rnd(4) ? { peers: Array.from({ length: 1 + rnd(2) }, peer) } : {}),
        ...(rnd(3) ? { ports: [{ port: 80 + rnd(3), ...(rnd(2) ? { endPort: 90 } : {}) }] } : {}),
      }));
      const model: Model = {
        ...emptyModel(),
        policies: [
          {
            id: policyId('NetworkPolicy', 'x', 'p'),
            kind: 'NetworkPolicy',
            name: 'p',
            namespace: 'x',
            podSelector: {},
            ingress,
          },
        ],
      };
      const rules = [...compileModel(model).policies.values()][0]?.ingressRules ?? [];
      // the index (a scan runs below 12 rules: compared with the brute force too)
      const find = coverFinder(rules, 0);
      const scan = coverFinder(rules);
      for (const a of rules) {
        const brute = rules.find(
          (b) => b.index !== a.index && ruleCovered(a, b) && !(ruleCovered(b, a) && b.index > a.index),
        );
        expect(find(a)?.index).toBe(brute?.index);
        expect(scan(a)?.index).toBe(brute?.index);
      }
    }
  });
});
