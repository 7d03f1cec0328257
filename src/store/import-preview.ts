import type { Diagnostic } from '../model/diagnostic';
import { readImport } from './parse/read-import';
import { schemasNow } from './schemas';

/**
 * What importing `text` would report, without changing the design: unreadable documents, unknown
 * and wrongly typed fields (once the schemas are loaded) and the model's own problems with the
 * objects (the same diagnostics Findings lists after import).
 */
export function previewImport(text: string): { objects: number; diagnostics: readonly Diagnostic[] } {
  const read = readImport(text, schemasNow()?.validateStrict);
  return { objects: read.objects.length, diagnostics: [...read.diagnostics, ...read.modelDiagnostics] };
}

/** "1 problem", "2 problems". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
