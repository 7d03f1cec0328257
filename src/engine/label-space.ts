import type { Endpoint, LabelSelector, Labels } from '../model/types';
import { isSelectable } from './evaluate';
import { isEmptySelector, matchSelector, selectorMatcher } from './selectors';
import { sortStrings } from './classes/features';
import { LabelPostings } from './label-postings';

/** Workloads alike for every selector: one namespace, one label set. */
export interface LabelGroup {
  readonly namespace: string;
  readonly labels: Labels;
  /** index of the label set in `LabelSpace.labelSets` (shared by groups of other namespaces) */
  readonly labelSet: number;
  /** index in `LabelSpace.groups` */
  readonly index: number;
  readonly endpoints: readonly Endpoint[];
}

/** A selector's contents as a key, per selector object (compiled policies keep theirs across edits). */
const keys = new WeakMap<LabelSelector, string>();

/**
 * A label set as a key: sorted keys, each key and value length-prefixed (no text can make two
 * sets one). Written by parts and joined (a concatenated key is a chain of strings, flattened
 * again by every map that hashes it) and sorted in place (the built-in sort allocates per call).
 */
function labelSetKey(labels: Labels): string {
  const names = sortStrings(Object.keys(labels));
  const parts: (string | number)[] = [];
  for (let i = 0; i < names.length; i++) {
    const k = names[i] as string;
    const v = labels[k] as string;
    parts.push(k.length, ':', k, v.length, ':', v);
  }
  return parts.join('');
}

/** A namespace's label groups by label set number, and the positions of its workloads. */
interface NsGroups {
  /** its place in `LabelSpace.namespaces` */
  readonly number: number;
  /** by label set number */
  readonly bySet: Map<number, LabelGroup & { endpoints: Endpoint[] }>;
  readonly list: LabelGroup[];
  readonly at: number[];
}

/** Label sets already numbered elsewhere (an analyzer's class cache: `ClassCache.labelSetOf`). */
export interface KnownSets {
  /** equal numbers for endpoints of equal labels; none for an endpoint not seen */
  labelSetOf(e: Endpoint): number | undefined;
}

/** Kept per endpoint list: the worker's summaries and findings of one answer share one. */
const spaces = new WeakMap<readonly Endpoint[], LabelSpace>();

/**
 * The selectable workloads of a model by label group (namespace and label set) and by distinct
 * label set. A pod selector is matched once per distinct label set, whatever the number of
 * workloads, namespaces and policies carrying it (selectors are memoised by content): 10,000
 * workloads have some 3,000 label sets, and 2,000 policies a few hundred distinct selectors.
 * Everything here depends on the endpoints only (namespace labels are the caller's), so an edit
 * of policies or namespaces keeps it (`LabelSpace.of` by the endpoint list).
 */
export class LabelSpace {
  readonly workloads: readonly Endpoint[];
  readonly groups: readonly LabelGroup[];
  readonly groupsByNs = new Map<string, LabelGroup[]>();
  readonly labelSets: readonly Labels[];
  /** the namespaces of the workloads, numbered in the order of their first workload */
  readonly namespaces: readonly string[];
  /** per label group: its namespace's number and its label set (scans read these, not the groups) */
  readonly groupNs: Int32Array;
  readonly groupSet: Int32Array;
  private byGroup: { readonly start: Int32Array; readonly at: Int32Array } | undefined;
  /** per label group: how many workloads it holds */
  readonly groupSize: Int32Array;
  /** each namespace's groups, by its number */
  private readonly groupsOfNs: (readonly LabelGroup[])[] = [];
  /** the group index of each workload (same order as `workloads`) */
  private readonly groupAt: Int32Array;
  /** positions in `workloads` of each namespace's workloads */
  private readonly inNs = new Map<string, readonly number[]>();
  /** By id: the network layout an analyzer reuses may hold equal endpoints of an earlier model. */
  private groupById: Map<string, LabelGroup> | undefined;
  /** per endpoint of the list this space was made from: its group (-1: not selectable) */
  private readonly groupByIndex: Int32Array;
  /** per selector (by content): 0 not known yet, 1 no, 2 yes, per label set */
  private readonly matched = new Map<string, Uint8Array>();
  private readonly matchers = new WeakMap<LabelSelector, (ls: number) => boolean>();
  /** per compiled model, per cluster policy: its subject's groups (`keepSubject`) */
  private readonly subjects = new WeakMap<object, WeakMap<object, Uint8Array>>();

  /**
   * The space of a list of endpoints, made on first ask. `known` (an analyzer's class cache,
   * which grouped the same endpoints by label set while classifying) names the label set of
   * the endpoints it has seen by number, so those need no key of their labels made here.
   */
  static of(endpoints: readonly Endpoint[], known?: KnownSets): LabelSpace {
    let s = spaces.get(endpoints);
    if (!s) spaces.set(endpoints, (s = new LabelSpace(endpoints, known)));
    return s;
  }

  private constructor(
    private readonly source: readonly Endpoint[],
    known?: KnownSets,
  ) {
    const ws: Endpoint[] = [];
    this.workloads = ws;
    const groups: LabelGroup[] = [];
    // per label set key its number, then per namespace and set number its group: one text
    // lookup per workload (the key is hashed once), the rest by number
    const byNs = new Map<string, NsGroups>();
    const setOf = new Map<string, number>();
    const setOfText = new Map<string, number>();
    const setOfKnown = new Map<number, number>();
    const labelSets: Labels[] = [];
    const namespaces: string[] = [];
    this.groupByIndex = new Int32Array(source.length).fill(-1);
    const groupAt: number[] = [];
    // (at most one group per workload: cut to the groups made below)
    const groupNs = new Int32Array(source.length);
    const groupSet = new Int32Array(source.length);
    for (let e = 0; e < source.length; e++) {
      const w = source[e] as Endpoint;
      if (!isSelectable(w)) continue;
      const i = ws.length;
      ws.push(w);
      // the set as the cache numbered it (its sets are ours once each: one key made per set),
      // else the labels as written (JSON, native: keys in their order): the sorted key is made
      // once per such text, so labels written alike in any order share a set
      const cached = known?.labelSetOf(w);
      let set = cached === undefined ? undefined : setOfKnown.get(cached);
      if (set === undefined) {
        const text = cached === undefined ? JSON.stringify(w.labels) : undefined;
        set = text === undefined ? undefined : setOfText.get(text);
        if (set === undefined) {
          const key = labelSetKey(w.labels);
          set = setOf.get(key);
          if (set === undefined) {
            setOf.set(key, (set = labelSets.length));
            labelSets.push(w.labels);
          }
          if (text !== undefined) setOfText.set(text, set);
        }
        if (cached !== undefined) setOfKnown.set(cached, set);
      }
      let ns = byNs.get(w.namespace);
      if (!ns) {
        ns = { number: namespaces.length, bySet: new Map(), list: [], at: [] };
        namespaces.push(w.namespace);
        this.groupsOfNs.push(ns.list);
        byNs.set(w.namespace, ns);
        this.groupsByNs.set(w.namespace, ns.list);
        this.inNs.set(w.namespace, ns.at);
      }
      let g = ns.bySet.get(set);
      if (!g) {
        g = {
          namespace: w.namespace,
          labels: w.labels,
          labelSet: set,
          index: groups.length,
          endpoints: [],
        };
        ns.bySet.set(set, g);
        ns.list.push(g);
        groupNs[groups.length] = ns.number;
        groupSet[groups.length] = set;
        groups.push(g);
      }
      g.endpoints.push(w);
      groupAt.push(g.index);
      this.groupByIndex[e] = g.index;
      ns.at.push(i);
    }
    this.groupAt = new Int32Array(groupAt);
    this.groups = groups;
    this.labelSets = labelSets;
    this.namespaces = namespaces;
    this.groupNs = groupNs.slice(0, groups.length);
    this.groupSet = groupSet.slice(0, groups.length);
    const size = new Int32Array(groups.length);
    for (let i = 0; i < groupAt.length; i++) {
      const g = groupAt[i] as number;
      size[g] = (size[g] as number) + 1;
    }
    this.groupSize = size;
  }

  /**
   * The positions in `workloads` of each group's workloads, ascending: group g's are
   * `at[start[g]]` to `at[start[g + 1] - 1]` (made on first ask, by counting).
   */
  positionsByGroup(): { readonly start: Int32Array; readonly at: Int32Array } {
    if (!this.byGroup) {
      const G = this.groups.length;
      const start = new Int32Array(G + 1);
      for (let g = 0; g < G; g++) start[g + 1] = (start[g] as number) + (this.groupSize[g] as number);
      const next = start.slice(0, G);
      const at = new Int32Array(this.groupAt.length);
      for (let i = 0; i < at.length; i++) {
        const g = this.groupAt[i] as number;
        at[next[g] as number] = i;
        next[g] = (next[g] as number) + 1;
      }
      this.byGroup = { start, at };
    }
    return this.byGroup;
  }

  /** The workloads of the groups marked in `mask`, as bits by position in `workloads` (32 a word). */
  bitsOf(mask: Uint8Array): Uint32Array {
    const at = this.groupAt;
    const bits = new Uint32Array((at.length + 31) >>> 5);
    for (let i = 0; i < at.length; i++)
      if (mask[at[i] as number]) bits[i >>> 5] = (bits[i >>> 5] as number) | (1 << (i & 31));
    return bits;
  }

  /** The label group of a selectable workload (none for externals and host-network pods). */
  groupOf(e: Endpoint): LabelGroup | undefined {
    if (!this.groupById) {
      // by id, made on first ask (rules mostly know the endpoint's index: `groupAtIndex`)
      const byId = new Map<string, LabelGroup>();
      for (let i = 0; i < this.workloads.length; i++)
        byId.set((this.workloads[i] as Endpoint).id, this.groups[this.groupAt[i] as number] as LabelGroup);
      this.groupById = byId;
    }
    return this.groupById.get(e.id);
  }

  /**
   * `groupOf(e)` for the endpoint at `index` in the endpoint list of this space when `e` is
   * that one (a network member of this model: its `index`), without a lookup by id.
   */
  groupAtIndex(e: Endpoint, index: number): LabelGroup | undefined {
    if (this.source[index] !== e) return this.groupOf(e);
    const g = this.groupByIndex[index] as number;
    return g < 0 ? undefined : this.groups[g];
  }

  /** The workloads of the groups marked in `mask` (1 per group index), in model order; `ns`: of that namespace only. */
  select(mask: Uint8Array, ns?: string): Endpoint[] {
    const out: Endpoint[] = [];
    const at = this.groupAt;
    const all = this.workloads;
    if (ns === undefined) {
      for (let i = 0; i < all.length; i++) if (mask[at[i] as number]) out.push(all[i] as Endpoint);
    } else for (const i of this.inNs.get(ns) ?? []) if (mask[at[i] as number]) out.push(all[i] as Endpoint);
    return out;
  }

  /** The positions in `workloads` of those `select` gives, in model order. */
  positions(mask: Uint8Array, ns?: string): Int32Array {
    const at = this.groupAt;
    // counted first: the list is made at its size (no growing array, no copy)
    const list = ns === undefined ? undefined : (this.inNs.get(ns) ?? []);
    let n = 0;
    if (!list) {
      for (let i = 0; i < at.length; i++) if (mask[at[i] as number]) n++;
    } else for (let k = 0; k < list.length; k++) if (mask[at[list[k] as number] as number]) n++;
    const out = new Int32Array(n);
    n = 0;
    if (!list) {
      for (let i = 0; i < at.length; i++) if (mask[at[i] as number]) out[n++] = i;
    } else
      for (let k = 0; k < list.length; k++) {
        const i = list[k] as number;
        if (mask[at[i] as number]) out[n++] = i;
      }
    return out;
  }

  /**
   * Keep a cluster policy's subject (1 per label group it selects) as found for one compiled
   * model: the summaries find it, the linter of the same answer reads it (`subjectOf`) instead of
   * matching again. Per compiled model, as namespace labels are that model's.
   */
  keepSubject(compiled: object, policy: object, mask: Uint8Array): void {
    let byPolicy = this.subjects.get(compiled);
    if (!byPolicy) this.subjects.set(compiled, (byPolicy = new WeakMap()));
    byPolicy.set(policy, mask);
  }

  subjectOf(compiled: object, policy: object): Uint8Array | undefined {
    return this.subjects.get(compiled)?.get(policy);
  }

  /** How many workloads the groups marked in `mask` hold, and the first `max` in model order. */
  sample(mask: Uint8Array, max: number): { readonly count: number; readonly first: readonly Endpoint[] } {
    let count = 0;
    for (const g of this.groups) if (mask[g.index]) count += g.endpoints.length;
    const first: Endpoint[] = [];
    const at = this.groupAt;
    for (let i = 0; i < this.workloads.length && first.length < Math.min(max, count); i++)
      if (mask[at[i] as number]) first.push(this.workloads[i] as Endpoint);
    return { count, first };
  }

  groupsIn(ns: string): readonly LabelGroup[] {
    return this.groupsByNs.get(ns) ?? [];
  }

  /** A selector's content as a key (selectors equal in content share their matches). */
  keyOf(sel: LabelSelector): string {
    let k = keys.get(sel);
    if (k === undefined) keys.set(sel, (k = JSON.stringify(sel)));
    return k;
  }

  /** Does `sel` match label set `ls`: the same as `matchSelector(sel, labelSets[ls])`, once per set. */
  matcher(sel: LabelSelector): (ls: number) => boolean {
    let f = this.matchers.get(sel);
    if (!f) this.matchers.set(sel, (f = this.newMatcher(sel)));
    return f;
  }

  private newMatcher(sel: LabelSelector): (ls: number) => boolean {
    const key = this.keyOf(sel);
    let m = this.matched.get(key);
    if (!m) this.matched.set(key, (m = new Uint8Array(this.labelSets.length)));
    const memo = m;
    const sets = this.labelSets;
    // (prepared for matchLabels alone; with expressions as written: `selectorMatcher` makes a
    // selector object per call for them)
    const matches = sel.matchExpressions?.length
      ? (labels: Labels) => matchSelector(sel, labels)
      : selectorMatcher(sel);
    return (ls) => {
      let x = memo[ls] as number;
      if (x === 0) memo[ls] = x = matches(sets[ls] as Labels) ? 2 : 1;
      return x === 2;
    };
  }

  /**
   * The label groups (ascending) of the namespaces `inNs` admits (1 per namespace number) whose
   * label set `pods` matches (none given: every workload there). The cheapest of three ways
   * with the same answer: the groups of those namespaces when few; the label sets the selector
   * can match (`LabelPostings.candidates`) when fewer than those groups; else every group once,
   * reading its namespace and label set from typed tables (no namespace text hashed per group).
   */
  groupsWhere(inNs: Uint8Array, pods: LabelSelector | undefined): Int32Array {
    const every = !pods || isEmptySelector(pods);
    const byNs = this.groupsOfNs;
    let admitted = 0;
    for (let n = 0; n < byNs.length; n++) if (inNs[n]) admitted += (byNs[n] as readonly LabelGroup[]).length;
    if (admitted === 0) return new Int32Array(0);
    const match = every ? undefined : this.matcher(pods);
    const sets = match ? LabelPostings.of(this).candidates(pods as LabelSelector) : undefined;
    const G = this.groups.length;
    const ns = this.groupNs;
    // (written into a typed table of the most it can hold, then cut: no growing list, no iterator)
    const out = new Int32Array(Math.min(G, admitted));
    let n = 0;
    if (sets && sets.length < admitted) {
      const groupsOfSet = LabelPostings.of(this).groupsOfSet;
      for (let i = 0; i < sets.length; i++) {
        const ls = sets[i] as number;
        const gs = groupsOfSet[ls] as readonly number[];
        // the selector is matched only against sets with a group in an admitted namespace
        let hit = -1;
        for (let j = 0; j < gs.length; j++) {
          const g = gs[j] as number;
          if (!inNs[ns[g] as number]) continue;
          if (hit < 0) hit = (match as (ls: number) => boolean)(ls) ? 1 : 0;
          if (hit === 0) break;
          out[n++] = g;
        }
      }
      return out.slice(0, n).sort();
    }
    if (admitted * 8 < G) {
      // few namespaces: their groups (each namespace's ascending), then in order
      for (let k = 0; k < byNs.length; k++) {
        if (!inNs[k]) continue;
        const gs = byNs[k] as readonly LabelGroup[];
        for (let j = 0; j < gs.length; j++) {
          const g = gs[j] as LabelGroup;
          if (!match || match(g.labelSet)) out[n++] = g.index;
        }
      }
      return out.slice(0, n).sort();
    }
    const set = this.groupSet;
    for (let g = 0; g < G; g++)
      if (inNs[ns[g] as number] && (!match || match(set[g] as number))) out[n++] = g;
    return out.slice(0, n);
  }

  /** The namespace numbers (`namespaces`) that `admits` says yes to, as a mask. */
  namespaceMask(admits: (ns: string) => boolean): Uint8Array {
    const mask = new Uint8Array(this.namespaces.length);
    for (let n = 0; n < mask.length; n++) if (admits(this.namespaces[n] as string)) mask[n] = 1;
    return mask;
  }
}
