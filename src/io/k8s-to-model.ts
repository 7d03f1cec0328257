import type { DiagnosticCode } from '../model/diagnostic-codes';
import type { ObjectRef } from '../model/diagnostic';
import { namespaceOf } from '../model/ids';
import type { ParseResult } from '../model/types';
import { readClusterPolicy } from './k8s-admin';
import { readNode } from './k8s-node';
import { notEvaluatedVendor } from './k8s-not-evaluated';
import { readExternal } from './k8s-external';
import { dnsLabelProblem, dnsSubdomainProblem } from './k8s-names';
import { readNad } from './k8s-nad';
import { readSubnet } from './k8s-subnet';
import { readPolicy } from './k8s-policies';
import { readPodLike, readVm, type PodSource } from './k8s-workloads';
import { readUdn } from './k8s-udn';
import { FieldReader, isObject, type Json } from './reader';
import { emit, finish, newBuilder, newContribution, replay, type Contribution } from './model-builder';
import { loadYamlDocuments, type YamlDocument } from './yaml-documents';
import { checkOnce, readOnce, type ParseCache } from './parse-cache';
import { lazyOrigin } from './yaml-origin';
import type { ValidateHook } from './schema/schema-types';

/** The apiVersions each modelled kind accepts (group/version as kubectl would resolve). */
const KINDS: Readonly<Record<string, readonly string[]>> = {
  Namespace: ['v1'],
  Pod: ['v1'],
  Deployment: ['apps/v1'],
  ReplicaSet: ['apps/v1'],
  StatefulSet: ['apps/v1'],
  DaemonSet: ['apps/v1'],
  Job: ['batch/v1'],
  CronJob: ['batch/v1', 'batch/v1beta1'],
  ReplicationController: ['v1'],
  VirtualMachine: ['kubevirt.io/v1', 'kubevirt.io/v1alpha3'],
  VirtualMachineInstance: ['kubevirt.io/v1', 'kubevirt.io/v1alpha3'],
  NetworkAttachmentDefinition: ['k8s.cni.cncf.io/v1'],
  NetworkPolicy: ['networking.k8s.io/v1'],
  MultiNetworkPolicy: ['k8s.cni.cncf.io/v1beta1', 'k8s.cni.cncf.io/v1beta2'],
  ExternalHost: ['netpol-studio.io/v1alpha1'],
  Subnet: ['kubeovn.io/v1'],
  AdminNetworkPolicy: ['policy.networking.k8s.io/v1alpha1'],
  BaselineAdminNetworkPolicy: ['policy.networking.k8s.io/v1alpha1'],
  ClusterNetworkPolicy: ['policy.networking.k8s.io/v1alpha2'],
  Node: ['v1'],
  UserDefinedNetwork: ['k8s.ovn.org/v1'],
  ClusterUserDefinedNetwork: ['k8s.ovn.org/v1'],
};

/** OVN-K kinds that can change reachability but are not evaluated (R10.16): never silent. */
const OVNK_NOT_MODELLED: Readonly<Record<string, { code: DiagnosticCode; message: string }>> = {
  ClusterNetworkConnect: {
    code: 'udn-network-connect-ignored',
    message:
      'ClusterNetworkConnect joins (C)UDNs; connections between the networks it connects are not modelled (U9)',
  },
  RouteAdvertisements: {
    code: 'ovnk-kind-not-modelled',
    message:
      'RouteAdvertisements (BGP) can make (C)UDN addresses reachable from outside; not modelled (R10.16)',
  },
  EgressFirewall: {
    code: 'ovnk-kind-not-modelled',
    message:
      'EgressFirewall filters egress to outside hosts; not modelled, so egress verdicts may allow more than the cluster does (R10.16)',
  },
};
const LIST_KINDS = /List$/;

type PodPlace = Pick<PodSource, 'meta' | 'spec' | 'status' | 'metaField' | 'specField'>;

/** The pod template of a controller (a CronJob's sits under its jobTemplate). */
function podTemplate(kind: string, spec: Json): { tmpl: unknown; field: string } {
  if (kind === 'CronJob') {
    const jt = isObject(spec.jobTemplate) ? spec.jobTemplate : {};
    const js = isObject(jt.spec) ? jt.spec : {};
    return { tmpl: js.template, field: 'spec.jobTemplate.spec.template' };
  }
  return { tmpl: spec.template, field: 'spec.template' };
}

/** A pod template's metadata and spec (templates carry no status), each checked to be an object. */
function templateAt(r: FieldReader, tmpl: unknown, field: string): PodPlace {
  const t = r.object(tmpl, field) ?? {};
  const metaField = `${field}.metadata`;
  const specField = `${field}.spec`;
  return {
    meta: r.object(t.metadata, metaField) ?? {},
    spec: r.object(t.spec, specField) ?? {},
    metaField,
    specField,
  };
}

/** A name or namespace that is not a string: kubectl cannot decode the object at all. */
function metadataDecodes(r: FieldReader, meta: Json): boolean {
  r.consequence = 'the API server cannot decode this object and rejects it, so it was skipped';
  for (const key of ['name', 'namespace'] as const) {
    const v = meta[key];
    if (v !== undefined && v !== null && typeof v !== 'string') r.typeError(`metadata.${key}`, 'a string', v);
  }
  const ok = !r.rejected;
  r.consequence = 'the field was ignored';
  return ok;
}

function readObject(
  b: Contribution,
  obj: Json,
  doc: YamlDocument,
  file: string | undefined,
  prefix: string,
): void {
  const sub = (path: string): string => (prefix ? `${prefix}.${path}` : path);
  const origin = lazyOrigin(doc, file, prefix);
  const kind = typeof obj.kind === 'string' ? obj.kind : '';
  const apiVersion = typeof obj.apiVersion === 'string' ? obj.apiVersion : '';
  const meta = isObject(obj.metadata) ? obj.metadata : {};
  const name = typeof meta.name === 'string' ? meta.name : '';
  const namespace = namespaceOf(kind, meta.namespace);
  const ref: ObjectRef = namespace
    ? { kind: kind || 'object', namespace, name }
    : { kind: kind || 'object', name };
  const r = new FieldReader(ref, origin, b.diagnostics, sub(''));
  if (!kind) {
    r.report('error', 'kind-missing', 'kind', 'the object has no "kind"; it was skipped');
    return;
  }
  const vendor = notEvaluatedVendor(kind, apiVersion);
  if (vendor) {
    // not listed as ignored: it may well change reachability (the warning says so)
    r.report(
      'warning',
      'kind-not-evaluated',
      'kind',
      `${kind} (${vendor}) can allow or deny traffic, but netpol-studio does not evaluate it: verdicts involving the pods it selects may be wrong`,
    );
    return;
  }
  const versions = KINDS[kind];
  if (!versions) {
    emit(b, { t: 'ignored', v: { ref, origin } });
    const unmodelled = OVNK_NOT_MODELLED[kind];
    if (unmodelled) r.report('warning', unmodelled.code, 'kind', unmodelled.message);
    else r.report('info', 'kind-ignored', 'kind', `${kind} does not affect reachability; kept and ignored`);
    return;
  }
  if (!versions.includes(apiVersion)) {
    r.report(
      'error',
      'api-version-wrong',
      'apiVersion',
      `apiVersion "${apiVersion}" is not valid for ${kind} (expected ${versions.join(' or ')}); kubectl would reject it, so it was skipped`,
      versions[0],
    );
    return;
  }
  if (!metadataDecodes(r, meta)) return;
  if (!name) {
    r.report('error', 'name-missing', 'metadata.name', `${kind} has no metadata.name; it was skipped`);
    return;
  }
  if (kind === 'NetworkPolicy' || kind === 'MultiNetworkPolicy') {
    r.consequence = `the API server cannot decode this ${kind} and rejects it, so it is not applied`;
    r.rejectNote = `the API server rejects this ${kind}, so it is not applied`;
  }
  const nameProblem = kind === 'Namespace' ? dnsLabelProblem(name) : dnsSubdomainProblem(name);
  if (nameProblem) r.invalid('name-invalid', 'metadata.name', `the name "${name}" ${nameProblem}`);
  const annotations = r.labels(meta.annotations, 'metadata.annotations', true);
  const spec = r.object(obj.spec, 'spec') ?? {};
  const status = isObject(obj.status) ? obj.status : undefined;
  if (namespace) emit(b, { t: 'ns', name: namespace });
  // Pods and VMIs are read from the object itself, with their status
  const self: PodPlace = {
    meta,
    spec,
    ...(status ? { status } : {}),
    metaField: 'metadata',
    specField: 'spec',
  };
  switch (kind) {
    case 'Namespace': {
      const labels = r.labels(meta.labels, 'metadata.labels');
      emit(b, { t: 'namespace', v: { name, labels, declared: true, origin } });
      return;
    }
    case 'Pod':
      emit(b, { t: 'endpoint', v: readPodLike(r, { kind, name, namespace, ...self }), at: r });
      return;
    case 'VirtualMachine':
    case 'VirtualMachineInstance': {
      const place = kind === 'VirtualMachine' ? templateAt(r, spec.template, 'spec.template') : self;
      emit(b, { t: 'endpoint', v: readVm(r, { kind, name, namespace, ...place }), at: r });
      return;
    }
    case 'NetworkAttachmentDefinition': {
      emit(b, { t: 'nad', v: readNad(r, obj, name, namespace) });
      return;
    }
    case 'NetworkPolicy':
    case 'MultiNetworkPolicy': {
      const v = readPolicy(r, obj, kind, name, namespace, annotations);
      const dup = `${kind} ${namespace}/${name} was already read; this one replaces it (as kubectl apply would)`;
      emit(b, { t: 'policy', v, at: r, dup });
      return;
    }
    case 'Subnet':
      emit(b, { t: 'subnet', v: readSubnet(r, spec, name) });
      return;
    case 'AdminNetworkPolicy':
    case 'BaselineAdminNetworkPolicy':
    case 'ClusterNetworkPolicy': {
      const v = readClusterPolicy(r, obj, kind, name);
      emit(b, {
        t: 'clusterPolicy',
        v,
        at: r,
        dup: `${kind} ${name} was already read; this one replaces it`,
      });
      return;
    }
    case 'Node':
      emit(b, { t: 'node', v: readNode(r, meta, status, name) });
      return;
    case 'UserDefinedNetwork':
    case 'ClusterUserDefinedNetwork': {
      const u = readUdn(r, kind, spec, name, namespace);
      if (u) emit(b, { t: 'udn', v: u });
      return;
    }
    case 'ExternalHost': {
      const e = readExternal(r, spec, name);
      if (e) emit(b, { t: 'endpoint', v: e, at: r });
      return;
    }
    default: {
      const { tmpl, field } = podTemplate(kind, spec);
      const v = readPodLike(r, { kind, name, namespace, ...templateAt(r, tmpl, field) });
      emit(b, { t: 'endpoint', v, at: r });
    }
  }
}

function readValue(
  b: Contribution,
  value: unknown,
  doc: YamlDocument,
  file: string | undefined,
  prefix: string,
): void {
  if (value === null || value === undefined) return;
  if (!isObject(value)) {
    b.diagnostics.push({
      severity: 'error',
      code: 'not-an-object',
      message: 'a YAML document must be a Kubernetes object (a mapping with apiVersion and kind); skipped',
      ...(file !== undefined ? { file } : {}),
      line: doc.map[prefix]?.line ?? doc.line,
    });
    return;
  }
  if (typeof value.kind === 'string' && LIST_KINDS.test(value.kind) && Array.isArray(value.items)) {
    value.items.forEach((item, k) =>
      readValue(b, item, doc, file, prefix ? `${prefix}.items[${k}]` : `items[${k}]`),
    );
    return;
  }
  readObject(b, value, doc, file, prefix);
}

export interface SourceText {
  readonly text: string;
  readonly file?: string;
}

/**
 * Read YAML texts (kubectl streams, Lists) into one Model; `validate`: io/schema's strict check;
 * `cache`: what loads of texts sharing most documents share (see `ParseCache`).
 */
export function parseManifests(
  sources: readonly SourceText[],
  validate?: ValidateHook,
  cache?: ParseCache,
): ParseResult {
  const b = newBuilder();
  for (const src of sources) {
    const loaded = loadYamlDocuments(src.text, src.file, undefined, cache?.yaml);
    b.diagnostics.push(...loaded.diagnostics);
    const first = b.diagnostics.length;
    for (const doc of loaded.documents) {
      const read = () => readDocument(doc.value, doc, src.file);
      replay(b, cache ? readOnce(cache, doc, src.file, read) : read());
    }
    if (validate)
      b.diagnostics.push(
        ...checkOnce(cache, validate, loaded.documents, src.file, b.diagnostics.slice(first)),
      );
  }
  return finish(b);
}

function readDocument(value: unknown, doc: YamlDocument, file: string | undefined): Contribution {
  const c = newContribution();
  readValue(c, value, doc, file, '');
  return c;
}

/**
 * What each design object contributed, by identity (design objects are immutable: an edit
 * replaces only the edited ones). Not by position: an object's reading does not depend on where
 * it stands in the design, so inserting or deleting one near the start re-reads nothing else.
 */
export type DeriveCache = WeakMap<object, Contribution>;

export function newDeriveCache(): DeriveCache {
  return new WeakMap();
}

/**
 * The same mapping from already-parsed objects (the app's design); no line numbers, and no
 * document index either (origins say doc 0: the design is not a file, and an object's place in
 * it is no part of what the model says, so moving objects changes no model entry and the
 * engine's caches hold). With a `cache` only objects not read before are read; the rest is
 * replayed: same result.
 */
export function parseObjects(objects: readonly unknown[], cache?: DeriveCache): ParseResult {
  const b = newBuilder();
  for (const value of objects) {
    const key = cache && typeof value === 'object' && value !== null ? value : undefined;
    const hit = key && cache?.get(key);
    if (hit) {
      replay(b, hit);
      continue;
    }
    const c = readDocument(value, { index: 0, value, line: 0, map: {} }, undefined);
    if (key) cache?.set(key, c);
    replay(b, c);
  }
  return finish(b);
}
