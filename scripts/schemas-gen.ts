/**
 * Regenerates src/io/schema/k8s-schemas.json: the field names and types of every kind the
 * studio reads, from published schemas (see src/io/schema/SOURCE.md for sources and versions).
 * Not run by the build; run it by hand when a source moves:
 *
 *   npx tsx scripts/schemas-gen.ts <client-node gen/models dir> <kubevirt-api dist/kubevirt/index.d.ts> <crd dir>
 *
 * Trimmed to what field validation needs: property names and types, no descriptions, enums or
 * value rules (the readers check values).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import ts from 'typescript';
import type { SchemaNode, SchemaSet } from '../src/io/schema/schema-types';

type Node = SchemaNode;
const [coreDir, kubevirtDts, crdDir] = process.argv.slice(2);
if (!coreDir || !kubevirtDts || !crdDir)
  throw new Error('usage: schemas-gen <core models> <kubevirt d.ts> <crd dir>');

const types: Record<string, Node> = {};

/**
 * Quantity (resource amounts) is an int-or-string in the API (`cpu: 2` decodes), but both generated
 * sources flatten it to `string`: restore it for the fields that hold quantities.
 */
const QUANTITY_FIELDS = new Set([
  'requests',
  'limits',
  'overhead',
  'capacity',
  'allocatable',
  'sizeLimit',
  'guest',
  'maxGuest',
  'storage',
  'pageSize',
]);

// ---- core kinds: @kubernetes/client-node models (attributeTypeMap, from the Kubernetes OpenAPI spec)
interface Attr {
  readonly baseName: string;
  readonly type: string;
  readonly format: string;
}
const core = new Map<string, readonly Attr[]>();
for (const f of readdirSync(coreDir)) {
  if (!f.endsWith('.js') || f === 'all.js' || f === 'ObjectSerializer.js') continue;
  const m = (await import(join(coreDir, f))) as Record<string, { attributeTypeMap?: Attr[] }>;
  for (const [name, c] of Object.entries(m)) if (c?.attributeTypeMap) core.set(name, c.attributeTypeMap);
}

function coreType(t: string, field: string): Node {
  const q = QUANTITY_FIELDS.has(field);
  if (t.startsWith('Array<')) return { a: coreType(t.slice(6, -1), field) };
  const map = /^\{ \[key: string\]: (.*); \}$/.exec(t);
  if (map) return { m: coreType(map[1] as string, field) };
  if (t === 'string' || t === 'Date') return q ? 'int-or-string' : 'string';
  if (t === 'number') return 'number';
  if (t === 'boolean') return 'boolean';
  if (t === 'IntOrString') return 'int-or-string';
  if (t === 'any' || t === 'object') return 'any';
  return coreRef(t);
}

function coreRef(name: string): Node {
  const attrs = core.get(name);
  if (!attrs) return 'any';
  if (!(name in types)) {
    types[name] = 'any'; // placeholder while recursing
    const p: Record<string, Node> = {};
    for (const a of attrs) {
      let n = coreType(a.type, a.baseName);
      if (n === 'number' && /int/.test(a.format)) n = 'integer';
      if (typeof n === 'object' && 'a' in n && n.a === 'number' && /int/.test(a.format)) n = { a: 'integer' };
      p[a.baseName] = n;
    }
    types[name] = { p };
  }
  return { r: name };
}

// ---- KubeVirt: @kubevirt-ui-ext/kubevirt-api interfaces (generated from KubeVirt's OpenAPI spec)
const src = ts.createSourceFile('kv.d.ts', readFileSync(kubevirtDts, 'utf8'), ts.ScriptTarget.Latest);
const kvIfaces = new Map<string, ts.InterfaceDeclaration>();
src.forEachChild((n) => {
  if (ts.isInterfaceDeclaration(n)) kvIfaces.set(n.name.text, n);
});

/** KubeVirt embeds core types (`K8sIoApiCoreV1Affinity`): use the core ones, which know int-or-string. */
function kvCoreName(name: string): string | undefined {
  const m = /^K8sIoApi(?:machineryPkgApisMeta|Core)V1(\w+)$/.exec(name);
  return m && core.has(`V1${m[1]}`) ? `V1${m[1]}` : undefined;
}

function kvType(t: ts.TypeNode | undefined, field: string): Node {
  if (!t) return 'any';
  const q = QUANTITY_FIELDS.has(field);
  switch (t.kind) {
    case ts.SyntaxKind.StringKeyword:
      return q ? 'int-or-string' : 'string';
    case ts.SyntaxKind.NumberKeyword:
      return 'number';
    case ts.SyntaxKind.BooleanKeyword:
      return 'boolean';
    case ts.SyntaxKind.ObjectKeyword:
    case ts.SyntaxKind.AnyKeyword:
    case ts.SyntaxKind.UnknownKeyword:
      return 'any';
    default:
      break;
  }
  if (ts.isArrayTypeNode(t)) return { a: kvType(t.elementType, field) };
  if (ts.isTypeLiteralNode(t)) {
    const idx = t.members.find(ts.isIndexSignatureDeclaration);
    return idx ? { m: kvType(idx.type, field) } : 'any';
  }
  if (ts.isTypeReferenceNode(t)) {
    const name = ts.isIdentifier(t.typeName) ? t.typeName.text : t.typeName.getText(src);
    if (name === 'Array') return { a: kvType(t.typeArguments?.[0], field) };
    if (name === 'Date') return 'string';
    const coreName = kvCoreName(name);
    if (coreName) return coreRef(coreName);
    const iface = kvIfaces.get(name);
    if (!iface) return q ? 'int-or-string' : 'string'; // enums are string literal unions
    const key = `kubevirt.${name}`;
    if (!(key in types)) {
      types[key] = 'any';
      const p: Record<string, Node> = {};
      for (const m of iface.members)
        if (ts.isPropertySignature(m) && m.name) {
          const f = m.name.getText(src).replace(/^'|'$/g, '');
          p[f] = kvType(m.type, f);
        }
      types[key] = { p };
    }
    return { r: key };
  }
  return 'any';
}

// ---- CRDs: their own openAPIV3Schema
interface OpenApi {
  type?: string;
  properties?: Record<string, OpenApi>;
  additionalProperties?: OpenApi | boolean;
  items?: OpenApi;
  anyOf?: OpenApi[];
  'x-kubernetes-preserve-unknown-fields'?: boolean;
  'x-kubernetes-int-or-string'?: boolean;
  'x-kubernetes-embedded-resource'?: boolean;
}

function crdNode(s: OpenApi | undefined): Node {
  if (!s) return 'any';
  if (s['x-kubernetes-int-or-string'] || (s.anyOf && !s.type)) return 'int-or-string';
  if (s['x-kubernetes-preserve-unknown-fields']) return 'any';
  switch (s.type) {
    case 'string':
    case 'integer':
    case 'number':
    case 'boolean':
      return s.type;
    case 'array':
      return { a: crdNode(s.items) };
    case 'object': {
      if (s.properties) {
        const p: Record<string, Node> = {};
        for (const [k, v] of Object.entries(s.properties)) p[k] = crdNode(v);
        if (s['x-kubernetes-embedded-resource'])
          Object.assign(p, { apiVersion: 'string', kind: 'string', metadata: coreRef('V1ObjectMeta') });
        return { p };
      }
      if (s.additionalProperties && typeof s.additionalProperties === 'object')
        return { m: crdNode(s.additionalProperties) };
      return s.additionalProperties === true ? { m: 'any' } : { p: {} };
    }
    default:
      break;
  }
  return 'any';
}

const kinds: Record<string, Node> = {};
const CORE_ROOTS: Record<string, string> = {
  'v1/Namespace': 'V1Namespace',
  'v1/Pod': 'V1Pod',
  'v1/ReplicationController': 'V1ReplicationController',
  'v1/Service': 'V1Service',
  'v1/Node': 'V1Node',
  'apps/v1/Deployment': 'V1Deployment',
  'apps/v1/ReplicaSet': 'V1ReplicaSet',
  'apps/v1/StatefulSet': 'V1StatefulSet',
  'apps/v1/DaemonSet': 'V1DaemonSet',
  'batch/v1/Job': 'V1Job',
  'batch/v1/CronJob': 'V1CronJob',
  'networking.k8s.io/v1/NetworkPolicy': 'V1NetworkPolicy',
};
for (const [k, t] of Object.entries(CORE_ROOTS)) kinds[k] = coreRef(t);
for (const v of ['v1', 'v1alpha3']) {
  kinds[`kubevirt.io/${v}/VirtualMachine`] = kvType(
    ts.factory.createTypeReferenceNode('V1VirtualMachine'),
    '',
  );
  kinds[`kubevirt.io/${v}/VirtualMachineInstance`] = kvType(
    ts.factory.createTypeReferenceNode('V1VirtualMachineInstance'),
    '',
  );
}

interface Crd {
  spec: {
    group: string;
    names: { kind: string };
    versions: { name: string; schema: { openAPIV3Schema: OpenApi } }[];
  };
}
for (const f of readdirSync(crdDir).sort()) {
  for (const doc of [load(readFileSync(join(crdDir, f), 'utf8')) as Crd]) {
    for (const v of doc.spec.versions) {
      const root = crdNode(v.schema.openAPIV3Schema);
      if (typeof root !== 'object' || !('p' in root)) throw new Error(`${f}: no object schema`);
      // the API server always knows these three on a custom resource
      root.p.apiVersion = 'string';
      root.p.kind = 'string';
      root.p.metadata = coreRef('V1ObjectMeta');
      kinds[`${doc.spec.group}/${v.name}/${doc.spec.names.kind}`] = root;
    }
  }
}

// The snapshot's served v1beta1 lacks `endPort`, which multi-networkpolicy-iptables' e2e
// (port-range, 2025) applies to v1beta1 against the same project's current scheme.yml: the
// snapshot is older than what clusters run, so v1beta1 takes v1beta2's fields (endPort the only
// difference).
const mnp2 = kinds['k8s.cni.cncf.io/v1beta2/MultiNetworkPolicy'];
if (mnp2) kinds['k8s.cni.cncf.io/v1beta1/MultiNetworkPolicy'] = mnp2;

const set: SchemaSet = { types, kinds };
writeFileSync('src/io/schema/k8s-schemas.json', JSON.stringify(set));
console.log(`${Object.keys(kinds).length} kinds, ${Object.keys(types).length} types`);
