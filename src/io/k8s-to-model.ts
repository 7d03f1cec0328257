import type { DiagnosticCode } from '../model/diagnostic-codes';
import type { Diagnostic, ObjectRef } from '../model/diagnostic';
import { endpointId, namespaceOf } from '../model/ids';
import type {
  Attachment,
  ClusterNode,
  ClusterPolicy,
  Endpoint,
  IgnoredObject,
  KubeOvnSubnet,
  Model,
  Namespace,
  NetworkAttachmentDefinition,
  ParseResult,
  Policy,
  UserDefinedNetwork,
} from '../model/types';
import { readClusterPolicy } from './k8s-admin';
import { readNode } from './k8s-node';
import { notEvaluatedVendor } from './k8s-not-evaluated';
import { readExternal } from './k8s-external';
import { dnsLabelProblem, dnsSubdomainProblem } from './k8s-names';
import { readNad } from './k8s-nad';
import { readSubnet } from './k8s-subnet';
import { readPolicy } from './k8s-policies';
import { readPodLike, readVm } from './k8s-workloads';
import { readUdn } from './k8s-udn';
import { FieldReader, isObject, type Json } from './reader';
import { loadYamlDocuments, type YamlDocument } from './yaml-documents';
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

interface Builder {
  namespaces: Map<string, Namespace>;
  endpoints: Map<string, Endpoint>;
  nads: Map<string, NetworkAttachmentDefinition>;
  policies: Map<string, Policy>;
  subnets: Map<string, KubeOvnSubnet>;
  clusterPolicies: Map<string, ClusterPolicy>;
  nodes: Map<string, ClusterNode>;
  udns: Map<string, UserDefinedNetwork>;
  ignored: IgnoredObject[];
  diagnostics: Diagnostic[];
}

function podTemplate(kind: string, spec: Json): { tmpl: unknown; field: string } {
  if (kind === 'CronJob') {
    const jt = isObject(spec.jobTemplate) ? spec.jobTemplate : {};
    const js = isObject(jt.spec) ? jt.spec : {};
    return { tmpl: js.template, field: 'spec.jobTemplate.spec.template' };
  }
  return { tmpl: spec.template, field: 'spec.template' };
}

/** A VMI next to its VM: the VM keeps its id, and takes the VMI's reported IPs. */
function mergeVm(vm: Endpoint, vmi: Endpoint): Endpoint {
  const attachments = vm.attachments.map((a): Attachment => {
    const other = vmi.attachments.find((b) => b.nad === a.nad && b.ips.length > 0);
    return a.ips.length === 0 && other ? { ...a, ips: other.ips, ipSource: other.ipSource } : a;
  });
  return { ...vm, attachments };
}

function addEndpoint(b: Builder, e: Endpoint, r: FieldReader): void {
  const id = endpointId(e.kind, e.namespace, e.name);
  const prev = b.endpoints.get(id);
  const ep = { ...e, id };
  if (!prev) {
    b.endpoints.set(id, ep);
    return;
  }
  if (prev.sourceKind === 'VirtualMachine' && e.sourceKind === 'VirtualMachineInstance')
    b.endpoints.set(id, mergeVm(prev, ep));
  else if (prev.sourceKind === 'VirtualMachineInstance' && e.sourceKind === 'VirtualMachine')
    b.endpoints.set(id, mergeVm(ep, prev));
  else {
    r.report(
      'warning',
      'duplicate-object',
      'metadata.name',
      `a workload named ${e.namespace}/${e.name} was already read (${prev.sourceKind}); this one replaces it`,
    );
    b.endpoints.set(id, ep);
  }
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
  b: Builder,
  obj: Json,
  doc: YamlDocument,
  file: string | undefined,
  prefix: string,
): void {
  const sub = (path: string): string => (prefix ? `${prefix}.${path}` : path);
  const map = prefix
    ? Object.fromEntries(
        Object.entries(doc.map)
          .filter(([k]) => k.startsWith(`${prefix}.`))
          .map(([k, v]) => [k.slice(prefix.length + 1), v]),
      )
    : doc.map;
  const line = doc.map[prefix]?.line ?? doc.line;
  const origin = { ...(file !== undefined ? { file } : {}), doc: doc.index, line, map };
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
    b.ignored.push({ ref, origin });
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
  if (namespace && !b.namespaces.has(namespace)) {
    b.namespaces.set(namespace, { name: namespace, labels: {}, declared: false });
  }
  switch (kind) {
    case 'Namespace': {
      const labels = r.labels(meta.labels, 'metadata.labels');
      b.namespaces.set(name, { name, labels, declared: true, origin });
      return;
    }
    case 'Pod':
      addEndpoint(b, readPodLike(r, kind, name, namespace, meta, spec, status, 'metadata', 'spec'), r);
      return;
    case 'VirtualMachine': {
      const tmpl = r.object(spec.template, 'spec.template') ?? {};
      const tmeta = r.object(tmpl.metadata, 'spec.template.metadata') ?? {};
      const tspec = r.object(tmpl.spec, 'spec.template.spec') ?? {};
      addEndpoint(
        b,
        readVm(
          r,
          kind,
          name,
          namespace,
          tmeta,
          tspec,
          undefined,
          'spec.template.metadata',
          'spec.template.spec',
        ),
        r,
      );
      return;
    }
    case 'VirtualMachineInstance':
      addEndpoint(b, readVm(r, kind, name, namespace, meta, spec, status, 'metadata', 'spec'), r);
      return;
    case 'NetworkAttachmentDefinition': {
      const nad = readNad(r, obj, name, namespace);
      b.nads.set(nad.key, nad);
      return;
    }
    case 'NetworkPolicy':
    case 'MultiNetworkPolicy': {
      const p = readPolicy(r, obj, kind, name, namespace, annotations);
      if (b.policies.has(p.id))
        r.report(
          'warning',
          'duplicate-object',
          'metadata.name',
          `${kind} ${namespace}/${name} was already read; this one replaces it (as kubectl apply would)`,
        );
      b.policies.set(p.id, p);
      return;
    }
    case 'Subnet':
      b.subnets.set(name, readSubnet(r, spec, name));
      return;
    case 'AdminNetworkPolicy':
    case 'BaselineAdminNetworkPolicy':
    case 'ClusterNetworkPolicy': {
      const p = readClusterPolicy(r, obj, kind, name);
      if (b.clusterPolicies.has(p.id))
        r.report(
          'warning',
          'duplicate-object',
          'metadata.name',
          `${kind} ${name} was already read; this one replaces it`,
        );
      b.clusterPolicies.set(p.id, p);
      return;
    }
    case 'Node':
      b.nodes.set(name, readNode(r, meta, status, name));
      return;
    case 'UserDefinedNetwork':
    case 'ClusterUserDefinedNetwork': {
      const u = readUdn(r, kind, spec, name, namespace);
      if (u) b.udns.set(u.key, u);
      return;
    }
    case 'ExternalHost': {
      const e = readExternal(r, spec, name);
      if (e) addEndpoint(b, e, r);
      return;
    }
    default: {
      const { tmpl, field } = podTemplate(kind, spec);
      const t = r.object(tmpl, field) ?? {};
      const tmeta = r.object(t.metadata, `${field}.metadata`) ?? {};
      const tspec = r.object(t.spec, `${field}.spec`) ?? {};
      addEndpoint(
        b,
        readPodLike(r, kind, name, namespace, tmeta, tspec, undefined, `${field}.metadata`, `${field}.spec`),
        r,
      );
    }
  }
}

function readValue(
  b: Builder,
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

function newBuilder(): Builder {
  return {
    namespaces: new Map(),
    endpoints: new Map(),
    nads: new Map(),
    policies: new Map(),
    subnets: new Map(),
    clusterPolicies: new Map(),
    nodes: new Map(),
    udns: new Map(),
    ignored: [],
    diagnostics: [],
  };
}

/** Read YAML texts (kubectl streams, Lists) into one Model; `validate`: io/schema's strict check. */
export function parseManifests(sources: readonly SourceText[], validate?: ValidateHook): ParseResult {
  const b = newBuilder();
  for (const src of sources) {
    const loaded = loadYamlDocuments(src.text, src.file);
    b.diagnostics.push(...loaded.diagnostics);
    const first = b.diagnostics.length;
    for (const doc of loaded.documents) readValue(b, doc.value, doc, src.file, '');
    if (validate) b.diagnostics.push(...validate(loaded.documents, src.file, b.diagnostics.slice(first)));
  }
  return finish(b);
}

/** The same mapping from already-parsed objects (the app's design); no line numbers. */
export function parseObjects(objects: readonly unknown[]): ParseResult {
  const b = newBuilder();
  objects.forEach((value, index) => readValue(b, value, { index, value, line: 0, map: {} }, undefined, ''));
  return finish(b);
}

function finish(b: Builder): ParseResult {
  const model: Model = {
    namespaces: [...b.namespaces.values()],
    endpoints: [...b.endpoints.values()],
    nads: [...b.nads.values()],
    policies: [...b.policies.values()],
    subnets: [...b.subnets.values()],
    ...(b.udns.size ? { udns: [...b.udns.values()] } : {}),
    ignored: b.ignored,
    ...(b.clusterPolicies.size ? { clusterPolicies: [...b.clusterPolicies.values()] } : {}),
    ...(b.nodes.size ? { nodes: [...b.nodes.values()] } : {}),
  };
  return { model, diagnostics: b.diagnostics };
}
