import type { Diagnostic } from '../model/diagnostic';
import type { Model } from '../model/types';
import type { DesignObject } from '../io/design';
import { objectIdOfRef } from '../model/ids';
import { parseManifests } from '../io/k8s-to-model';
import { readImport } from './parse/read-import';
import { schemasNow } from './schemas';
import { withTextLines } from './import-lines';

/**
 * What importing `text` would report, without changing the design: unreadable documents, unknown
 * and wrongly typed fields (once the schemas are loaded) and the model's own problems with the
 * objects (the same diagnostics Findings lists after import); `notes`: objects of kinds kept but
 * ignored (an unknown CRD was not mentioned anywhere before).
 */
export function previewImport(text: string): {
  objects: number;
  diagnostics: readonly Diagnostic[];
  notes: readonly Diagnostic[];
  /** The text's model and objects: the engine's compile check of the preview (`checkImport`). */
  read: { readonly model: Model; readonly objects: readonly DesignObject[] };
} {
  const read = readImport(text, schemasNow()?.validateStrict);
  // the model's problems come from the parsed objects, which have no lines: take each one's line
  // from a read of the text itself (the same problem, object and field)
  const lined = parseManifests([{ text, file: 'import' }]).diagnostics;
  const key = (d: Diagnostic): string =>
    `${d.code}\u0000${d.message}\u0000${d.field ?? ''}\u0000${d.object ? objectIdOfRef(d.object) : ''}`;
  const byKey = new Map(lined.filter((d) => d.line !== undefined).map((d) => [key(d), d]));
  const withLine = (d: Diagnostic): Diagnostic => (d.line !== undefined ? d : (byKey.get(key(d)) ?? d));
  return {
    objects: read.objects.length,
    diagnostics: [...read.diagnostics, ...read.modelDiagnostics.map(withLine)],
    notes: (read.ignored ?? []).map(withLine),
    read: { model: read.model, objects: read.objects },
  };
}

/**
 * The preview's problems with the engine's compile diagnostics of its model added (API
 * validation the engine does when it compiles: CIDRs, ports, selectors), each placed at its line
 * in the text and listed once.
 */
export function withCompileCheck(
  diagnostics: readonly Diagnostic[],
  read: { readonly objects: readonly DesignObject[] },
  checked: readonly Diagnostic[],
): Diagnostic[] {
  const key = (d: Diagnostic): string =>
    `${d.code}\u0000${d.field ?? ''}\u0000${d.object ? objectIdOfRef(d.object) : ''}\u0000${d.message}`;
  const seen = new Set(diagnostics.map(key));
  const added = withTextLines(checked, read.objects).filter((d) => !seen.has(key(d)) && seen.add(key(d)));
  return [...diagnostics, ...added];
}

/** Why a replacing import is refused: it would leave an empty design (nothing could be read). */
export function emptyReplace(read: { objects: readonly unknown[] }, mode: 'replace' | 'merge'): boolean {
  return mode === 'replace' && read.objects.length === 0;
}

/** "1 problem", "2 problems". */
export function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
