import type { LabelSelector, Labels } from '../../model/types';
import { labelValue } from '../../model/labels';
import type { LabelGroup } from './features';

/**
 * Kinds: label groups alike for every cross-namespace selector (one with a namespaceSelector,
 * SEMANTICS R2.3). Such a selector reads a group's namespace labels and its pod labels, and of
 * those only the keys some such selector names, and of their values only the ones some selector
 * lists (any other value behaves the same in every In, NotIn and equality; Exists and
 * DoesNotExist read the key alone). So a kind is a group's labels projected on those keys and
 * values, with its namespace's. Clusters have tens of thousands of groups (a namespace's groups
 * are its own) but few kinds: a table over kinds grows with the selectors, not the cluster.
 */

/** The keys and the values selectors name, on one side (namespace or pod labels). */
class Spec {
  readonly values = new Map<string, Set<string>>();

  /** Add a selector's keys and values; whether the spec grew. */
  add(sel: LabelSelector | undefined): boolean {
    if (!sel) return false;
    let grew = false;
    const value = (k: string, v: string | undefined) => {
      let s = this.values.get(k);
      if (!s) {
        this.values.set(k, (s = new Set()));
        grew = true;
      }
      if (v !== undefined && !s.has(v)) {
        s.add(v);
        grew = true;
      }
    };
    const ml = sel.matchLabels ?? {};
    for (const k of Object.keys(ml)) value(k, labelValue(ml, k));
    for (const r of sel.matchExpressions ?? []) {
      value(r.key, undefined);
      for (const v of r.values ?? []) value(r.key, v);
    }
    return grew;
  }

  /** The labels projected on the spec: a key for equality. */
  project(labels: Labels): string {
    const out: string[] = [];
    for (const [k, vs] of this.values) {
      const v = labelValue(labels, k);
      // absent, a value no selector names, or the named value itself
      out.push(v === undefined ? '\u0001' : vs.has(v) ? `\u0002${JSON.stringify(v)}` : '\u0003');
    }
    // (joined: a kept key of one flat string, not a chain)
    return out.join('');
  }
}

export class Kinds {
  private readonly ns = new Spec();
  private readonly pod = new Spec();
  private grew = false;
  private ids = new Map<string, number>();
  private nsProjection = new Map<string, string>();
  private nsIds = new Map<string, number>();
  /** namespace slot → namespace kind (-1: not yet), in this numbering */
  private nsKindOfSlot = new Int32Array(0);
  /** changes whenever kind numbers are assigned afresh (tables over kinds are then rebuilt) */
  serial = 0;
  /** label group → kind (0: groups no selector can match) */
  of = new Int32Array(0);
  /** kind → one label group of it (-1 for kind 0) */
  readonly rep: number[] = [-1];
  private groupsSeen = 0;

  /** A cross-namespace selector (namespace side, pod side) is in use. */
  addSelector(nsSelector: LabelSelector | undefined, podSelector: LabelSelector | undefined): void {
    if (this.ns.add(nsSelector)) this.grew = true;
    if (this.pod.add(podSelector)) this.grew = true;
  }

  get count(): number {
    return this.rep.length;
  }

  /** the label groups with a kind (`of` is valid below it) */
  get seen(): number {
    return this.groupsSeen;
  }

  /** Whether selectors named more since the kinds were numbered (`update` numbers them afresh). */
  get pending(): boolean {
    return this.grew;
  }

  private nsPart(ns: string, namespaceLabels: (ns: string) => Labels): string {
    let part = this.nsProjection.get(ns);
    if (part === undefined) this.nsProjection.set(ns, (part = this.ns.project(namespaceLabels(ns))));
    return part;
  }

  /**
   * The namespace kind of a slot: namespaces alike for every namespaceSelector of a
   * cross-namespace selector (their labels projected alike; `update` first; numbered afresh
   * with the kinds).
   */
  nsKind(slot: number, slotNames: readonly string[], namespaceLabels: (ns: string) => Labels): number {
    if (slot >= this.nsKindOfSlot.length) {
      const grown = new Int32Array(Math.max(slotNames.length, slot + 1) + 64).fill(-1);
      grown.set(this.nsKindOfSlot);
      this.nsKindOfSlot = grown;
    }
    let id = this.nsKindOfSlot[slot] as number;
    if (id < 0) {
      const part = this.nsPart(slotNames[slot] as string, namespaceLabels);
      id = this.nsIds.get(part) ?? this.nsIds.size;
      this.nsIds.set(part, id);
      this.nsKindOfSlot[slot] = id;
    }
    return id;
  }

  /** `nsKind` of every slot below `slotNames.length`, by slot (a view: read it before kinds change). */
  nsKinds(slotNames: readonly string[], namespaceLabels: (ns: string) => Labels): Int32Array {
    const n = slotNames.length;
    if (n) this.nsKind(n - 1, slotNames, namespaceLabels);
    for (let s = 0; s < n; s++)
      if ((this.nsKindOfSlot[s] as number) < 0) this.nsKind(s, slotNames, namespaceLabels);
    return this.nsKindOfSlot;
  }

  /** Kinds for every group (`groups` only grows); numbered afresh when the selectors named more. */
  update(groups: readonly LabelGroup[], namespaceLabels: (ns: string) => Labels): void {
    if (this.grew) {
      this.grew = false;
      this.serial++;
      this.ids = new Map();
      this.nsProjection = new Map();
      this.nsIds = new Map();
      this.nsKindOfSlot = new Int32Array(0);
      this.rep.length = 1;
      this.groupsSeen = 0;
      // a new array: tables over the old numbering keep reading theirs
      this.of = new Int32Array(0);
    }
    if (this.groupsSeen === groups.length && this.of.length >= groups.length) return;
    if (this.of.length < groups.length) {
      const of = new Int32Array(groups.length + (groups.length >> 2) + 64);
      of.set(this.of.subarray(0, this.groupsSeen));
      this.of = of;
    }
    for (let g = this.groupsSeen; g < groups.length; g++) {
      const grp = groups[g] as LabelGroup;
      if (!grp.selectable) {
        this.of[g] = 0;
        continue;
      }
      let nsPart = this.nsProjection.get(grp.ns);
      if (nsPart === undefined)
        this.nsProjection.set(grp.ns, (nsPart = this.ns.project(namespaceLabels(grp.ns))));
      const key = [nsPart, this.pod.project(grp.labels)].join('\u0000');
      let k = this.ids.get(key);
      if (k === undefined) {
        k = this.rep.length;
        this.ids.set(key, k);
        this.rep.push(g);
      }
      this.of[g] = k;
    }
    this.groupsSeen = groups.length;
  }
}
