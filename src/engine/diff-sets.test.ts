import { describe, expect, it } from 'vitest';
import { ALL_CONNS, NO_CONNS, equalConns, type ConnSet } from './conn';
import { SetNumbers } from './diff-sets';
import { normalize, type Interval } from './ports';
import { Rng } from '../testing/generate';

/** A random set from a small space, as a fresh object each time (equal sets, other objects). */
function randomSet(r: Rng): ConnSet {
  const ports = (): readonly Interval[] =>
    normalize(Array.from({ length: r.int(3) }, () => [r.pick([1, 53, 80, 443]), r.pick([80, 443, 65535])]));
  return { TCP: ports(), UDP: ports(), SCTP: r.chance(0.2) ? ports() : [], ICMP: r.chance(0.5) };
}

describe('SetNumbers', () => {
  it('gives equal sets, and only those, equal numbers; sets[n] is the first set seen', () => {
    const r = new Rng(5);
    const n = new SetNumbers();
    const sets = Array.from({ length: 2000 }, () => randomSet(r));
    const ids = sets.map((s) => n.numberOf(s));
    const wrong: [number, number][] = [];
    for (let i = 0; i < 300; i++)
      for (let j = 0; j < 300; j++)
        if ((ids[i] === ids[j]) !== equalConns(sets[i] as ConnSet, sets[j] as ConnSet)) wrong.push([i, j]);
    expect(wrong).toEqual([]);
    const first = ids.findIndex((id) => id === ids[7]);
    expect(n.sets[ids[7] as number]).toBe(sets[first]);
    expect(n.canonical({ ...(sets[7] as ConnSet) })).toBe(sets[first]);
    expect(new Set(ids).size).toBe(n.sets.length);
    expect(n.sets.length).toBeGreaterThan(20); // many sets, each many times
  });
  it('ALL and NO are two numbers, whatever objects spell them', () => {
    const n = new SetNumbers();
    expect(n.numberOf(NO_CONNS)).toBe(0);
    expect(n.numberOf(ALL_CONNS)).toBe(1);
    expect(n.numberOf({ TCP: [], UDP: [], SCTP: [], ICMP: false })).toBe(0);
    expect(n.numberOf({ TCP: [[1, 65535]], UDP: [[1, 65535]], SCTP: [[1, 65535]], ICMP: true })).toBe(1);
  });
});
