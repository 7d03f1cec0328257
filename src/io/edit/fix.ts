import type { Diagnostic } from '../../model/diagnostic';
import { userMapOf } from '../../model/labels';
import { isObject, type Json } from '../reader';

type Seg = string | number;

/** `spec.ingress[0].from[1].ipBlock.cidr` → ['spec','ingress',0,'from',1,'ipBlock','cidr']. */
export function parsePath(field: string): Seg[] {
  const out: Seg[] = [];
  for (const part of field.split('.')) {
    const m = /^([^[]*)((?:\[\d+\])*)$/.exec(part);
    if (!m) return [];
    if (m[1]) out.push(m[1]);
    for (const idx of (m[2] ?? '').matchAll(/\[(\d+)\]/g)) out.push(Number(idx[1]));
  }
  return out;
}

function getAt(o: unknown, path: readonly Seg[]): unknown {
  let cur = o;
  for (const s of path) {
    if (typeof s === 'number') cur = Array.isArray(cur) ? cur[s] : undefined;
    else cur = isObject(cur) ? cur[s] : undefined;
  }
  return cur;
}

function setAt(o: unknown, path: readonly Seg[], value: unknown): boolean {
  const parent = getAt(o, path.slice(0, -1));
  const last = path[path.length - 1];
  if (last === undefined) return false;
  if (typeof last === 'number' && Array.isArray(parent)) parent[last] = value;
  else if (typeof last === 'string' && isObject(parent)) (parent as Record<string, unknown>)[last] = value;
  else return false;
  return true;
}

const FIXABLE = new Set([
  'policy-types-case',
  'ipblock-invalid',
  'ipblock-bare-ip',
  'ipblock-host-bits',
  'policy-selects-nothing',
  'selector-matches-nothing',
  'egress-only-isolates-ingress',
  'mnp-policy-types-missing',
]);

export function isFixable(d: Diagnostic): boolean {
  return (
    d.fix !== undefined &&
    d.field !== undefined &&
    FIXABLE.has(d.code) &&
    (d.code !== 'ipblock-invalid' || /\/\d+$/.test(d.fix))
  );
}

/** Apply a finding's fix to its object; undefined when it cannot be applied unambiguously. */
export function applyFix(obj: Json, d: Diagnostic): Json | undefined {
  if (!isFixable(d) || d.fix === undefined || d.field === undefined) return undefined;
  const o = structuredClone(obj) as Record<string, unknown>;
  const path = parsePath(d.field);
  switch (d.code) {
    case 'policy-types-case':
    case 'ipblock-invalid':
    case 'ipblock-bare-ip':
    case 'ipblock-host-bits':
      return setAt(o, path, d.fix) ? o : undefined;
    case 'egress-only-isolates-ingress':
      return setAt(o, ['spec', 'policyTypes'], ['Egress']) ? o : undefined;
    case 'mnp-policy-types-missing':
      return setAt(o, ['spec', 'policyTypes'], d.fix.includes('Egress') ? ['Ingress', 'Egress'] : ['Ingress'])
        ? o
        : undefined;
    case 'policy-selects-nothing':
    case 'selector-matches-nothing': {
      const sel = getAt(o, path);
      const m = /^([^:]+): (.*)$/.exec(d.fix);
      if (!isObject(sel) || !isObject(sel.matchLabels) || !m) return undefined;
      const [, key = '', value = ''] = m;
      const labels = userMapOf(Object.entries(sel.matchLabels));
      // the fix either corrects a value (same key) or a key (same value)
      if (Object.prototype.hasOwnProperty.call(labels, key)) labels[key] = value;
      else {
        const wrong = Object.keys(labels).find(
          (k) => String(labels[k]).toLowerCase() === value.toLowerCase(),
        );
        if (!wrong) return undefined;
        delete labels[wrong];
        labels[key] = value;
      }
      (sel as Record<string, unknown>).matchLabels = labels;
      return o;
    }
    default:
      return undefined;
  }
}
