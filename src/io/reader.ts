import type { DiagnosticCode } from '../model/diagnostic-codes';
import type { Diagnostic, ObjectRef, Severity } from '../model/diagnostic';
import { userMap } from '../model/labels';
import { diagnosticAt } from '../model/report';
import { labelKeyProblem, labelValueProblem } from './k8s-names';
import type { Origin } from '../model/types';

export type Json = Readonly<Record<string, unknown>>;

export function isObject(v: unknown): v is Json {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/**
 * Reads fields of one Kubernetes object with type checks; every problem becomes a
 * Diagnostic naming the object, the field path and its line.
 */
export class FieldReader {
  constructor(
    readonly ref: ObjectRef,
    readonly origin: Origin,
    private readonly sink: Diagnostic[],
    /** Prefix of this object's paths in the document's source map (for List items). */
    private readonly prefix = '',
  ) {}

  /**
   * True once a field had a type the API server cannot decode: kubectl then rejects the whole
   * object (`cannot unmarshal ...`), so it would not exist in the cluster (SEMANTICS R1.4).
   */
  rejected = false;
  /** What the reader does with such a field, said in the message (policies: not applied). */
  consequence = 'the field was ignored';
  /** What follows from a value the API server's validation refuses (policies: not applied). */
  rejectNote = 'kubectl would reject this object';

  /** A value the API server's validation refuses: an error, and the object counts as rejected. */
  invalid(code: DiagnosticCode, field: string, message: string, fix?: string): void {
    this.rejected = true;
    this.report('error', code, field, `${message}; ${this.rejectNote}`, fix);
  }

  /** Labels (or annotations, `keysOnly`): a string map whose keys and values are validated. */
  labels(v: unknown, field: string, keysOnly = false): Record<string, string> {
    const out = this.stringMap(v, field);
    for (const [k, val] of Object.entries(out)) {
      const keyProblem = labelKeyProblem(k);
      const valueProblem = keysOnly ? undefined : labelValueProblem(val);
      if (keyProblem)
        this.invalid('label-invalid', `${field}.${k}`, `key "${k}" is not valid: ${keyProblem}`);
      else if (valueProblem)
        this.invalid(
          'label-invalid',
          `${field}.${k}`,
          `value "${val}" of ${k} is not valid: it ${valueProblem}`,
        );
    }
    return out;
  }

  report(severity: Severity, code: DiagnosticCode, field: string, message: string, fix?: string): void {
    this.sink.push(diagnosticAt(this.ref, this.origin, severity, code, field, message, fix));
  }

  /**
   * JSON held in a string field (a NAD config, a Multus annotation): its value, or undefined
   * after an error saying `what` is not valid JSON and what follows (`then`).
   */
  json(
    text: string,
    code: DiagnosticCode,
    field: string,
    what: string,
    then: string,
  ): { value: unknown } | undefined {
    try {
      return { value: JSON.parse(text) as unknown };
    } catch (e) {
      const why = e instanceof Error ? e.message : String(e);
      this.report('error', code, field, `${what} is not valid JSON (${why}); ${then}`);
      return undefined;
    }
  }

  typeError(field: string, want: string, got: unknown): void {
    this.rejected = true;
    const kind =
      got === null
        ? 'null'
        : Array.isArray(got)
          ? 'a list'
          : typeof got === 'object'
            ? 'a mapping'
            : `${typeof got} ${JSON.stringify(got)}`;
    this.report('error', 'field-type', field, `expected ${want}, found ${kind}; ${this.consequence}`);
  }

  object(v: unknown, field: string): Json | undefined {
    if (v === undefined || v === null) return undefined;
    if (isObject(v)) return v;
    this.typeError(field, 'a mapping', v);
    return undefined;
  }

  list(v: unknown, field: string): readonly unknown[] | undefined {
    if (v === undefined || v === null) return undefined;
    if (Array.isArray(v)) return v;
    this.typeError(field, 'a list', v);
    return undefined;
  }

  string(v: unknown, field: string): string | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'string') return v;
    if (typeof v === 'number' || typeof v === 'boolean') return String(v);
    this.typeError(field, 'a string', v);
    return undefined;
  }

  int(v: unknown, field: string): number | undefined {
    if (v === undefined || v === null) return undefined;
    if (typeof v === 'number' && Number.isInteger(v)) return v;
    this.typeError(field, 'an integer', v);
    return undefined;
  }

  /** A string → string map (labels, annotations); non-string values are reported. */
  stringMap(v: unknown, field: string): Record<string, string> {
    const o = this.object(v, field);
    const out = userMap<string>();
    for (const [k, val] of Object.entries(o ?? {})) {
      const s =
        typeof val === 'string'
          ? val
          : typeof val === 'number' || typeof val === 'boolean'
            ? String(val)
            : undefined;
      if (s === undefined) this.typeError(`${field}.${k}`, 'a string', val);
      else out[k] = s;
    }
    return out;
  }

  /** A list of strings; a null item reads as "" as the API server decodes it (then validated). */
  strings(v: unknown, field: string): string[] {
    const l = this.list(v, field) ?? [];
    const out: string[] = [];
    l.forEach((x, k) => {
      const s = x === null ? '' : this.string(x, `${field}[${k}]`);
      if (s !== undefined) out.push(s);
    });
    return out;
  }

  get path(): string {
    return this.prefix;
  }
}
