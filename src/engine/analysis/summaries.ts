import type { Endpoint, Model } from '../../model/types';
import type { CompiledClusterPolicy } from '../admin/compile';
import { isCluster } from '../admin/evaluate';
import type { CompiledPolicy } from '../compile';
import { LabelSpace, type LabelGroup } from '../label-space';
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
): PolicySummary[] {
  const space = LabelSpace.of(model.endpoints);
  // per namespace selector (by content): does it match each namespace
  const nsMatches = new Map<string, Map<string, boolean>>();
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
  const namespaces = [...space.groupsByNs.keys()];
  const selectedBy = (p: CompiledPolicy | CompiledClusterPolicy): string[] => {
    let s = selected.get(p);
    if (!s) {
      if (isCluster(p)) {
        // a mask of its own, kept for the linter of this answer (lint/admin.ts `subjects`)
        const own = new Uint8Array(space.groups.length);
        const sub = p.admin.subject;
        const pods = sub.podSelector ? space.matcher(sub.podSelector) : () => true;
        const key = space.keyOf(sub.namespaceSelector);
        let known = nsMatches.get(key);
        if (!known) nsMatches.set(key, (known = new Map()));
        let any = false;
        for (let k = 0; k < namespaces.length; k++) {
          const ns = namespaces[k] as string;
          let inNs = known.get(ns);
          if (inNs === undefined)
            known.set(ns, (inNs = matchSelector(sub.namespaceSelector, c.namespaceLabels(ns))));
          if (!inNs) continue;
          const groups = space.groupsIn(ns);
          for (let j = 0; j < groups.length; j++) {
            const g = groups[j] as LabelGroup;
            if (pods(g.labelSet)) {
              own[g.index] = 1;
              any = true;
            }
          }
        }
        space.keepSubject(c, p, own);
        // each workload labelled once per answer, however many policies select it
        s = any ? labelled(space.positions(own)) : [];
      } else {
        const pods = space.matcher(p.policy.podSelector);
        const groups = space.groupsIn(p.policy.namespace);
        for (let j = 0; j < groups.length; j++) {
          const g = groups[j] as LabelGroup;
          if (pods(g.labelSet)) mark(g.index);
        }
        s = marked.length ? labelled(space.positions(mask, p.policy.namespace)) : [];
        for (const g of marked) mask[g] = 0;
        marked.length = 0;
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
