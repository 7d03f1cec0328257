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
 * sides, tens of thousands of sets with a few hundred distinct ones: a set object seen before is
 * looked up by identity, a new one by a numeric hash and `equalConns` (no string per set).
 */
export class SetNumbers {
  readonly sets: ConnSet[] = [];
  private readonly byObject = new Map<ConnSet, number>();
  private readonly byHash = new Map<number, number[]>();

  numberOf(c: ConnSet): number {
    const known = this.byObject.get(c);
    if (known !== undefined) return known;
    const h = hashPorts(c.SCTP, hashPorts(c.UDP, hashPorts(c.TCP, c.ICMP ? 7 : 3)));
    let bucket = this.byHash.get(h);
    if (!bucket) this.byHash.set(h, (bucket = []));
    let n = bucket.find((k) => equalConns(this.sets[k] as ConnSet, c));
    if (n === undefined) {
      n = this.sets.length;
      this.sets.push(c);
      bucket.push(n);
    }
    this.byObject.set(c, n);
    return n;
  }

  /** The first set seen equal to `c`. */
  canonical(c: ConnSet): ConnSet {
    return this.sets[this.numberOf(c)] as ConnSet;
  }
}
