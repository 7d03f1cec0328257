import type { Diagnostic, Fix, ObjectRef, Severity } from './diagnostic';
import type { Origin, Policy } from './types';
import type { DiagnosticCode } from './diagnostic-codes';

/** What a diagnostic says about a field: severity, code, field path, message and fix. */
export type FieldIssue = [
  severity: Severity,
  code: DiagnosticCode,
  field: string,
  message: string,
  fix?: Fix,
];

/** A diagnostic on a field of an object, with file/line/column from the object's source map. */
export function diagnosticAt(
  object: ObjectRef,
  origin: Origin | undefined,
  ...[severity, code, field, message, fix]: FieldIssue
): Diagnostic {
  const pos = origin?.map[field] ?? nearest(origin, field);
  return {
    severity,
    code,
    message,
    object,
    field,
    ...(origin?.file !== undefined ? { file: origin.file } : {}),
    ...(pos
      ? { line: pos.line, column: pos.column }
      : origin && origin.line > 0
        ? { line: origin.line }
        : {}),
    ...(typeof fix === 'string' ? { fix } : fix ? { fix: fix.text, edit: fix.edit } : {}),
  };
}

/** A diagnostic on a field of a policy. */
export function policyDiagnostic(
  p: Pick<Policy, 'kind' | 'namespace' | 'name' | 'origin'>,
  ...issue: FieldIssue
): Diagnostic {
  return diagnosticAt({ kind: p.kind, namespace: p.namespace, name: p.name }, p.origin, ...issue);
}

/** The closest mapped ancestor of a field path (`a.b[2].c` → `a.b[2]` → `a.b` → `a`). */
function nearest(origin: Origin | undefined, field: string): { line: number; column: number } | undefined {
  if (!origin) return undefined;
  let f = field;
  while (f) {
    const cut = Math.max(f.lastIndexOf('.'), f.lastIndexOf('['));
    if (cut <= 0) return undefined;
    f = f.slice(0, cut);
    const pos = origin.map[f];
    if (pos) return pos;
  }
  return undefined;
}
