import type { Diagnostic } from '../../model/diagnostic';
import type { YamlDocument } from '../yaml-documents';

/**
 * The trimmed schema format of k8s-schemas.json: per field, its type; objects list their fields
 * (`p`), lists their items (`a`), maps their values (`m`); `r` names a shared type; `any` is a
 * subtree the API leaves open (x-kubernetes-preserve-unknown-fields, `object`).
 */
export type SchemaNode =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'int-or-string'
  | 'any'
  | { readonly p: Record<string, SchemaNode> }
  | { readonly a: SchemaNode }
  | { readonly m: SchemaNode }
  | { readonly r: string };

export interface SchemaSet {
  readonly types: Readonly<Record<string, SchemaNode>>;
  /** `apiVersion/kind` (e.g. `apps/v1/Deployment`, `v1/Pod`) → the object's schema. */
  readonly kinds: Readonly<Record<string, SchemaNode>>;
}

/** Strict field validation of loaded documents, given the findings the readers already made. */
export type ValidateHook = (
  documents: readonly YamlDocument[],
  file: string | undefined,
  existing: readonly Diagnostic[],
) => readonly Diagnostic[];
