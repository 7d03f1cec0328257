import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  ALL_PORTS,
  contains,
  equals,
  formatPorts,
  intersect,
  normalize,
  range,
  subtract,
  union,
} from './ports';

describe('port interval algebra', () => {
  it('normalizes: sorts, merges overlapping and adjacent, clamps', () => {
    expect(
      normalize([
        [90, 100],
        [1, 5],
        [6, 10],
        [0, 0],
        [65530, 70000],
      ]),
    ).toEqual([
      [1, 10],
      [90, 100],
      [65530, 65535],
    ]);
  });
  it('union, intersect, subtract', () => {
    const a = normalize([
      [1, 10],
      [20, 30],
    ]);
    const b = normalize([[5, 25]]);
    expect(union(a, b)).toEqual([[1, 30]]);
    expect(intersect(a, b)).toEqual([
      [5, 10],
      [20, 25],
    ]);
    expect(subtract(a, b)).toEqual([
      [1, 4],
      [26, 30],
    ]);
    expect(subtract(ALL_PORTS, range(80))).toEqual([
      [1, 79],
      [81, 65535],
    ]);
  });
  it('laws on random sets: A∪B ⊇ A, A∩B ⊆ A, (A−B)∩B = ∅, (A−B)∪(A∩B) = A', () => {
    let seed = 7;
    const rnd = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2147483648), seed % n);
    for (let k = 0; k < 300; k++) {
      const mk = () =>
        normalize(
          Array.from({ length: rnd(5) }, () => {
            const lo = 1 + rnd(200);
            return [lo, lo + rnd(30)] as const;
          }),
        );
      const a = mk();
      const b = mk();
      expect(equals(intersect(union(a, b), a), a)).toBe(true);
      expect(equals(intersect(intersect(a, b), a), intersect(a, b))).toBe(true);
      expect(intersect(subtract(a, b), b)).toEqual([]);
      expect(equals(union(subtract(a, b), intersect(a, b)), a)).toBe(true);
      for (let p = 1; p < 240; p += 7)
        expect(contains(union(a, b), p)).toBe(contains(a, p) || contains(b, p));
    }
  });
  it('formats', () => {
    expect(
      formatPorts(
        normalize([
          [80, 80],
          [8000, 8999],
        ]),
      ),
    ).toBe('80,8000-8999');
    expect(formatPorts(ALL_PORTS)).toBe('all');
    expect(formatPorts([])).toBe('none');
  });
  it('union merges two canonical sets exactly as normalizing their concatenation', () => {
    const set = fc
      .array(fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 40 })), { maxLength: 8 })
      .map((xs) => normalize(xs.map(([lo, len]): [number, number] => [lo, lo + len])));
    fc.assert(
      fc.property(set, set, (a, b) => {
        const u = union(a, b);
        expect(u).toEqual(normalize([...a, ...b]));
        // a side holding the other comes back itself
        if (a.length && equals(u, a)) expect(u).toBe(a);
        else if (equals(u, b)) expect(u).toBe(b);
      }),
      { numRuns: 500 },
    );
  });
});
