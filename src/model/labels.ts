import type { Labels } from './types';

/**
 * User-written keys (labels, annotations) must never meet Object.prototype: a label key
 * `constructor` would read as a function and `__proto__` would vanish on assignment. Maps
 * of user keys are null-prototype objects, and every lookup goes through `labelValue`.
 */
export function userMap<V>(): Record<string, V> {
  return Object.create(null) as Record<string, V>;
}

/** The value of an own key, never an inherited one (`labels.constructor` is not a label). */
export function labelValue(labels: Labels, key: string): string | undefined {
  return Object.prototype.hasOwnProperty.call(labels, key) ? labels[key] : undefined;
}

export function hasLabel(labels: Labels, key: string): boolean {
  return Object.prototype.hasOwnProperty.call(labels, key);
}

/** A null-prototype copy of entries (keeps a `__proto__` key as data). */
export function userMapOf<V>(entries: Iterable<readonly [string, V]>): Record<string, V> {
  const out = userMap<V>();
  for (const [k, v] of entries) out[k] = v;
  return out;
}
