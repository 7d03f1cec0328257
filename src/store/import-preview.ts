import type { Diagnostic } from '../model/diagnostic';
import { parseDesignYaml } from '../io/design';
import { parseObjects } from '../io/k8s-to-model';

/**
 * What importing `text` would report, without changing the design: unreadable documents and
 * the model's own problems with the objects (the same diagnostics Findings lists after import).
 */
export function previewImport(text: string): { objects: number; diagnostics: readonly Diagnostic[] } {
  const parsed = parseDesignYaml(text, 'import');
  const model = parseObjects(parsed.objects.map((o) => o.obj));
  return {
    objects: parsed.objects.length,
    diagnostics: [...parsed.diagnostics, ...model.diagnostics.filter((d) => d.code !== 'kind-ignored')],
  };
}

/** "1 problem", "2 problems". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
