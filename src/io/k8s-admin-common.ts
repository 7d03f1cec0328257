import type { ClusterPolicyKind, LabelSelector } from '../model/types';
import { readSelector } from './k8s-selectors';
import { isObject, type FieldReader, type Json } from './reader';

/** Shared checks of the cluster-policy readers: every CRD violation rejects the object (R9.13). */

export const CODE = 'cluster-policy-invalid';
export const PROTOS = ['TCP', 'UDP', 'SCTP'];

export interface Ctx {
  readonly r: FieldReader;
  readonly kind: ClusterPolicyKind;
  problems: string[];
}

export function reject(ctx: Ctx, field: string, message: string, fix?: string): void {
  ctx.problems.push(field);
  ctx.r.report(
    'error',
    CODE,
    field,
    `${message}; the API server rejects this ${ctx.kind}, so it is not applied`,
    fix,
  );
}

export function unknownFields(ctx: Ctx, o: Json, allowed: readonly string[], field: string): void {
  for (const k of Object.keys(o))
    if (!allowed.includes(k)) {
      const removed = k === 'sameLabels' || k === 'notSameLabels' ? ' (removed from the API in v0.1.3)' : '';
      reject(ctx, `${field}.${k}`, `unknown field "${k}"${removed}`);
    }
}

/** The object at `field` (empty when absent), its unknown fields rejected. */
export function strictObject(ctx: Ctx, v: unknown, field: string, allowed: readonly string[]): Json {
  const o = ctx.r.object(v, field) ?? {};
  unknownFields(ctx, o, allowed, field);
  return o;
}

/** A label selector, strictly: an unknown field (e.g. the removed `sameLabels`) rejects the object. */
export function selector(ctx: Ctx, v: unknown, field: string): LabelSelector | undefined {
  if (!isObject(v)) return readSelector(ctx.r, v, field);
  const known = ['matchLabels', 'matchExpressions'];
  unknownFields(ctx, v, known, field);
  return readSelector(ctx.r, Object.fromEntries(Object.entries(v).filter(([k]) => known.includes(k))), field);
}

/** A selector the CRD requires (`{}` = all); missing → rejected. */
export function requiredSelector(ctx: Ctx, v: unknown, field: string): LabelSelector {
  const s = selector(ctx, v, field);
  if (!s) reject(ctx, field, `${field.split('.').pop() ?? field} is required`);
  return s ?? {};
}

/** Exactly one of `keys` set (a nil pointer does not count). */
export function oneOf(
  ctx: Ctx,
  o: Json,
  keys: readonly string[],
  field: string,
  what: string,
): string | undefined {
  const set = keys.filter((k) => o[k] !== undefined && o[k] !== null);
  if (set.length === 1) return set[0];
  reject(
    ctx,
    field,
    set.length === 0
      ? `${what} needs exactly one of ${keys.join(', ')}; it has none`
      : `${what} needs exactly one of ${keys.join(', ')}; it has ${set.join(' and ')}`,
  );
  return undefined;
}
