import type { Diagnostic } from '../../model/diagnostic';
import type { Model } from '../../model/types';
import { parseDesignYaml, type DesignObject } from '../../io/design';
import { parseObjects } from '../../io/k8s-to-model';
import { designCache } from '../derive-cache';
import type { ValidateHook } from '../../io/schema/schema-types';
import type { LoadProgress } from '../../io/yaml-documents';

/** An import read to the end: the objects, what the text had wrong, and the model derived from it. */
export interface ImportRead {
  readonly objects: readonly DesignObject[];
  /** Unreadable documents, unknown and wrongly typed fields (with lines). */
  readonly diagnostics: readonly Diagnostic[];
  readonly model: Model;
  readonly modelDiagnostics: readonly Diagnostic[];
}

/**
 * Parse an import and convert it to the model: the same steps on the main thread (small texts)
 * and in the parse worker (big ones). `validate` is io/schema's strict field check, when loaded.
 */
export function readImport(text: string, validate?: ValidateHook, onProgress?: LoadProgress): ImportRead {
  const parsed = parseDesignYaml(text, 'import', onProgress);
  const derived = parseObjects(
    parsed.objects.map((o) => o.obj),
    designCache,
  );
  const modelDiagnostics = derived.diagnostics.filter((d) => d.code !== 'kind-ignored');
  const strict = validate ? validate(parsed.documents, 'import', derived.diagnostics) : [];
  return {
    objects: parsed.objects,
    diagnostics: [...parsed.diagnostics, ...strict],
    model: derived.model,
    modelDiagnostics,
  };
}
