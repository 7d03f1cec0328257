import type { LabelSelector, Labels } from '../model/types';
import type { LabelSpace } from './label-space';

const postings = new WeakMap<LabelSpace, LabelPostings>();

/**
 * The distinct label sets of a `LabelSpace` by label (`key=value`), and the label groups of each
 * set. A selector with matchLabels can only match the sets carrying all of them: its candidates
 * are the sets of its rarest label, so asking "does it match a workload in these namespaces" or
 * "which groups does it match" costs what it matches, not the 3,000 label sets of 10,000
 * workloads for each of a few hundred selectors.
 */
export class LabelPostings {
  /** label key → value → the label sets carrying it (two levels: no `key=value` text made per label) */
  private readonly byLabel = new Map<string, Map<string, number[]>>();
  /** per selector object: its candidates (null: none named) */
  private readonly known = new WeakMap<LabelSelector, readonly number[] | null>();
  private readonly byContent = new Map<string, readonly number[] | null>();
  /** label set → its groups' indices, ascending */
  readonly groupsOfSet: readonly (readonly number[])[];

  static of(space: LabelSpace): LabelPostings {
    let p = postings.get(space);
    if (!p) postings.set(space, (p = new LabelPostings(space)));
    return p;
  }

  private constructor(private readonly space: LabelSpace) {
    const sets = space.labelSets;
    for (let ls = 0; ls < sets.length; ls++) {
      const labels = sets[ls] as Labels;
      for (const k in labels) {
        const v = labels[k] as string;
        let byValue = this.byLabel.get(k);
        if (!byValue) this.byLabel.set(k, (byValue = new Map()));
        const l = byValue.get(v);
        if (l) l.push(ls);
        else byValue.set(v, [ls]);
      }
    }
    const groupsOfSet: number[][] = space.labelSets.map(() => []);
    for (const g of space.groups) (groupsOfSet[g.labelSet] as number[]).push(g.index);
    this.groupsOfSet = groupsOfSet;
  }

  /**
   * The label sets `sel` can match (a superset, ascending), or undefined when it names no label
   * that narrows them (any set may match). Each matchLabels entry, `In` and `Exists` names the
   * sets carrying it: one list, the lists of its values, every list of its key (a set has one
   * value per key, so these lists are disjoint and their sizes add up); the smallest wins.
   */
  candidates(sel: LabelSelector): readonly number[] | undefined {
    const known = this.known.get(sel);
    if (known !== undefined) return known ?? undefined;
    // (per content too: 10,000 policies repeat a few hundred selectors, and a union is a sort)
    const key = this.space.keyOf(sel);
    const same = this.byContent.get(key);
    if (same !== undefined) {
      this.known.set(sel, same);
      return same ?? undefined;
    }
    let best: readonly (readonly number[])[] | undefined;
    let size = 0;
    const consider = (lists: readonly (readonly number[])[]) => {
      let n = 0;
      for (const l of lists) n += l.length;
      if (!best || n < size) {
        best = lists;
        size = n;
      }
    };
    for (const [k, v] of Object.entries(sel.matchLabels ?? {})) consider([this.byLabel.get(k)?.get(v) ?? []]);
    for (const r of sel.matchExpressions ?? []) {
      const byValue = this.byLabel.get(r.key);
      if (r.operator === 'In') consider([...new Set(r.values ?? [])].map((v) => byValue?.get(v) ?? []));
      else if (r.operator === 'Exists') consider(byValue ? [...byValue.values()] : []);
    }
    const found: readonly (readonly number[])[] | undefined = best;
    const out = !found ? undefined : found.length === 1 ? (found[0] as readonly number[]) : merged(found);
    this.known.set(sel, out ?? null);
    this.byContent.set(key, out ?? null);
    return out;
  }

  /**
   * Are `candidates(sel)` exactly the label sets `sel` matches (no set among them to test)? So
   * when it has one requirement and that names its sets: a matchLabels entry (the sets with
   * that value), `In` (with one of the values) or `Exists` (with the key), as `matchSelector`
   * reads them (an own label, compared as is).
   */
  exact(sel: LabelSelector): boolean {
    const labels = sel.matchLabels ? Object.keys(sel.matchLabels).length : 0;
    const exprs = sel.matchExpressions ?? [];
    if (labels + exprs.length !== 1) return false;
    if (labels === 1) return true;
    const op = exprs[0]?.operator;
    return op === 'In' || op === 'Exists';
  }
}

/** Disjoint ascending lists as one ascending list. */
function merged(lists: readonly (readonly number[])[]): number[] {
  const out: number[] = [];
  for (const l of lists) for (let i = 0; i < l.length; i++) out.push(l[i] as number);
  return out.sort((a, b) => a - b);
}
