import type { Diagnostic } from '../../model/diagnostic';
import { isObject, type Json } from '../reader';

type Seg = string | number;

/** `spec.ingress[0].from[1].ipBlock.cidr` → ['spec','ingress',0,'from',1,'ipBlock','cidr']. */
export function parsePath(field: string): Seg[] {
  const out: Seg[] = [];
  for (const part of field.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return [];
    if (m[1]) out.push(m[1]);
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

function getAt(o: unknown, path: readonly Seg[]): unknown {
  let cur = o;
  for (const s of path) {
    if (typeof s === 'number') cur = Array.isArray(cur) ? cur[s] : undefined;
    else cur = isObject(cur) ? cur[s] : undefined;
  }
  return cur;
}

function setAt(o: unknown, path: readonly Seg[], value: unknown): boolean {
  const parent = getAt(o, path.slice(0, -1));
  const last = path[path.length - 1];
  if (last === undefined) return false;
  if (typeof last === 'number' && Array.isArray(parent)) parent[last] = value;
  else if (typeof last === 'string' && isObject(parent)) (parent as Record<string, unknown>)[last] = value;
  else return false;
  return true;
}

/** A finding the app can fix in one click: its producer gave a structured edit. */
export function isFixable(d: Diagnostic): boolean {
  return d.edit !== undefined && parsePath(d.edit.field).length > 0;
}

/** Apply a finding's edit to its object; undefined when the object has no such place. */
export function applyFix(obj: Json, d: Diagnostic): Json | undefined {
  if (!d.edit) return undefined;
  const o = structuredClone(obj);
  const path = parsePath(d.edit.field);
  return path.length && setAt(o, path, structuredClone(d.edit.value)) ? o : undefined;
}
