/**
 * Port sets as canonical interval lists: sorted, disjoint, non-adjacent, inclusive
 * [lo, hi] pairs within [1, 65535]. Equality is structural on the canonical form.
 */
export type Interval = readonly [number, number];
export type PortSet = readonly Interval[];

export const MIN_PORT = 1;
export const MAX_PORT = 65535;
export const ALL_PORTS: PortSet = [[MIN_PORT, MAX_PORT]];
export const NO_PORTS: PortSet = [];

/** Canonicalise any list of intervals (clamped to the port range). */
export function normalize(intervals: readonly Interval[]): PortSet {
  const sorted = intervals
    .map(([a, b]): Interval => [Math.max(MIN_PORT, a), Math.min(MAX_PORT, b)])
    .filter(([a, b]) => a <= b)
    .sort((x, y) => x[0] - y[0] || x[1] - y[1]);
  const out: [number, number][] = [];
  for (const [a, b] of sorted) {
    const last = out[out.length - 1];
    if (last && a <= last[1] + 1) last[1] = Math.max(last[1], b);
    else out.push([a, b]);
  }
  return out;
}

export function range(lo: number, hi: number = lo): PortSet {
  return normalize([[lo, hi]]);
}

export function union(a: PortSet, b: PortSet): PortSet {
  if (a.length === 0 || a === b) return b;
  if (b.length === 0) return a;
  // both canonical: merged in one pass (this runs per rule of every evaluation)
  const out: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = (
      j >= b.length || (i < a.length && (a[i] as Interval)[0] <= (b[j] as Interval)[0]) ? a[i++] : b[j++]
    ) as Interval;
    const last = out[out.length - 1];
    if (last && x[0] <= last[1] + 1) last[1] = Math.max(last[1], x[1]);
    else out.push([x[0], x[1]]);
  }
  // (a side that holds the other is returned itself: results then share their port sets)
  return equals(out, a) ? a : equals(out, b) ? b : out;
}

export function intersect(a: PortSet, b: PortSet): PortSet {
  if (a === b) return a;
  if (!a.length || !b.length) return NO_PORTS;
  const out: Interval[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length && j < b.length) {
    const x = a[i] as Interval;
    const y = b[j] as Interval;
    const lo = Math.max(x[0], y[0]);
    const hi = Math.min(x[1], y[1]);
    if (lo <= hi) out.push([lo, hi]);
    if (x[1] < y[1]) i++;
    else j++;
  }
  return sameAs(out, a, b);
}

export function subtract(a: PortSet, b: PortSet): PortSet {
  if (!a.length || !b.length) return a;
  const out: Interval[] = [];
  // (indexed loops: iterators allocate until the code is optimised, and this runs per step)
  for (let i = 0; i < a.length; i++) {
    const x = a[i] as Interval;
    const hi = x[1];
    let lo = x[0];
    for (let j = 0; j < b.length; j++) {
      const y = b[j] as Interval;
      const blo = y[0];
      const bhi = y[1];
      if (bhi < lo || blo > hi) continue;
      if (blo > lo) out.push([lo, blo - 1]);
      lo = Math.max(lo, bhi + 1);
      if (lo > hi) break;
    }
    if (lo <= hi) out.push([lo, hi]);
  }
  return sameAs(out, a);
}

/** `out`, or an operand equal to it (results are shared, never changed), or NO_PORTS when empty. */
function sameAs(out: PortSet, a: PortSet, b?: PortSet): PortSet {
  if (!out.length) return NO_PORTS;
  if (equals(out, a)) return a;
  if (b && equals(out, b)) return b;
  return out;
}

export function contains(a: PortSet, port: number): boolean {
  return a.some(([lo, hi]) => port >= lo && port <= hi);
}

export function equals(a: PortSet, b: PortSet): boolean {
  if (a.length !== b.length) return false;
  // (a loop: unions and the answer's interner call this per result)
  for (let k = 0; k < a.length; k++) {
    const x = a[k] as Interval;
    const y = b[k] as Interval;
    if (x[0] !== y[0] || x[1] !== y[1]) return false;
  }
  return true;
}

export function size(a: PortSet): number {
  return a.reduce((n, [lo, hi]) => n + hi - lo + 1, 0);
}

/** "80,443,8000-8999" or "all" / "none". */
export function formatPorts(a: PortSet): string {
  if (a.length === 0) return 'none';
  if (equals(a, ALL_PORTS)) return 'all';
  return a.map(([lo, hi]) => (lo === hi ? `${lo}` : `${lo}-${hi}`)).join(',');
}
