import data from './k8s-schemas.json';
import { pruneUnknown, schemaOf } from './check';
import type { SchemaSet } from './schema-types';
import { validateDocuments } from './validate';
import type { Diagnostic } from '../../model/diagnostic';
import type { Json } from '../reader';
import type { YamlDocument } from '../yaml-documents';

/**
 * The published schemas of every kind the studio reads (SOURCE.md). The app loads this module
 * lazily (its own chunk, about 12 kB gzipped); the CLI bundles it.
 */
export const SCHEMAS = data as unknown as SchemaSet;

/** `parseManifests`' validate hook: strict field validation against SCHEMAS. */
export function validateStrict(
  documents: readonly YamlDocument[],
  file: string | undefined,
  existing: readonly Diagnostic[],
): Diagnostic[] {
  return validateDocuments(SCHEMAS, documents, file, existing);
}

/** An object as kubectl accepts it: fields its kind's schema does not know are left out. */
export function withoutUnknownFields(obj: Json): Json {
  const schema = schemaOf(SCHEMAS, obj.apiVersion, obj.kind);
  return schema ? pruneUnknown(SCHEMAS, schema, obj) : obj;
}
