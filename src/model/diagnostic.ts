import type { DiagnosticCode } from './diagnostic-codes';

/** Where a diagnostic or a model object comes from in the user's text. */
export interface SourcePos {
  readonly file?: string;
  readonly line: number; // 1-based
  readonly column: number; // 1-based
}

/** Identifies a Kubernetes object in messages: kind plus namespace/name. */
export interface ObjectRef {
  readonly kind: string;
  readonly namespace?: string;
  readonly name: string;
}

export type Severity = 'error' | 'warning' | 'info';

/**
 * One shape for every expected failure or remark (parse errors, invalid fields, findings).
 * `field` is a path into the object, e.g. `spec.ingress[0].from[1].ipBlock.cidr`.
 */
export interface Diagnostic {
  readonly severity: Severity;
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly object?: ObjectRef;
  readonly field?: string;
  readonly file?: string;
  readonly line?: number;
  readonly column?: number;
  /** The fix, for people (`policyTypes: [Egress]`). */
  readonly fix?: string;
  /** The same fix as an edit the app applies: no text is parsed back. */
  readonly edit?: FixEdit;
}

/** Set `field` (a path such as `spec.policyTypes` or `spec.ingress[0].from[1].podSelector.matchLabels`) to `value`. */
export interface FixEdit {
  readonly field: string;
  readonly value: unknown;
}

/** A fix as producers give it: text alone, or text with its structured edit. */
export type Fix = string | { readonly text: string; readonly edit: FixEdit };

/** A fix that sets the field it is about to `value` (also its text). */
export function setField(field: string, value: string): Fix {
  return { text: value, edit: { field, value } };
}

export function objectLabel(ref: ObjectRef | undefined): string {
  if (!ref) return '';
  return ref.namespace ? `${ref.kind} ${ref.namespace}/${ref.name}` : `${ref.kind} ${ref.name}`;
}

/** "file:line:col: severity code: Kind ns/name field: message" — for terminals. */
export function formatDiagnostic(d: Diagnostic): string {
  const where = [d.file, d.line, d.column].filter((x) => x !== undefined).join(':');
  const obj = objectLabel(d.object);
  const head = [obj, d.field].filter(Boolean).join(' ');
  return `${where ? where + ': ' : ''}${d.severity} ${d.code}: ${head ? head + ': ' : ''}${d.message}`;
}
