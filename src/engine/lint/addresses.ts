import type { Member } from '../networks';
import { lowerBound, lowerBoundBig } from '../classes/search';

/**
 * A network's member addresses in order, per family, for the rules that ask "which members have
 * an address in this CIDR" (ipBlocks, cluster-policy networks): a range of entries found by
 * binary search, each entry with its member, the member's slot (its position in the network)
 * and bits saying what the member is, so a scan filters without reading the member.
 */

/** Bits of an entry: the member is not an External host. */
export const POD = 1;
/** Bits of an entry: the member's addresses can change (read from status, simulated). */
export const DYNAMIC_IP = 2;
/** (the member has one address: a scan meets it once) */
const SINGLE = 4;

/** Sources of addresses that change when the workload restarts. */
const DYNAMIC_SOURCES: ReadonlySet<string> = new Set([
  'status',
  'network-status',
  'ipam-simulated',
  'vmi-status',
]);

/** One family's entries, sorted by address (equal addresses in member order). */
interface Entries {
  readonly members: readonly Member[];
  readonly slots: Int32Array;
  readonly bits: Uint8Array;
}
interface V4 extends Entries {
  /** IPv4 as numbers (exact below 2^32): sorted as one typed array, no comparator */
  readonly keys: Float64Array;
}
interface V6 extends Entries {
  readonly keys: readonly bigint[];
}

/** Entries per network below this are numbered into the IPv4 sort key's low bits. */
const V4_SLOTS = 2 ** 21;

function bitsOf(m: Member): number {
  return (
    (m.endpoint.kind !== 'External' ? POD : 0) |
    (DYNAMIC_SOURCES.has(m.ipSource) ? DYNAMIC_IP : 0) |
    (m.ips.length === 1 ? SINGLE : 0)
  );
}

/** `order` (entry numbers in sorted order) applied to the entries' members, slots and bits. */
function entries(order: ArrayLike<number>, members: readonly Member[], slots: readonly number[]): Entries {
  const n = order.length;
  const out = { members: new Array<Member>(n), slots: new Int32Array(n), bits: new Uint8Array(n) };
  for (let j = 0; j < n; j++) {
    const i = order[j] as number;
    const m = members[i] as Member;
    out.members[j] = m;
    out.slots[j] = slots[i] as number;
    out.bits[j] = bitsOf(m);
  }
  return out;
}

export class AddressIndex {
  private constructor(
    private readonly v4: V4,
    private readonly v6: V6,
  ) {}

  static of(members: readonly Member[]): AddressIndex {
    const m4: Member[] = [];
    const s4: number[] = [];
    const k4: number[] = [];
    const m6: Member[] = [];
    const s6: number[] = [];
    const k6: bigint[] = [];
    for (let slot = 0; slot < members.length; slot++) {
      const m = members[slot] as Member;
      for (const ip of m.ips)
        if (ip.family === 4) {
          m4.push(m);
          s4.push(slot);
          k4.push(Number(ip.value));
        } else {
          m6.push(m);
          s6.push(slot);
          k6.push(ip.value);
        }
    }
    const n = k4.length;
    let order4: ArrayLike<number>;
    if (n < V4_SLOTS) {
      // address × slots + entry: one numeric sort keeps equal addresses in entry order (stable)
      const packed = new Float64Array(n);
      for (let i = 0; i < n; i++) packed[i] = (k4[i] as number) * V4_SLOTS + i;
      packed.sort();
      order4 = packed.map((x) => x % V4_SLOTS);
    } else order4 = k4.map((_, i) => i).sort((a, b) => (k4[a] as number) - (k4[b] as number));
    const order6 = k6
      .map((_, i) => i)
      .sort((a, b) => {
        const x = k6[a] as bigint;
        const y = k6[b] as bigint;
        return x < y ? -1 : x > y ? 1 : a - b;
      });
    const keys4 = Float64Array.from(order4, (i) => k4[i] as number);
    return new AddressIndex(
      { ...entries(order4, m4, s4), keys: keys4 },
      { ...entries(order6, m6, s6), keys: order6.map((i) => k6[i] as bigint) },
    );
  }

  /** The entries [lo, hi) of `family` with an address in [start, end]. */
  private range(family: 4 | 6, start: bigint, end: bigint): { t: Entries; lo: number; hi: number } {
    if (family === 4) {
      const keys = this.v4.keys;
      const lo = lowerBound(keys, Number(start));
      // (the first above `end`: end + 1 is exact below 2^53)
      return { t: this.v4, lo, hi: lowerBound(keys, Number(end) + 1) };
    }
    const keys = this.v6.keys;
    return { t: this.v6, lo: lowerBoundBig(keys, start), hi: lowerBoundBig(keys, end + 1n) };
  }

  /**
   * Members with an address in [start, end] (by family) whose bits hold `need` and that
   * `include` accepts (none: all), each once, in address order.
   */
  membersIn(family: 4 | 6, start: bigint, end: bigint, need = 0, include?: (m: Member) => boolean): Member[] {
    const { t, lo, hi } = this.range(family, start, end);
    const out: Member[] = [];
    let seen: Set<Member> | undefined;
    for (let k = lo; k < hi; k++) {
      const b = t.bits[k] as number;
      if ((b & need) !== need) continue;
      const m = t.members[k] as Member;
      // a member with one address is met once: only those with several need the set
      if (b & SINGLE) {
        if (!include || include(m)) out.push(m);
      } else if (!(seen ??= new Set()).has(m) && (!include || include(m))) {
        seen.add(m);
        out.push(m);
      }
    }
    return out;
  }

  /** The slots of `membersIn`'s members, in the same order. */
  slotsIn(family: 4 | 6, start: bigint, end: bigint, need = 0, include?: (m: Member) => boolean): Int32Array {
    const { t, lo, hi } = this.range(family, start, end);
    const out = new Int32Array(hi - lo);
    let n = 0;
    let seen: Set<number> | undefined;
    for (let k = lo; k < hi; k++) {
      const b = t.bits[k] as number;
      if ((b & need) !== need) continue;
      const s = t.slots[k] as number;
      if (b & SINGLE) {
        if (!include || include(t.members[k] as Member)) out[n++] = s;
      } else if (!(seen ??= new Set()).has(s) && (!include || include(t.members[k] as Member))) {
        seen.add(s);
        out[n++] = s;
      }
    }
    return out.slice(0, n);
  }
}
