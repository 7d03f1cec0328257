import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { connsKey, equalConns, type ConnSet } from './conn';
import { normalize, type Interval } from './ports';

// connsKey keys the cluster tiers' shared parts (classes/classify.ts partKey): equal sets must
// have equal keys and different sets different ones.
const ports = fc
  .array(fc.tuple(fc.integer({ min: 1, max: 300 }), fc.integer({ min: 0, max: 40 })), { maxLength: 6 })
  .map((xs) => normalize(xs.map(([lo, w]): Interval => [lo, lo + w])));
const conns: fc.Arbitrary<ConnSet> = fc.record({ TCP: ports, UDP: ports, SCTP: ports, ICMP: fc.boolean() });

describe('connsKey', () => {
  it('is equal exactly for equal connection sets', () => {
    fc.assert(
      fc.property(conns, conns, (a, b) => {
        expect(connsKey(a) === connsKey(b)).toBe(equalConns(a, b));
        expect(connsKey(a)).toBe(connsKey({ ...a, TCP: a.TCP.map((r) => [r[0], r[1]] as Interval) }));
      }),
      { numRuns: 500 },
    );
  });

  it('tells protocols apart', () => {
    const only = (p: 'TCP' | 'UDP' | 'SCTP'): ConnSet => ({
      TCP: [],
      UDP: [],
      SCTP: [],
      ICMP: false,
      [p]: [[80, 80]],
    });
    expect(new Set([connsKey(only('TCP')), connsKey(only('UDP')), connsKey(only('SCTP'))]).size).toBe(3);
    expect(connsKey({ TCP: [[80, 81]], UDP: [], SCTP: [], ICMP: true })).toBe('80-81,;;;1');
  });
});
