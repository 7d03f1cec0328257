import type { PolicySummary } from './analysis/result';
import { selectionNumbers } from './analysis/summaries';

/** The policy summaries of an answer as they cross to the page (wire-pack.ts packs the rest). */
export interface WirePolicies {
  readonly rest: readonly Omit<PolicySummary, 'selected'>[];
  /** (holes where no selection names a workload of the summaries' table) */
  readonly labels: readonly string[];
  /** policy k selects labels[selected[at[k]] .. selected[at[k + 1] - 1]] */
  readonly at: Int32Array;
  readonly selected: Int32Array;
}

/** Policy summaries as they are posted (the lint worker packs its own: lint-host.ts). */
export function packPolicies(policies: readonly PolicySummary[]): WirePolicies {
  // selections numbered by the summaries (analysis/summaries.ts) copy their numbers into one
  // table's labels: the table most selections use is the wire's list (after an edit, the lists
  // kept from an earlier answer share that answer's), other labels are added by value
  const uses = new Map<readonly (string | undefined)[], number>();
  let table: readonly (string | undefined)[] = [];
  for (const p of policies) {
    const t = selectionNumbers(p.selected)?.labels;
    if (!t) continue;
    const n = (uses.get(t) ?? 0) + 1;
    uses.set(t, n);
    if (n > (uses.get(table) ?? 0)) table = t;
  }
  const labels: (string | undefined)[] = table.slice();
  const ids = new Map<string, number>();
  const at = new Int32Array(policies.length + 1);
  let n = 0;
  policies.forEach((p, k) => {
    at[k] = n;
    n += p.selected.length;
  });
  at[policies.length] = n;
  const selected = new Int32Array(n);
  let k = 0;
  const rest = policies.map(({ selected: list, ...p }) => {
    const nums = selectionNumbers(list);
    if (nums?.labels === table) {
      selected.set(nums.at, k);
      k += list.length;
      return p;
    }
    // (an indexed loop: 170,000 labels at 10,000 endpoints, a for-of step allocates until optimised)
    for (let i = 0; i < list.length; i++) {
      const s = list[i] as string;
      let id = ids.get(s);
      if (id === undefined) {
        ids.set(s, (id = labels.length));
        labels.push(s);
      }
      selected[k++] = id;
    }
    return p;
  });
  return { rest, labels: labels as string[], at, selected };
}

export function unpackPolicies(w: WirePolicies): PolicySummary[] {
  return w.rest.map((p, k) => {
    const list: string[] = [];
    for (let i = w.at[k] as number; i < (w.at[k + 1] as number); i++)
      list.push(w.labels[w.selected[i] as number] as string);
    return { ...p, selected: list };
  });
}
