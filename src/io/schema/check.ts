import { userMap } from '../../model/labels';
import type { SchemaNode, SchemaSet } from './schema-types';

/** A field the API server would refuse: unknown to the kind's schema, or of a type it cannot decode. */
export interface FieldProblem {
  readonly path: string;
  readonly problem: 'unknown' | 'type';
  /** For type problems: what the schema wants (`an integer`). */
  readonly want?: string;
  readonly got?: unknown;
}

export function schemaOf(set: SchemaSet, apiVersion: unknown, kind: unknown): SchemaNode | undefined {
  if (typeof apiVersion !== 'string' || typeof kind !== 'string') return undefined;
  return set.kinds[`${apiVersion}/${kind}`];
}

const WANT: Record<string, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'true or false',
  'int-or-string': 'a number or a string',
  p: 'a mapping',
  m: 'a mapping',
  a: 'a list',
};

function isMapping(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function scalarOk(node: SchemaNode, v: unknown): boolean {
  switch (node) {
    case 'string':
      return typeof v === 'string';
    case 'integer':
      return typeof v === 'number' && Number.isInteger(v);
    case 'number':
      return typeof v === 'number';
    case 'boolean':
      return typeof v === 'boolean';
    case 'int-or-string':
      return typeof v === 'number' || typeof v === 'string';
    default:
      return true;
  }
}

type Resolved = Exclude<SchemaNode, { readonly r: string }>;

function resolve(set: SchemaSet, node: SchemaNode): Resolved {
  let n = node;
  // shared types are named once; a missing name reads as open (never a false finding)
  while (typeof n === 'object' && 'r' in n) n = set.types[n.r] ?? 'any';
  return n;
}

const join = (path: string, key: string): string => (path ? `${path}.${key}` : key);

/**
 * Every unknown or wrongly typed field of `value` against `node`, as kubectl's strict field
 * validation reports them. A null is accepted anywhere (the API server reads it as "unset").
 */
export function checkValue(set: SchemaSet, node: SchemaNode, value: unknown, path = ''): FieldProblem[] {
  const out: FieldProblem[] = [];
  // the keys and indices down to the field being checked: its path is spelt out only for a
  // problem (almost every field has none, and a string per field was most of the check's time)
  const at: (string | number)[] = [];
  const pathOf = (extra?: string): string => {
    let p = path;
    for (const k of at) p = typeof k === 'number' ? `${p}[${k}]` : join(p, k);
    return extra === undefined ? p : join(p, extra);
  };
  const walk = (n0: SchemaNode, v: unknown): void => {
    if (v === null || v === undefined) return;
    const n = resolve(set, n0);
    if (n === 'any') return;
    if (typeof n === 'string') {
      if (!scalarOk(n, v)) out.push({ path: pathOf(), problem: 'type', want: WANT[n] as string, got: v });
      return;
    }
    if ('a' in n) {
      if (!Array.isArray(v)) out.push({ path: pathOf(), problem: 'type', want: WANT.a as string, got: v });
      else
        for (let k = 0; k < v.length; k++) {
          at.push(k);
          walk(n.a, v[k]);
          at.pop();
        }
      return;
    }
    if (!isMapping(v)) {
      out.push({ path: pathOf(), problem: 'type', want: WANT.p as string, got: v });
      return;
    }
    for (const k of Object.keys(v)) {
      const x = v[k];
      if ('m' in n) {
        at.push(k);
        walk(n.m, x);
        at.pop();
      } else if ('p' in n) {
        const child = Object.prototype.hasOwnProperty.call(n.p, k) ? n.p[k] : undefined;
        if (child === undefined) out.push({ path: pathOf(k), problem: 'unknown' });
        else {
          at.push(k);
          walk(child, x);
          at.pop();
        }
      }
    }
  };
  walk(node, value);
  return out;
}

/**
 * The object as the API server stores it without strict validation: unknown fields pruned.
 * Returns the same object when nothing is unknown (so unchanged objects stay shared).
 */
export function pruneUnknown<T>(set: SchemaSet, node: SchemaNode, value: T): T {
  const prune = (n0: SchemaNode, v: unknown): unknown => {
    const n = resolve(set, n0);
    if (v === null || typeof v !== 'object' || typeof n !== 'object') return v;
    if ('a' in n) {
      if (!Array.isArray(v)) return v;
      const items = v.map((x) => prune(n.a, x));
      return items.every((x, k) => x === v[k]) ? v : items;
    }
    if (!isMapping(v)) return v;
    let changed = false;
    const out = userMap<unknown>();
    for (const [k, x] of Object.entries(v)) {
      const child = 'm' in n ? n.m : Object.prototype.hasOwnProperty.call(n.p, k) ? n.p[k] : undefined;
      if (child === undefined) {
        changed = true;
        continue;
      }
      const y = prune(child, x);
      if (y !== x) changed = true;
      out[k] = y;
    }
    return changed ? out : v;
  };
  return prune(node, value) as T;
}
