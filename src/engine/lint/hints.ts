import type { Fix } from '../../model/diagnostic';
import { labelValue } from '../../model/labels';
import type { LabelSelector, Labels } from '../../model/types';

function distance(a: string, b: string): number {
  const d: number[] = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let prev = d[0] as number;
    d[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = d[j] as number;
      d[j] = Math.min((d[j] as number) + 1, (d[j - 1] as number) + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = tmp;
    }
  }
  return d[b.length] as number;
}

export interface Hint {
  readonly text: string;
  readonly fix?: string;
  /** The selector's matchLabels with the fix applied (for the structured edit). */
  readonly matchLabels?: Labels;
}

/** matchLabels with `from` replaced by `key: value` (same place in the order). */
function corrected(labels: Labels, from: string, key: string, value: string): Labels {
  return Object.fromEntries(Object.entries(labels).map(([k, v]) => (k === from ? [key, value] : [k, v])));
}

/**
 * Why a selector matches nothing, when a near miss explains it: a value differing only in
 * case (`VM2` vs `vm2`, R6.2), a key with a typo, or `name` where namespaces only carry
 * `kubernetes.io/metadata.name` automatically.
 */
export function nearMiss(
  sel: LabelSelector,
  candidates: readonly Labels[],
  forNamespaces: boolean,
): Hint | undefined {
  const ml = sel.matchLabels ?? {};
  for (const [k, v] of Object.entries(ml)) {
    const matchesKey = candidates.some((l) => labelValue(l, k) === v);
    if (matchesKey) continue;
    const caseMiss = candidates
      .map((l) => labelValue(l, k))
      .find((x) => x !== undefined && x.toLowerCase() === v.toLowerCase());
    if (caseMiss !== undefined)
      return {
        text: `label values are case-sensitive: did you mean ${k}: ${caseMiss}?`,
        fix: `${k}: ${caseMiss}`,
        matchLabels: corrected(ml, k, k, caseMiss),
      };
    if (
      forNamespaces &&
      k === 'name' &&
      candidates.some((l) => labelValue(l, 'kubernetes.io/metadata.name') === v)
    ) {
      return {
        text: `no namespace has the label name=${v}; every namespace carries kubernetes.io/metadata.name automatically: did you mean kubernetes.io/metadata.name: ${v}?`,
        fix: `kubernetes.io/metadata.name: ${v}`,
        matchLabels: corrected(ml, k, 'kubernetes.io/metadata.name', v),
      };
    }
    const keys = new Set(candidates.flatMap((l) => Object.keys(l)));
    const close = [...keys].find(
      (key) =>
        key !== k &&
        distance(key.toLowerCase(), k.toLowerCase()) <= 2 &&
        candidates.some((l) => labelValue(l, key)?.toLowerCase() === v.toLowerCase()),
    );
    if (close)
      return {
        text: `no object has the key "${k}": did you mean "${close}"?`,
        fix: `${close}: ${v}`,
        matchLabels: corrected(ml, k, close, v),
      };
    if (k === 'vm.kubevirt.io/name' && v !== v.toLowerCase())
      return {
        text: `VM names are lowercase DNS names, so ${k}: ${v} can never match: did you mean ${v.toLowerCase()}?`,
        fix: `${k}: ${v.toLowerCase()}`,
        matchLabels: corrected(ml, k, k, v.toLowerCase()),
      };
    const values = [
      ...new Set(candidates.map((l) => labelValue(l, k)).filter((x): x is string => x !== undefined)),
    ];
    if (values.length)
      return { text: `objects with the key ${k} have the values: ${values.slice(0, 5).join(', ')}` };
  }
  return undefined;
}

/** A hint's fix with its structured edit of the selector at `field`. */
export function hintFix(hint: Hint | undefined, field: string): Fix | undefined {
  if (!hint?.fix) return undefined;
  return hint.matchLabels
    ? { text: hint.fix, edit: { field: `${field}.matchLabels`, value: hint.matchLabels } }
    : hint.fix;
}
