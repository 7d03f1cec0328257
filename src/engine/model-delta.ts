import type { Model } from '../model/types';
import { sameData } from './analysis/same-data';

/**
 * One list of the model as a change from the list the worker holds: `seq[i] >= 0` is the held
 * list's item at that index, `seq[i] < 0` is `fresh[-1 - seq[i]]`.
 */
export interface ListDelta {
  readonly seq: Int32Array;
  readonly fresh: readonly unknown[];
}

/**
 * A model as a change from the one the worker holds (the model of request `base`): only lists
 * that changed, and in them only new items travel. Posting the whole model copied every object on
 * each edit (about 40 ms at 5,000 workloads); a delta copies the edited object and a list of
 * indices. `null`: the (optional) list is gone.
 */
export interface ModelDelta {
  readonly base: number;
  readonly lists: Readonly<Record<string, ListDelta | null>>;
}

type Lists = Readonly<Record<string, readonly unknown[] | undefined>>;
const lists = (m: Model): Lists => m as unknown as Lists;

function listDelta(held: readonly unknown[], next: readonly unknown[]): ListDelta {
  const seq = new Int32Array(next.length);
  const fresh: unknown[] = [];
  let at: Map<unknown, number> | undefined;
  next.forEach((x, i) => {
    if (held[i] === x) {
      seq[i] = i;
      return;
    }
    // an insert or delete shifts the rest: find each item where it was held (an edit in place,
    // the list as long as before, needs no index of the held list)
    if (held.length !== next.length) at ??= new Map(held.map((v, k) => [v, k]));
    const k = at?.get(x);
    // a new object with the same data (a namespace only implied by its objects is rebuilt each time)
    if (k !== undefined) seq[i] = k;
    else if (i < held.length && sameData(held[i], x)) seq[i] = i;
    else seq[i] = -fresh.push(x); // -1 - (its index in fresh)
  });
  return { seq, fresh };
}

/** `next` as a change from `held` (the worker's copy of request `base`'s model), by object identity. */
export function modelDelta(held: Model, next: Model, base: number): ModelDelta {
  const a = lists(held);
  const b = lists(next);
  const out: Record<string, ListDelta | null> = {};
  for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
    const x = a[key];
    const y = b[key];
    if (x === y) continue;
    if (y === undefined) {
      out[key] = null;
      continue;
    }
    // each derive builds new lists: one whose items are all the held ones, in place, is no change
    const l = listDelta(x ?? [], y);
    if (l.fresh.length || y.length !== x?.length || l.seq.some((e, i) => e !== i)) out[key] = l;
  }
  return { base, lists: out };
}

/** The model a delta describes, reusing the held objects (the engine's caches see them unchanged). */
export function applyDelta(held: Model, d: ModelDelta): Model {
  const out: Record<string, readonly unknown[] | undefined> = { ...lists(held) };
  for (const [key, l] of Object.entries(d.lists)) {
    if (l === null) {
      delete out[key];
      continue;
    }
    const old = out[key] ?? [];
    out[key] = Array.from(l.seq, (e) => (e >= 0 ? old[e] : l.fresh[-1 - e]));
  }
  return out as unknown as Model;
}
