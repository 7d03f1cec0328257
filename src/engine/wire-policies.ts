import type { PolicySummary } from './analysis/result';
import { selectionNumbers } from './analysis/summaries';

/**
 * The policy summaries of an answer as they cross to the page (wire-pack.ts packs the rest).
 * Policies with the same subject share one selection list (analysis/summaries.ts): at 100,000
 * endpoints 20,000 policies select 3.9 million workloads in all, but 11,000 distinct lists hold
 * 1.1 million. Each distinct list crosses once, as numbers into one label table, and the page
 * makes it once, shared by every policy naming it.
 */
export interface WirePolicies {
  readonly rest: readonly Omit<PolicySummary, 'selected'>[];
  /** (holes where no selection names a workload of the summaries' table) */
  readonly labels: readonly string[];
  /** policy k selects list `list[k]` */
  readonly list: Int32Array;
  /** list j is labels[selected[at[j]] .. selected[at[j + 1] - 1]] */
  readonly at: Int32Array;
  readonly selected: Int32Array;
}

/** Policy summaries as they are posted (the lint worker packs its own: lint-host.ts). */
export function packPolicies(policies: readonly PolicySummary[]): WirePolicies {
  // each distinct list object once, numbered in the order policies first name it
  const listNo = new Map<readonly string[], number>();
  const lists: (readonly string[])[] = [];
  const list = new Int32Array(policies.length);
  let n = 0;
  for (let k = 0; k < policies.length; k++) {
    const s = (policies[k] as PolicySummary).selected;
    let j = listNo.get(s);
    if (j === undefined) {
      listNo.set(s, (j = lists.length));
      lists.push(s);
      n += s.length;
    }
    list[k] = j;
  }
  // selections numbered by the summaries copy their numbers into one table's labels: the table
  // most lists use is the wire's list (after an edit, the lists kept from an earlier answer
  // share that answer's), other labels are added by value
  const uses = new Map<readonly (string | undefined)[], number>();
  let table: readonly (string | undefined)[] = [];
  for (const s of lists) {
    const t = selectionNumbers(s)?.labels;
    if (!t) continue;
    const c = (uses.get(t) ?? 0) + 1;
    uses.set(t, c);
    if (c > (uses.get(table) ?? 0)) table = t;
  }
  const labels: (string | undefined)[] = table.slice();
  const ids = new Map<string, number>();
  const at = new Int32Array(lists.length + 1);
  const selected = new Int32Array(n);
  let k = 0;
  for (let j = 0; j < lists.length; j++) {
    const s = lists[j] as readonly string[];
    at[j] = k;
    const nums = selectionNumbers(s);
    if (nums?.labels === table) {
      selected.set(nums.at, k);
      k += s.length;
      continue;
    }
    // (an indexed loop: a for-of step allocates until optimised)
    for (let i = 0; i < s.length; i++) {
      const label = s[i] as string;
      let id = ids.get(label);
      if (id === undefined) {
        ids.set(label, (id = labels.length));
        labels.push(label);
      }
      selected[k++] = id;
    }
  }
  at[lists.length] = k;
  const rest = policies.map(({ selected: _s, ...p }) => p);
  return { rest, labels: labels as string[], list, at, selected };
}

/** `packPolicies` undone: equal summaries, policies of one list sharing its array. */
export function unpackPolicies(w: WirePolicies): PolicySummary[] {
  const lists: string[][] = [];
  for (let j = 0; j + 1 < w.at.length; j++) {
    const from = w.at[j] as number;
    const out = new Array<string>((w.at[j + 1] as number) - from);
    for (let i = 0; i < out.length; i++) out[i] = w.labels[w.selected[from + i] as number] as string;
    lists.push(out);
  }
  return w.rest.map((p, k) => ({ ...p, selected: lists[w.list[k] as number] as string[] }));
}
