import type { Diagnostic, ObjectRef } from '../../model/diagnostic';
import { namespaceOf } from '../../model/ids';
import { diagnosticAt } from '../../model/report';
import type { Origin } from '../../model/types';
import { isObject, type Json } from '../reader';
import type { YamlDocument } from '../yaml-documents';
import { lazyOrigin } from '../yaml-origin';
import { checkValue, schemaOf, type FieldProblem } from './check';
import type { SchemaSet } from './schema-types';

function describe(v: unknown): string {
  if (Array.isArray(v)) return 'a list';
  if (typeof v === 'object' && v !== null) return 'a mapping';
  return `${typeof v} ${JSON.stringify(v)}`;
}

function refOf(obj: Json): ObjectRef {
  const kind = typeof obj.kind === 'string' ? obj.kind : 'object';
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  const namespace = namespaceOf(kind, meta.namespace);
  return namespace ? { kind, namespace, name } : { kind, name };
}

const keyOf = (ref: ObjectRef | undefined, field: string | undefined): string =>
  `${ref?.kind ?? ''}/${ref?.namespace ?? ''}/${ref?.name ?? ''}:${field ?? ''}`;

function diagnosticOf(ref: ObjectRef, origin: Origin, p: FieldProblem): Diagnostic {
  if (p.problem === 'unknown') {
    const key = p.path.slice(p.path.lastIndexOf('.') + 1);
    return diagnosticAt(
      ref,
      origin,
      'warning',
      'field-unknown',
      p.path,
      `unknown field "${key}": kubectl apply (strict field validation, its default) rejects the object as written; read as the API server stores it without that check (field dropped), and left out on export`,
    );
  }
  return diagnosticAt(
    ref,
    origin,
    'error',
    'field-type',
    p.path,
    `expected ${p.want ?? 'another type'}, found ${describe(p.got)}: the API server cannot decode this object and rejects it (kubectl apply fails); the field was ignored`,
  );
}

/**
 * Strict field validation of every object in the loaded documents against the published schemas
 * (kinds without a schema are left alone). Findings a reader already made on the same field
 * (`existing`) are not repeated.
 */
export function validateDocuments(
  set: SchemaSet,
  documents: readonly YamlDocument[],
  file: string | undefined,
  existing: readonly Diagnostic[] = [],
): Diagnostic[] {
  const out: Diagnostic[] = [];
  const seen = new Set(existing.map((d) => keyOf(d.object, d.field)));
  const visit = (value: unknown, doc: YamlDocument, prefix: string): void => {
    if (!isObject(value)) return;
    if (typeof value.kind === 'string' && /List$/.test(value.kind) && Array.isArray(value.items)) {
      value.items.forEach((item, k) => visit(item, doc, prefix ? `${prefix}.items[${k}]` : `items[${k}]`));
      return;
    }
    const schema = schemaOf(set, value.apiVersion, value.kind);
    if (!schema) return;
    const problems = checkValue(set, schema, value);
    if (!problems.length) return;
    const origin: Origin = lazyOrigin(doc, file, prefix);
    const ref = refOf(value);
    for (const p of problems) {
      if (seen.has(keyOf(ref, p.path))) continue;
      out.push(diagnosticOf(ref, origin, p));
    }
  };
  for (const doc of documents) visit(doc.value, doc, '');
  return out;
}
