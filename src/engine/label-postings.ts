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
  /** label set → its groups' indices, ascending */
  readonly groupsOfSet: readonly (readonly number[])[];

  static of(space: LabelSpace): LabelPostings {
    let p = postings.get(space);
    if (!p) postings.set(space, (p = new LabelPostings(space)));
    return p;
  }

  private constructor(space: LabelSpace) {
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
   * The label sets `sel` can match (a superset, ascending: the sets carrying its rarest
   * matchLabels entry), or undefined when it names no matchLabels (any set may match).
   */
  candidates(sel: LabelSelector): readonly number[] | undefined {
    const known = this.known.get(sel);
    if (known !== undefined) return known ?? undefined;
    let best: readonly number[] | undefined;
    for (const [k, v] of Object.entries(sel.matchLabels ?? {})) {
      const l = this.byLabel.get(k)?.get(v) ?? [];
      if (!best || l.length < best.length) best = l;
    }
    this.known.set(sel, best ?? null);
    return best;
  }
}
