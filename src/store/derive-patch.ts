import type { Diagnostic } from '../model/diagnostic';
import type { Model } from '../model/types';
import type { DesignObject } from '../io/design';
import { parseObjects } from '../io/k8s-to-model';
import type { Contribution, Op } from '../io/model-builder';
import { designCache } from './derive-cache';

/** A derivation: the model of `derivedFrom` and its diagnostics (as `derive` gives them). */
export interface Derived {
  readonly model: Model;
  readonly modelDiagnostics: readonly Diagnostic[];
  readonly derivedFrom: readonly DesignObject[] | null;
}

/** Objects changed in place at most (more: the full join is as quick). */
const MAX_CHANGED = 16;

type ListField = 'namespaces' | 'nads' | 'policies' | 'clusterPolicies' | 'subnets' | 'nodes' | 'udns';

/** Where each keyed op's value lands in the model, and its key (as io/model-builder files them). */
const KEYED: Record<string, { field: ListField; key: (v: never) => string }> = {
  namespace: { field: 'namespaces', key: (v: { name: string }) => v.name },
  nad: { field: 'nads', key: (v: { key: string }) => v.key },
  policy: { field: 'policies', key: (v: { id: string }) => v.id },
  clusterPolicy: { field: 'clusterPolicies', key: (v: { id: string }) => v.id },
  subnet: { field: 'subnets', key: (v: { name: string }) => v.name },
  node: { field: 'nodes', key: (v: { name: string }) => v.name },
  udn: { field: 'udns', key: (v: { key: string }) => v.key },
};

type Field = ListField | 'endpoints' | 'ignored';
/** One value of the model replaced by another, in the same place. */
type Swap = { readonly field: Field; readonly from: object; readonly to: object };

/** The model's values of an object's endpoints (the builder makes each once: identity is kept). */
const endpointsOf = (obj: object): readonly object[] => parseObjects([obj], designCache).model.endpoints;

/**
 * The swaps that turn the model with `before` into the model with `after` in its place, or
 * undefined when the change is not a like-for-like replacement: diagnostics on either side,
 * other ops, a new key or id (a rename), values the join merged (VM + VMI) or replaced.
 */
function swapsOf(before: object, after: object, model: Model): Swap[] | undefined {
  const a = designCache.get(before);
  endpointsOf(after); // reads `after` into the cache
  const b = designCache.get(after);
  if (!a || !b || !sameShape(a, b)) return undefined;
  const out: Swap[] = [];
  const epA = endpointsOf(before);
  const epB = endpointsOf(after);
  let ep = 0;
  for (let k = 0; k < a.ops.length; k++) {
    const x = a.ops[k]?.op as Op;
    const y = b.ops[k]?.op as Op;
    if (x.t === 'ns' && y.t === 'ns') {
      if (x.name !== y.name) return undefined;
    } else if (x.t === 'endpoint' && y.t === 'endpoint') {
      const from = epA[ep];
      const to = epB[ep++];
      if (!from || !to || (from as { id: string }).id !== (to as { id: string }).id) return undefined;
      out.push({ field: 'endpoints', from, to });
    } else if (x.t === 'ignored' && y.t === 'ignored') {
      out.push({ field: 'ignored', from: x.v, to: y.v });
    } else if (x.t !== 'ns' && y.t !== 'ns' && x.t === y.t && KEYED[x.t]) {
      const { field, key } = KEYED[x.t] as (typeof KEYED)[string];
      if (key(x.v as never) !== key(y.v as never)) return undefined;
      out.push({ field, from: x.v, to: y.v });
    } else return undefined;
  }
  // each endpoint op made one value (no two of the object's own with one id)
  if (ep !== epA.length || ep !== epB.length) return undefined;
  return out.every((s) => (model[s.field] as readonly object[] | undefined)?.includes(s.from))
    ? out
    : undefined;
}

const sameShape = (a: Contribution, b: Contribution): boolean =>
  a.diagnostics.length === 0 &&
  b.diagnostics.length === 0 &&
  a.ops.length === b.ops.length &&
  a.ops.every((o, k) => o.op.t === b.ops[k]?.op.t);

/**
 * The model of `objects` from the model of `prev.derivedFrom` when `objects` is it with a few
 * objects replaced in place (a form edit): those objects' values swapped where they stand,
 * instead of joining every object's contribution again (issue 21: 10-50 ms and much garbage per
 * edit at 10,000 workloads, 250 ms when it met a collection). Undefined when that is not exactly
 * what the full join would give (see `swapsOf`), or when the design has duplicate objects (their
 * warnings depend on the order of the whole design).
 */
export function patchDerived(prev: Derived, objects: readonly DesignObject[]): Derived | undefined {
  const was = prev.derivedFrom;
  if (!was || was.length !== objects.length) return undefined;
  if (prev.modelDiagnostics.some((d) => d.code === 'duplicate-object')) return undefined;
  const swaps: Swap[] = [];
  let changed = 0;
  for (let k = 0; k < objects.length; k++) {
    const before = was[k] as DesignObject;
    const after = objects[k] as DesignObject;
    if (before === after || before.obj === after.obj) continue;
    if (++changed > MAX_CHANGED) return undefined;
    const s = swapsOf(before.obj, after.obj, prev.model);
    if (!s) return undefined;
    swaps.push(...s);
  }
  const lists = new Map<Field, object[]>();
  for (const s of swaps) {
    let list = lists.get(s.field);
    if (!list) lists.set(s.field, (list = [...((prev.model[s.field] as readonly object[]) ?? [])]));
    const at = list.indexOf(s.from);
    if (at < 0) return undefined; // two swaps of one value
    list[at] = s.to;
  }
  const model = { ...prev.model, ...Object.fromEntries(lists) } as Model;
  return { model, modelDiagnostics: prev.modelDiagnostics, derivedFrom: objects };
}
