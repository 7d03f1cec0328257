import type { ValidateHook } from './schema/schema-types';
import type { Diagnostic } from '../model/diagnostic';
import type { Contribution, Op } from './model-builder';
import { isObject } from './reader';
import { newYamlCache, type YamlCache, type YamlDocument } from './yaml-documents';
import { lazyOrigin } from './yaml-origin';

/**
 * What loads of texts sharing most documents (diff's two sides) share: each distinct document
 * text is parsed once (`YamlCache`: the same value object again), and a value read before
 * without a diagnostic is not read again: its objects are the same objects, whose origins name
 * the load that read them first (diff strips origins: only diagnostics use them, and a reading
 * with a diagnostic is always made again). A value the strict field check passed is not checked
 * again.
 */
export interface ParseCache {
  readonly yaml: YamlCache;
  readonly reads: WeakMap<object, Contribution>;
  readonly checked: WeakSet<object>;
}

export function newParseCache(): ParseCache {
  return { yaml: newYamlCache(), reads: new WeakMap(), checked: new WeakSet() };
}

/** A List's items have origins under a prefix: always read. */
const isList = (v: Readonly<Record<string, unknown>>) =>
  typeof v.kind === 'string' && /List$/.test(v.kind) && Array.isArray(v.items);

/**
 * `read()` of a document, or the reading of an equal value made before (same object: the same
 * text), its duplicate warnings pointing at this document (a duplicate depends on the load).
 */
export function readOnce(
  cache: ParseCache,
  doc: YamlDocument,
  file: string | undefined,
  read: () => Contribution,
): Contribution {
  const v = doc.value;
  if (!isObject(v) || isList(v)) return read();
  const known = cache.reads.get(v);
  if (!known) {
    const c = read();
    if (c.diagnostics.length === 0) cache.reads.set(v, c);
    return c;
  }
  const origin = lazyOrigin(doc, file, '');
  return {
    diagnostics: [],
    ops: known.ops.map(({ after, op }) =>
      'at' in op && op.at ? { after, op: { ...op, at: { ref: op.at.ref, origin } } as Op } : { after, op },
    ),
  };
}

/**
 * The strict field check of a load's documents, skipping values a load before passed. A load
 * marks its values passed only when neither its readers nor the check found anything (a finding
 * of the check is left out where a reader reported the same field, so with reader findings a
 * clean check says nothing about each value).
 */
export function checkOnce(
  cache: ParseCache | undefined,
  validate: ValidateHook,
  documents: readonly YamlDocument[],
  file: string | undefined,
  existing: readonly Diagnostic[],
): readonly Diagnostic[] {
  if (!cache) return validate(documents, file, existing);
  const todo = documents.filter((d) => !(isObject(d.value) && cache.checked.has(d.value)));
  const found = validate(todo, file, existing);
  if (found.length === 0 && existing.length === 0)
    for (const d of todo) if (isObject(d.value)) cache.checked.add(d.value);
  return found;
}
