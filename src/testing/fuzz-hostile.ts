import { analyze } from '../engine/analyze';
import { LIMITS } from '../io/yaml-documents';
import { parseManifests } from '../io/k8s-to-model';
import type { Rng, Obj } from './generate';

/*
 * Hostile inputs for the fuzz run (issue 20 item 7): prototype names as keys, shapes the API
 * server rejects, nulls in lists, control characters, endless streams, pathological subnets.
 */

export const PROTO_KEYS = ['__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf', 'prototype'];

/** Add a prototype name as an own key to every label / selector map (kept as data, not a prototype). */
export function protoKeys(obj: Obj, r: Rng): Obj {
  const o = structuredClone(obj) as Record<string, unknown>;
  const walk = (v: unknown, key: string): void => {
    if (Array.isArray(v)) v.forEach((x) => walk(x, ''));
    else if (v && typeof v === 'object') {
      if (key === 'labels' || key === 'matchLabels')
        Object.defineProperty(v, r.pick(PROTO_KEYS), { value: 'x', enumerable: true, writable: true });
      for (const [k, x] of Object.entries(v)) walk(x, k);
    }
  };
  walk(o, '');
  return o;
}

/** A null item in every list of the object (the API server decodes it as a zero value). */
export function nullsInLists(obj: Obj, r: Rng): Obj {
  const o = structuredClone(obj) as Record<string, unknown>;
  const walk = (v: unknown): void => {
    if (Array.isArray(v)) {
      v.forEach(walk);
      v.splice(r.int(v.length + 1), 0, null);
    } else if (v && typeof v === 'object') Object.values(v).forEach(walk);
  };
  walk(o);
  return o;
}

const CONTROL = ['\u0000', '\u001b[31m', '\r', '\n', '\u0085', '\u2028', '\u202e', '\u0007', '\t', '\ufeff'];

/** Control characters inside a name or label value (written as a YAML double-quoted scalar). */
export function controlChars(text: string, r: Rng): string {
  const lines = text.split('\n');
  const at = lines.flatMap((l, k) => (/^\s*(name|app|[a-z]+): [A-Za-z0-9.-]+$/.test(l) ? [k] : []));
  for (let n = 0; n < 3 && at.length; n++) {
    const k = r.pick(at);
    lines[k] = (lines[k] ?? '').replace(
      /: (.+)$/,
      (_, v: string) => `: ${JSON.stringify(`${v}${r.pick(CONTROL)}${r.pick(['x', 'forged | row', ''])}`)}`,
    );
  }
  return lines.join('\n');
}

/** Policy specs the API server rejects: each must give an error and never be applied. */
export const REJECTED_SPECS: readonly string[] = [
  'podSelector: {}\ningress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [10.0.0.0/8]}}]}]',
  'podSelector: {}\ningress: [{from: [{ipBlock: {cidr: "10.0.0.0/8 "}}]}]',
  'podSelector: {}\ningress: [{from: [null]}]',
  'podSelector: "app=a"',
  'podSelector: {}\ningress: [{ports: [{port: [80]}]}]',
  'podSelector: {}\ningress: [{ports: [{port: true}]}]',
  'podSelector: {matchLabels: {"bad key": x}}',
  'podSelector: {matchLabels: {__proto__: x}}',
  'podSelector: {}\npolicyTypes: [ingress]',
  'podSelector: {}\ningress: [{from: [{ipBlock: {cidr: 10.0.0.0/8, except: [null]}}]}]',
  'podSelector: {matchExpressions: [null]}',
];

/** A namespace with a pod and one rejected NetworkPolicy: problem text, or undefined. */
export function checkRejected(spec: string): string | undefined {
  const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: a, namespace: x, labels: {app: a}}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p, namespace: x}\nspec:\n${spec.replace(/^/gm, '  ')}\n`;
  const parsed = parseManifests([{ text, file: 'rejected.yaml' }]);
  const result = analyze(parsed.model);
  const errors = [...parsed.diagnostics, ...result.diagnostics].filter((d) => d.severity === 'error');
  if (errors.length === 0) return `no error for: ${spec}`;
  const applied = result.policies.filter((p) => p.notApplied !== 'rejected by the API server');
  if (applied.length) return `applied although the API server rejects it: ${spec}`;
  return undefined;
}

/** Streams with no end in practice, read up to the limits: the code each must give. */
export function hostileStreams(): { name: string; text: string; code: string }[] {
  return [
    { name: 'over the size limit', text: 'a'.repeat(LIMITS.maxBytes + 1), code: 'input-too-large' },
    { name: 'a flood of NUL bytes (/dev/zero)', text: '\u0000'.repeat(4 << 20), code: 'yaml-syntax' },
    {
      name: 'more documents than the limit',
      text: 'a: 1\n---\n'.repeat(LIMITS.maxDocuments + 1),
      code: 'too-many-documents',
    },
  ];
}

/** A NAD whose subnets its excludeSubnets cover (in part or whole), with workloads that need IPs. */
export function pathologicalSubnets(r: Rng): string {
  const v4 = r.chance(0.5);
  const subnets = v4
    ? r.pick(['10.0.0.0/8', '0.0.0.0/0', '10.0.0.0/8,10.0.0.0/8', '10.0.0.0/30'])
    : r.pick(['fd00::/8', '::/0', 'fd00::/64']);
  const excludes = v4
    ? r.pick(['10.0.0.0/8', '0.0.0.0/1,128.0.0.0/1', '10.0.0.0/9,10.128.0.0/10', '10.0.0.1/32'])
    : r.pick(['fd00::/8', '::/1,8000::/1', 'fd00::/9']);
  const nad = `apiVersion: k8s.cni.cncf.io/v1\nkind: NetworkAttachmentDefinition\nmetadata: {name: n, namespace: x}\nspec:\n  config: '{"name": "n", "type": "ovn-k8s-cni-overlay", "topology": "layer2", "netAttachDefName": "x/n", "subnets": "${subnets}", "excludeSubnets": "${excludes}"}'\n`;
  const pods = Array.from(
    { length: 1 + r.int(30) },
    (_, k) =>
      `---\napiVersion: v1\nkind: Pod\nmetadata:\n  name: p${k}\n  namespace: x\n  annotations: {k8s.v1.cni.cncf.io/networks: n}\n`,
  );
  return nad + pods.join('');
}
