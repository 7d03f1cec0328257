import type { ClassCache } from './cache';
import type { Factor } from './state';
import { ints } from './ints';

/**
 * Namespace classes as the compact tables ship them: a class per namespace kind (kinds.ts), and
 * [slot, class] pairs for the factor's own namespaces (its peers without a namespaceSelector).
 * A namespace table's array has an entry per namespace slot of the cluster: shipped as such it
 * grew with namespaces x tables (285 MiB summed over the factors at 100,000 endpoints).
 */

/** Member → namespace kind (-1: a member no selector matches), in the cache's current numbering. */
export function nsKindsOf(cache: ClassCache, slotOf: Int32Array): Int32Array {
  if (cache.kinds.pending) cache.updateKinds();
  const bySlot = new Map<number, number>();
  return ints(slotOf.length, (i) => {
    const s = slotOf[i] as number;
    if (s <= 0) return -1;
    let k = bySlot.get(s);
    if (k === undefined) bySlot.set(s, (k = cache.kinds.nsKind(s, cache.slotNames, cache.namespaceLabels)));
    return k;
  });
}

export interface ShippedNs {
  readonly pairs: Int32Array;
  readonly kinds: Int32Array;
}

/** Per namespace table (its array) and kind numbering: what factors sharing the table ship. */
const shipped = new WeakMap<Int32Array, { serial: number; ns: ShippedNs }>();

/** Factor `f`'s namespace classes by namespace kind, and pairs for its own namespaces. */
export function shippedNs(cache: ClassCache, f: Factor<unknown>): ShippedNs {
  const serial = cache.kinds.serial;
  const held = shipped.get(f.nsOf);
  if (held && held.serial === serial) return held.ns;
  const own = new Set<number>();
  for (const x of f.nsw) {
    const s = x.ownNs === undefined ? undefined : cache.slots.get(x.ownNs);
    if (s !== undefined) own.add(s);
  }
  const pairs: number[] = [];
  const kinds: number[] = [];
  for (let s = 1; s < f.nsOf.length; s++) {
    const c = f.nsOf[s] as number;
    if (own.has(s)) pairs.push(s, c);
    // namespaces of one kind are alike for every namespaceSelector: one class per kind
    else kinds[cache.kinds.nsKind(s, cache.slotNames, cache.namespaceLabels)] = c;
  }
  const ns = { pairs: Int32Array.from(pairs), kinds: Int32Array.from(kinds, (c) => c ?? 0) };
  shipped.set(f.nsOf, { serial, ns });
  return ns;
}
