import { dump } from 'js-yaml';
import type { Diagnostic } from '../model/diagnostic';
import { namespaceOf, objectId as makeObjectId, type ObjectId } from '../model/ids';
import { userMap } from '../model/labels';
import { isObject, type Json } from './reader';
import { loadYamlDocuments, type LoadProgress, type YamlDocument } from './yaml-documents';

/** A Kubernetes object of the design, kept verbatim (so export loses nothing). */
export interface DesignObject {
  /** `Kind/namespace/name` (namespace empty for cluster-scoped kinds and ExternalHost). */
  readonly id: ObjectId;
  readonly obj: Json;
}

export const EXTERNAL_API = 'netpol-studio.io/v1alpha1';
const EXTERNAL_MARK = '# netpol-studio ExternalHost';

export function objectId(obj: Json): ObjectId {
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  return makeObjectId(kind, namespaceOf(kind, meta.namespace), name);
}

/** ExternalHosts are exported as comments (kubectl knows no such kind); bring them back. */
export function restoreCommentedExternals(text: string): string {
  if (!text.includes(EXTERNAL_MARK)) return text;
  const out: string[] = [];
  let inBlock = false;
  for (const line of text.split('\n')) {
    if (line.startsWith(EXTERNAL_MARK)) {
      inBlock = true;
      out.push('---');
      continue;
    }
    if (inBlock && line.startsWith('# ')) out.push(line.slice(2));
    else if (inBlock && line === '#') out.push('');
    else {
      inBlock = false;
      out.push(line);
    }
  }
  return out.join('\n');
}

export interface DesignParse {
  readonly objects: readonly DesignObject[];
  readonly diagnostics: readonly Diagnostic[];
  /** The loaded documents with their source maps (strict field validation reads them). */
  readonly documents: readonly YamlDocument[];
}

/** YAML text → design objects (Lists expanded); unreadable documents become diagnostics. */
export function parseDesignYaml(text: string, file?: string, onProgress?: LoadProgress): DesignParse {
  const loaded = loadYamlDocuments(restoreCommentedExternals(text), file, onProgress);
  const diagnostics: Diagnostic[] = [...loaded.diagnostics];
  const objects: DesignObject[] = [];
  const where = file === undefined ? {} : { file };
  const add = (v: unknown, line: number): void => {
    if (v === null || v === undefined) return;
    if (!isObject(v)) {
      diagnostics.push({
        severity: 'error',
        code: 'not-an-object',
        message: 'a YAML document must be a Kubernetes object (a mapping with apiVersion and kind); skipped',
        ...where,
        line,
      });
      return;
    }
    if (typeof v.kind === 'string' && /List$/.test(v.kind) && Array.isArray(v.items)) {
      for (const item of v.items) add(item, line);
      return;
    }
    if (
      typeof v.kind !== 'string' ||
      !isObject(v.metadata) ||
      typeof v.metadata.name !== 'string' ||
      v.metadata.name === ''
    ) {
      diagnostics.push({
        severity: 'error',
        code: 'object-incomplete',
        message: 'an object needs kind and metadata.name; skipped',
        ...where,
        line,
      });
      return;
    }
    objects.push({ id: objectId(v), obj: v });
  };
  for (const doc of loaded.documents) add(doc.value, doc.line);
  return { objects, diagnostics, documents: loaded.documents };
}

const TOP_ORDER = ['apiVersion', 'kind', 'metadata', 'spec', 'status'];
const META_ORDER = ['name', 'namespace', 'labels', 'annotations'];

function sortKeys(a: string, b: string, order: readonly string[]): number {
  const ia = order.indexOf(a);
  const ib = order.indexOf(b);
  if (ia >= 0 || ib >= 0) return (ia < 0 ? 99 : ia) - (ib < 0 ? 99 : ib);
  return 0;
}

function ordered(obj: Json): Json {
  const out = userMap<unknown>();
  for (const k of Object.keys(obj).sort((a, b) => sortKeys(a, b, TOP_ORDER))) {
    const v = obj[k];
    out[k] =
      k === 'metadata' && isObject(v)
        ? Object.fromEntries(
            Object.keys(v)
              .sort((a, b) => sortKeys(a, b, META_ORDER))
              .map((m) => [m, v[m]]),
          )
        : v;
  }
  return out;
}

export function dumpObject(obj: Json): string {
  return dump(ordered(obj), { noRefs: true, lineWidth: -1, sortKeys: false });
}

const KIND_RANK: Record<string, number> = {
  Namespace: 0,
  NetworkAttachmentDefinition: 1,
  Subnet: 1,
  Pod: 2,
  Deployment: 2,
  StatefulSet: 2,
  DaemonSet: 2,
  VirtualMachine: 3,
  VirtualMachineInstance: 3,
  NetworkPolicy: 4,
  MultiNetworkPolicy: 5,
};

/**
 * kubectl-ready multi-document YAML: Namespaces and NADs first, then workloads, then
 * policies. ExternalHosts become comment blocks (kubectl would reject the kind) that
 * netpol-studio restores on import. `dump` writes one object (the autosave passes a memoised one,
 * so that saving after one edit dumps one object, not 5,000).
 */
export function serializeDesign(
  objects: readonly DesignObject[],
  title = 'netpol-studio design',
  dump: (obj: Json) => string = dumpObject,
): string {
  const kube = objects.filter((o) => o.obj.kind !== 'ExternalHost');
  const externals = objects.filter((o) => o.obj.kind === 'ExternalHost');
  const rank = (o: DesignObject) => KIND_RANK[String(o.obj.kind)] ?? 6;
  const sorted = [...kube].sort((a, b) => rank(a) - rank(b));
  const parts = [`# ${title}: kubectl apply -f this file.\n`];
  for (const o of sorted) parts.push(`---\n${dump(o.obj)}`);
  for (const o of externals) {
    parts.push(
      `${EXTERNAL_MARK} (a host outside the cluster; kept as a comment so that kubectl apply works)\n${dump(
        o.obj,
      )
        .trimEnd()
        .split('\n')
        .map((l) => (l ? `# ${l}` : '#'))
        .join('\n')}\n`,
    );
  }
  return parts.join('');
}
