import type { Endpoint, Model } from '../../model/types';
import type { CompiledClusterPolicy } from '../admin/compile';
import { isCluster } from '../admin/evaluate';
import type { CompiledPolicy } from '../compile';
import { LabelSpace, type KnownSets, type LabelGroup } from '../label-space';
import { matchSelector } from '../selectors';
import type { Compiled } from './compile-model';
import type { PolicySummary } from './result';

/** A selection's workloads as positions in a table of labels (`labels[at[k]]` is `list[k]`). */
export interface SelectionNumbers {
  readonly labels: readonly (string | undefined)[];
  readonly at: Int32Array;
}

/**
 * The positions each selection list was made from, kept per list: the answer's packing
 * (wire-pack.ts) copies these numbers instead of looking up 170,000 labels (10,000 endpoints).
 */
const numbered = new WeakMap<readonly string[], SelectionNumbers>();

export function selectionNumbers(list: readonly string[]): SelectionNumbers | undefined {
  return numbered.get(list);
}

/**
 * Per policy: where it applies and whom it selects (R1.1, R9.2), in model order. Selection is by
 * label group (`LabelSpace`, shared with the linter of the same answer): a pod selector is
 * matched once per distinct label set, a namespace selector once per namespace. `selected`
 * keeps each compiled policy's list while the layout holds (the caller drops it when workloads
 * change).
 */
export function policySummaries(
  model: Model,
  c: Compiled,
  labelOf: (e: Endpoint) => string,
  selected: WeakMap<object, string[]>,
  known?: KnownSets,
): PolicySummary[] {
  const space = LabelSpace.of(model.endpoints, known);
  // one mask for every NetworkPolicy, cleared after each (2,000 policies, 8,000 groups at 10,000 endpoints)
  const mask = new Uint8Array(space.groups.length);
  const marked: number[] = [];
  const mark = (g: number) => {
    mask[g] = 1;
    marked.push(g);
  };
  const labels = new Array<string | undefined>(space.workloads.length);
  const labelAt = (i: number): string => (labels[i] ??= labelOf(space.workloads[i] as Endpoint));
  /** the labels of the workloads at `at` (each workload labelled once per answer), numbered */
  const labelled = (at: Int32Array): string[] => {
    const out = new Array<string>(at.length);
    for (let k = 0; k < at.length; k++) out[k] = labelAt(at[k] as number);
    numbered.set(out, { labels, at });
    return out;
  };
  // per namespace selector (by content): the namespaces it admits, as a mask of `space.namespaces`
  const nsMasks = new Map<string, Uint8Array>();
  // per subject (by content): its groups as a mask and its workloads (policies repeat subjects)
  const subjects = new Map<string, { own: Uint8Array; list: string[] }>();
  // per NetworkPolicy subject (namespace and pod selector by content): its workloads, one list
  // for every policy with that subject (the wire sends each list once: wire-policies.ts)
  const lists = new Map<string, string[]>();
  const selectedBy = (p: CompiledPolicy | CompiledClusterPolicy): string[] => {
    let s = selected.get(p);
    if (!s) {
      if (isCluster(p)) {
        const sub = p.admin.subject;
        const nsKey = space.keyOf(sub.namespaceSelector);
        const key = `${nsKey}\u0000${sub.podSelector ? space.keyOf(sub.podSelector) : '-'}`;
        let found = subjects.get(key);
        if (!found) {
          let inNs = nsMasks.get(nsKey);
          if (!inNs) {
            inNs = space.namespaceMask((ns) => matchSelector(sub.namespaceSelector, c.namespaceLabels(ns)));
            nsMasks.set(nsKey, inNs);
          }
          const groups = space.groupsWhere(inNs, sub.podSelector);
          // a mask of its own, kept for the linter of this answer (lint/admin.ts `subjects`)
          const own = new Uint8Array(space.groups.length);
          for (let j = 0; j < groups.length; j++) own[groups[j] as number] = 1;
          // each workload labelled once per answer, however many policies select it
          found = { own, list: groups.length ? labelled(space.positions(own)) : [] };
          subjects.set(key, found);
        }
        space.keepSubject(c, p, found.own);
        s = found.list;
      } else {
        const { namespace, podSelector } = p.policy;
        const key = `${namespace}\u0000${space.keyOf(podSelector)}`;
        s = lists.get(key);
        if (!s) {
          const pods = space.matcher(podSelector);
          const groups = space.groupsIn(namespace);
          for (let j = 0; j < groups.length; j++) {
            const g = groups[j] as LabelGroup;
            if (pods(g.labelSet)) mark(g.index);
          }
          s = marked.length ? labelled(space.positions(mask, namespace)) : [];
          for (const g of marked) mask[g] = 0;
          marked.length = 0;
          lists.set(key, s);
        }
      }
      selected.set(p, s);
    }
    return s;
  };
  return [...c.policies, ...c.clusterPolicies].map((p) => ({
    id: p.policy.id,
    networks: [...p.networks],
    ingress: p.ingress,
    egress: p.egress,
    ...(p.notApplied ? { notApplied: p.notApplied } : {}),
    selected: selectedBy(p),
  }));
}
