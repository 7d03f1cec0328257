import type { LabelSelector, Labels } from '../../model/types';

/**
 * Label selectors that match exactly a chosen set of label classes among all the classes of
 * a namespace (a class = endpoints with identical labels: no selector can tell them apart).
 * Readable first: a label they all share when they are the whole namespace, else `{}`; one `key: value` the chosen share and no other class has, one
 * `key In [...]`; else one selector per class (its labels, minus the keys of the classes
 * whose labels contain them).
 */
const PREFERRED = [
  'app',
  'app.kubernetes.io/name',
  'k8s-app',
  'name',
  'role',
  'tier',
  'component',
  'app.kubernetes.io/component',
  'vm.kubevirt.io/name',
  'kubevirt.io/vm',
  'kubevirt.io/domain',
];
/** Set by KubeVirt or controllers on every object of a kind: never what a person means. */
const LAST = new Set([
  'kubevirt.io',
  'kubevirt.io/created-by',
  'pod-template-hash',
  'controller-revision-hash',
]);

function keyRank(k: string): number {
  const i = PREFERRED.indexOf(k);
  return i >= 0 ? i : LAST.has(k) ? 1000 : 100;
}
const byRank = (a: string, b: string) => keyRank(a) - keyRank(b) || (a < b ? -1 : a > b ? 1 : 0);

export const labelKey = (l: Labels): string =>
  JSON.stringify(Object.entries(l).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

export interface CoverPart {
  readonly selector: LabelSelector;
  /** The chosen classes it matches. */
  readonly classes: readonly Labels[];
}

export function exactSelectors(chosen: readonly Labels[], all: readonly Labels[]): CoverPart[] {
  if (chosen.length === 0) return [];
  const picked = new Set(chosen.map(labelKey));
  const others = all.filter((l) => !picked.has(labelKey(l)));
  if (others.length === 0) {
    // the whole namespace: still name the group when one label does (a new pod is not let in by accident)
    const first = chosen[0] as Labels;
    const key = Object.keys(first)
      .filter((k) => !LAST.has(k) && chosen.every((c) => c[k] === first[k]))
      .sort(byRank)[0];
    return [{ selector: key ? { matchLabels: { [key]: first[key] as string } } : {}, classes: chosen }];
  }
  const one = single(chosen, others);
  if (one) return [{ selector: one, classes: chosen }];
  return chosen.map((c) => ({ selector: single([c], others) ?? classSelector(c, others), classes: [c] }));
}

function single(chosen: readonly Labels[], others: readonly Labels[]): LabelSelector | undefined {
  const first = chosen[0] as Labels;
  const keys = Object.keys(first)
    .filter((k) => chosen.every((c) => c[k] !== undefined))
    .sort(byRank);
  for (const k of keys) {
    const v = first[k] as string;
    if (chosen.every((c) => c[k] === v) && !others.some((o) => o[k] === v))
      return { matchLabels: { [k]: v } };
  }
  let best: { key: string; values: string[] } | undefined;
  for (const k of keys) {
    const values = [...new Set(chosen.map((c) => c[k] as string))].sort();
    if (others.some((o) => o[k] !== undefined && values.includes(o[k]))) continue;
    if (!best || values.length < best.values.length) best = { key: k, values };
  }
  return best ? { matchExpressions: [{ key: best.key, operator: 'In', values: best.values }] } : undefined;
}

/** Its labels, and `DoesNotExist` for one extra key of every class whose labels include them. */
function classSelector(c: Labels, others: readonly Labels[]): LabelSelector {
  const absent = new Set<string>();
  for (const o of others) {
    if (!Object.entries(c).every(([k, v]) => o[k] === v)) continue;
    const extra = Object.keys(o)
      .filter((k) => c[k] === undefined)
      .sort(byRank);
    if (!extra.some((k) => absent.has(k))) absent.add(extra[0] as string);
  }
  return {
    ...(Object.keys(c).length ? { matchLabels: { ...c } } : {}),
    ...(absent.size
      ? { matchExpressions: [...absent].sort().map((key) => ({ key, operator: 'DoesNotExist' })) }
      : {}),
  };
}

/** A short, readable name for what a selector picks: `web`, `vm1-vm2`, `all`. */
export function selectorName(s: LabelSelector): string {
  const values = [
    ...Object.values(s.matchLabels ?? {}),
    ...(s.matchExpressions ?? []).filter((e) => e.operator === 'In').flatMap((e) => e.values ?? []),
  ];
  if (values.length === 0) return Object.keys(s).length ? 'unlabelled' : 'all';
  return values.length > 3 ? `${values[0]}-and-${values.length - 1}-more` : values.join('-');
}
