import type { Diagnostic } from '../model/diagnostic';
import { objectIdOfRef } from '../model/ids';
import { diagnosticAt } from '../model/report';
import type { Origin } from '../model/types';
import type { DesignObject } from '../io/design';
import type { YamlDocument } from '../io/yaml-documents';
import { lazyOrigin } from '../io/yaml-origin';

/**
 * Where each object read from a text came from, by the object itself. Design objects are
 * immutable (an edit replaces the edited object), so an object found here is still exactly as
 * the text had it and the text's lines still describe it; an edited object is a new object,
 * absent here, and its findings get no line (a stale line would point at the wrong place).
 */
const origins = new WeakMap<object, Origin>();

/** Remember where the objects of `documents` (read from `file`) are, `kind: List` items included. */
export function rememberOrigins(documents: readonly YamlDocument[], file: string): void {
  const visit = (value: unknown, doc: YamlDocument, prefix: string): void => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
    const v = value as { kind?: unknown; items?: unknown };
    if (typeof v.kind === 'string' && /List$/.test(v.kind) && Array.isArray(v.items)) {
      v.items.forEach((item, k) => visit(item, doc, prefix ? `${prefix}.items[${k}]` : `items[${k}]`));
      return;
    }
    origins.set(value, lazyOrigin(doc, file, prefix));
  };
  for (const doc of documents) visit(doc.value, doc, '');
}

/**
 * The line of each of `objects` in the text they were read from (0 when not known): what the
 * parse worker sends the page with a big import, one number an object, not the source maps
 * (objects cross to the page as copies, and the origins remembered in the worker stay there).
 */
export function linesOf(objects: readonly DesignObject[]): Int32Array {
  const out = new Int32Array(objects.length);
  objects.forEach((o, k) => (out[k] = origins.get(o.obj)?.line ?? 0));
  return out;
}

const NO_MAP: Origin['map'] = Object.freeze({});

/**
 * Remember the lines of `objects` (as `linesOf` gave them) in `file`: their findings name the
 * object's line (a text read here names the field's, from the source map).
 */
export function rememberLines(objects: readonly DesignObject[], lines: Int32Array, file: string): void {
  objects.forEach((o, k) => {
    const line = lines[k] ?? 0;
    if (line > 0) origins.set(o.obj, { file, doc: 0, line, map: NO_MAP });
  });
}

/** The objects by id, built once per objects array (a design of 10,000 objects is read per render). */
const byIdOf = new WeakMap<readonly DesignObject[], Map<string, object>>();

function objectsById(objects: readonly DesignObject[]): Map<string, object> {
  let m = byIdOf.get(objects);
  if (!m) byIdOf.set(objects, (m = new Map(objects.map((o) => [o.id, o.obj]))));
  return m;
}

/**
 * `list` with a file and line on each diagnostic that has none but is about an object of
 * `objects` still as its text had it (the engine reads models without source maps: the design's
 * model is derived from its objects). Diagnostics that cannot be placed are returned as they are.
 */
export function withTextLines(list: readonly Diagnostic[], objects: readonly DesignObject[]): Diagnostic[] {
  if (!list.some((d) => d.line === undefined && d.object)) return [...list];
  const byId = objectsById(objects);
  return list.map((d) => {
    if (d.line !== undefined || !d.object) return d;
    const obj = byId.get(objectIdOfRef(d.object));
    const origin = obj && origins.get(obj);
    if (!origin) return d;
    const at = diagnosticAt(d.object, origin, d.severity, d.code, d.field ?? '', d.message);
    if (at.line === undefined) return d;
    return {
      ...d,
      ...(at.file !== undefined ? { file: at.file } : {}),
      line: at.line,
      ...(at.column !== undefined ? { column: at.column } : {}),
    };
  });
}
