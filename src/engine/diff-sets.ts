import { equalConns, type ConnSet } from './conn';
import type { PortSet } from './ports';

const hashPorts = (p: PortSet, seed: number): number => {
  let h = seed;
  for (const [lo, hi] of p) h = (Math.imul(h, 31) + lo * 65536 + hi) | 0;
  return (Math.imul(h, 17) + p.length) | 0;
};

/**
 * Numbers for allowed sets: equal sets get equal numbers, and `sets[n]` is the first set seen
 * with number n (so equal sets can be compared by identity). A diff numbers the results of both
 * sides, a hundred thousand set objects and more, with a few hundred distinct sets: each is looked up
 * by a numeric hash and `equalConns`, no string per set and no map keyed by objects (both cost
 * several times more).
 */
export class SetNumbers {
  readonly sets: ConnSet[] = [];
  private readonly byHash = new Map<number, number[]>();

  numberOf(c: ConnSet): number {
    const h = hashPorts(c.SCTP, hashPorts(c.UDP, hashPorts(c.TCP, c.ICMP ? 7 : 3)));
    let bucket = this.byHash.get(h);
    if (!bucket) this.byHash.set(h, (bucket = []));
    for (const k of bucket) if (equalConns(this.sets[k] as ConnSet, c)) return k;
    const n = this.sets.length;
    this.sets.push(c);
    bucket.push(n);
    return n;
  }

  private readonly keys = new Map<string, number>();

  /** A number per distinct string (what a diff reads of a tier's part: `AllowedReader`). */
  keyNumber(key: string): number {
    let n = this.keys.get(key);
    if (n === undefined) this.keys.set(key, (n = this.keys.size));
    return n;
  }

  /** The first set seen equal to `c`. */
  canonical(c: ConnSet): ConnSet {
    return this.sets[this.numberOf(c)] as ConnSet;
  }
}
