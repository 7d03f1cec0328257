import type { Diagnostic } from '../../model/diagnostic';
import type { Model } from '../../model/types';
import { parseDesignYaml, type DesignObject } from '../../io/design';
import { parseObjects } from '../../io/k8s-to-model';
import { designCache } from '../derive-cache';
import { rememberOrigins } from '../import-lines';
import type { ValidateHook } from '../../io/schema/schema-types';
import type { LoadProgress } from '../../io/yaml-documents';

/** An import read to the end: the objects, what the text had wrong, and the model derived from it. */
export interface ImportRead {
  readonly objects: readonly DesignObject[];
  /** Unreadable documents, unknown and wrongly typed fields (with lines). */
  readonly diagnostics: readonly Diagnostic[];
  /** The model of the objects, or of the design they were merged into (see `merged`). */
  readonly model: Model;
  readonly modelDiagnostics: readonly Diagnostic[];
  /** Objects of kinds that do not affect reachability, kept and ignored (info; not in findings). */
  readonly ignored?: readonly Diagnostic[];
  /** True when `model` is that of `mergeObjects(base, objects)` (a merge read in the worker). */
  readonly merged?: boolean;
}

/** A merge: an incoming object replaces the design's object of the same id in place; new ones follow. */
export function mergeObjects(
  existing: readonly DesignObject[],
  incoming: readonly DesignObject[],
): DesignObject[] {
  const byId = new Map(existing.map((o) => [o.id, o]));
  for (const o of incoming) byId.set(o.id, o);
  return [...byId.values()];
}

/**
 * Parse an import and convert it to the model: the same steps on the main thread (small texts)
 * and in the parse worker (big ones). `validate` is io/schema's strict field check, when loaded.
 */
export function readImport(
  text: string,
  validate?: ValidateHook,
  onProgress?: LoadProgress,
  base?: readonly DesignObject[],
  file = 'import',
): ImportRead {
  const parsed = parseDesignYaml(text, file, onProgress);
  // findings about these objects get their line in this text while they stay unedited
  rememberOrigins(parsed.documents, file);
  const own = parseObjects(
    parsed.objects.map((o) => o.obj),
    designCache,
  );
  const strict = validate ? validate(parsed.documents, file, own.diagnostics) : [];
  // a merge read in the worker derives the merged design's model there too, off the main thread
  const derived = base
    ? parseObjects(
        mergeObjects(base, parsed.objects).map((o) => o.obj),
        designCache,
      )
    : own;
  return {
    objects: parsed.objects,
    diagnostics: [...parsed.diagnostics, ...strict],
    model: derived.model,
    modelDiagnostics: derived.diagnostics.filter((d) => d.code !== 'kind-ignored'),
    ignored: own.diagnostics.filter((d) => d.code === 'kind-ignored'),
    ...(base ? { merged: true } : {}),
  };
}
