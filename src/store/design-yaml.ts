import { dumpObject, serializeDesign, type DesignObject } from '../io/design';
import type { Json } from '../io/reader';

/** Each object's YAML while the object lives (objects are replaced, never changed, by an edit). */
const dumps = new WeakMap<Json, string>();

function dumped(obj: Json): string {
  let text = dumps.get(obj);
  if (text === undefined) dumps.set(obj, (text = dumpObject(obj)));
  return text;
}

/**
 * The design's YAML as `serializeDesign` writes it, from memoised per-object dumps: the autosave
 * after one edit or a drag costs a join, not a dump of every object (0.7 s at 5,000 workloads).
 */
export function designYaml(objects: readonly DesignObject[], title: string): string {
  return serializeDesign(objects, title, dumped);
}

const SLICE_MS = 8;
const pause = (): Promise<void> => new Promise((r) => setTimeout(r, 0));

/** Each object's part of the design's text (`---` and its dump, or its commented form). */
const parts = new WeakMap<Json, string>();
const HEAD_CUT = serializeDesign([], '').length;

function partOf(obj: Json): string {
  let text = parts.get(obj);
  if (text === undefined)
    parts.set(
      obj,
      (text = serializeDesign([{ id: '' as DesignObject['id'], obj }], '', dumped).slice(HEAD_CUT)),
    );
  return text;
}

/** The last order worked out: the kind at each position, and the positions in written order. */
let lastOrder: { readonly kinds: readonly unknown[]; readonly order: readonly number[] } = {
  kinds: [],
  order: [],
};

/**
 * The objects in the order `serializeDesign` writes them (its own order: kinds ranked, hosts
 * last). It depends on the kinds by position only, so an edit that changes no kind reuses the
 * last one (sorting 10,000 objects took 7-50 ms).
 */
function writtenOrder(objects: readonly DesignObject[]): Json[] {
  const kinds = lastOrder.kinds;
  const same = kinds.length === objects.length && objects.every((o, k) => o.obj.kind === kinds[k]);
  if (!same) {
    const at = new Map(objects.map((o, k) => [o.obj, k]));
    const order: number[] = [];
    serializeDesign(objects, '', (obj) => {
      order.push(at.get(obj) ?? 0);
      return '';
    });
    lastOrder = { kinds: objects.map((o) => o.obj.kind), order };
  }
  return lastOrder.order.map((k) => (objects[k] as DesignObject).obj);
}

/** Objects per run of the text kept between saves: an edit rebuilds its run, not 10,000 parts. */
const RUN = 256;
/** The last text's runs: their objects and their text. */
let runs: { readonly objs: readonly Json[]; readonly text: string }[] = [];

const sameObjs = (a: readonly Json[], b: readonly Json[]): boolean =>
  a.length === b.length && a.every((x, k) => x === b[k]);

/**
 * `designYaml` without holding the main thread: the objects not dumped yet (all of them after a
 * big import) are dumped a few milliseconds at a time, then the text is joined in runs of
 * objects, the runs unchanged since the last text reused (at 10,000 workloads one join of the
 * whole text held an edit's frame for 20-130 ms), yielding in between so edits and input go
 * first. Undefined when `stale()` says a newer design superseded this one meanwhile.
 */
export async function designYamlInSlices(
  objects: readonly DesignObject[],
  title: string,
  stale: () => boolean,
  sliceMs = SLICE_MS,
): Promise<string | undefined> {
  let start = Date.now();
  const due = async (): Promise<boolean> => {
    if (Date.now() - start < sliceMs) return false;
    await pause();
    start = Date.now();
    return stale();
  };
  for (const o of objects) {
    if (dumps.has(o.obj)) continue;
    dumped(o.obj);
    if (await due()) return undefined;
  }
  const order = writtenOrder(objects);
  const next: typeof runs = [];
  for (let i = 0; i < order.length; i += RUN) {
    const objs = order.slice(i, i + RUN);
    const kept = runs[next.length];
    if (kept && sameObjs(kept.objs, objs)) {
      next.push(kept);
      continue;
    }
    next.push({ objs, text: objs.map(partOf).join('') });
    if (await due()) return undefined;
  }
  runs = next;
  return serializeDesign([], title) + next.map((r) => r.text).join('');
}
