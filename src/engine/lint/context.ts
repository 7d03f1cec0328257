import type { Diagnostic } from '../../model/diagnostic';
import { diagnosticAt, policyDiagnostic, type FieldIssue } from '../../model/report';
import type { Endpoint, LabelSelector, Labels, Model, NamedPort, Policy } from '../../model/types';
import type { Compiled } from '../analyze';
import type { CompiledPolicy } from '../compile';
import type { Member } from '../networks';
import { LabelSpace, type LabelGroup } from '../label-space';
import { matchSelector } from '../selectors';
import { LabelPostings } from '../label-postings';
import { AddressIndex } from './addresses';

export interface LintContext {
  readonly model: Model;
  readonly compiled: Compiled;
  readonly out: Diagnostic[];
  readonly index: LintIndex;
}

export function finding(ctx: LintContext, p: Policy, ...issue: FieldIssue): void {
  ctx.out.push(policyDiagnostic(p, ...issue));
}

export function endpointFinding(ctx: LintContext, e: Endpoint, ...issue: FieldIssue): void {
  const ref =
    e.kind === 'External'
      ? { kind: 'ExternalHost', name: e.name }
      : { kind: e.sourceKind, namespace: e.namespace, name: e.name };
  ctx.out.push(diagnosticAt(ref, e.origin, ...issue));
}

/** Applied policies only: a rejected or nowhere-applied policy is reported elsewhere. */
export function isApplied(p: CompiledPolicy): boolean {
  return !p.notApplied || p.networks.size > 0;
}

export function applied(ctx: LintContext): CompiledPolicy[] {
  return ctx.compiled.policies.filter(isApplied);
}

/** `names(list.map(label))`, labelling only the few it shows (lists of thousands of workloads). */
export function namesOf<T>(list: readonly T[], label: (x: T) => string, max = 4): string {
  return namesCounted(list.slice(0, max), list.length, label, max);
}

/** `namesOf` a list known by its first items and its length. */
export function namesCounted<T>(
  first: readonly T[],
  count: number,
  label: (x: T) => string,
  max = 4,
): string {
  const shown = first.slice(0, max).map(label);
  return count <= max ? shown.join(', ') : `${shown.join(', ')} and ${count - max} more`;
}

export function names(list: readonly string[], max = 4): string {
  return list.length <= max
    ? list.join(', ')
    : `${list.slice(0, max).join(', ')} and ${list.length - max} more`;
}

export type { LabelGroup } from '../label-space';

/**
 * What the rules look up, built once per run: selectable workloads by namespace and label set
 * (`LabelSpace`: a selector is matched once per distinct label set, not per workload),
 * namespaces, named ports in use, and per network the workload addresses in order (ipBlock
 * scans by range). Namespace selectors are matched once per selector content and run.
 */
export class LintIndex {
  readonly space: LabelSpace;
  /** the label sets by label: what a selector with matchLabels can match (label-postings.ts) */
  readonly postings: LabelPostings;
  readonly workloads: readonly Endpoint[];
  readonly groupsByNs: ReadonlyMap<string, readonly LabelGroup[]>;
  readonly nsNames: readonly string[];
  readonly nsLabels: readonly Labels[];
  /** namespaces and their labels, as one key */
  readonly nsKey: string;
  /** `name/protocol` of every named port any endpoint has */
  readonly namedPorts: ReadonlySet<string>;
  private byNet = new Map<string, AddressIndex>();
  private nsMatches = new Map<string, readonly string[]>();
  private anyIn = new WeakMap<readonly string[], Map<string, boolean>>();
  private produced = new WeakSet<readonly string[]>();
  private nsSets = new Map<string, ReadonlySet<string>>();
  private nsWith = new Map<string, readonly string[]>();
  private rank: Int32Array | undefined;
  private masks = new WeakMap<readonly Endpoint[], Uint8Array>();
  private selections = new WeakMap<Uint8Array, Endpoint[]>();
  private bits = new WeakMap<readonly Endpoint[], Uint32Array>();
  private indices = new WeakMap<readonly Endpoint[], readonly number[]>();
  private nsNameSet: ReadonlySet<string>;
  /** what rules compute once per run for several policies (e.g. ipBlock hits by CIDR) */
  readonly memo = new Map<string, unknown>();

  constructor(
    model: Model,
    private readonly compiled: Compiled,
  ) {
    this.space = LabelSpace.of(model.endpoints);
    this.postings = LabelPostings.of(this.space);
    this.workloads = this.space.workloads;
    this.groupsByNs = this.space.groupsByNs;
    this.nsNames = [
      ...new Set([...model.namespaces.map((n) => n.name), ...this.workloads.map((w) => w.namespace)]),
    ];
    this.nsNameSet = new Set(this.nsNames);
    this.nsLabels = this.nsNames.map((n) => compiled.namespaceLabels(n));
    this.nsKey = JSON.stringify([this.nsNames, this.nsLabels]);
    const namedPorts = new Set<string>();
    for (let i = 0; i < model.endpoints.length; i++) {
      const ports = (model.endpoints[i] as Endpoint).namedPorts;
      for (let j = 0; j < ports.length; j++) {
        const np = ports[j] as NamedPort;
        namedPorts.add(`${np.name}/${np.protocol}`);
      }
    }
    this.namedPorts = namedPorts;
  }

  /** The label group of a selectable workload (none for externals and host-network pods). */
  groupOf(e: Endpoint): LabelGroup | undefined {
    return this.space.groupOf(e);
  }

  /** `groupOf` a network member's endpoint (by its index in the model when it is the model's). */
  memberGroup(m: Member): LabelGroup | undefined {
    return this.space.groupAtIndex(m.endpoint, m.index);
  }

  groups(ns: string): readonly LabelGroup[] {
    return this.space.groupsIn(ns);
  }

  /** Selectable workloads of namespace `ns` that `sel` matches. */
  matching(sel: LabelSelector, ns: string): Endpoint[] {
    const m = this.space.matcher(sel);
    return this.groups(ns).flatMap((g) => (m(g.labelSet) ? g.endpoints : []));
  }

  /** Does `sel` match a selectable workload of namespace `ns` (`matching(sel, ns).length > 0`, no list). */
  matchesIn(sel: LabelSelector, ns: string): boolean {
    const m = this.space.matcher(sel);
    return this.groups(ns).some((g) => m(g.labelSet));
  }

  /**
   * Does a selectable workload of `ns` that `sel` matches have a `protocol` port named `name`:
   * once per selector content, namespace and port, reading the workloads' ports as they are
   * (no `name/protocol` text made per port of every workload selected).
   */
  hasNamedPort(sel: LabelSelector, ns: string, name: string, protocol: string): boolean {
    const key = `named-ports ${ns}\u0000${this.space.keyOf(sel)}`;
    let known = this.memo.get(key) as Map<string, boolean> | undefined;
    if (!known) this.memo.set(key, (known = new Map()));
    const port = `${name}/${protocol}`;
    let has = known.get(port);
    if (has === undefined) {
      has = false;
      const m = this.space.matcher(sel);
      const groups = this.groups(ns);
      for (let i = 0; i < groups.length && !has; i++) {
        const g = groups[i] as LabelGroup;
        if (!m(g.labelSet)) continue;
        for (let j = 0; j < g.endpoints.length && !has; j++) {
          const ports = (g.endpoints[j] as Endpoint).namedPorts;
          for (let k = 0; k < ports.length; k++) {
            const np = ports[k] as NamedPort;
            if (np.name === name && np.protocol === protocol) {
              has = true;
              break;
            }
          }
        }
      }
      known.set(port, has);
    }
    return has;
  }

  /** Does `sel` match a workload in one of `namespaces` (memoised for the lists `namespacesMatching` gives). */
  anyMatch(sel: LabelSelector, namespaces: readonly string[]): boolean {
    let byKey = this.anyIn.get(namespaces);
    const key = this.space.keyOf(sel);
    const known = byKey?.get(key);
    if (known !== undefined) return known;
    const m = this.space.matcher(sel);
    const sets = this.postings.candidates(sel);
    let any: boolean;
    // the label sets it can match when they are fewer than the groups to scan (one namespace: scan)
    let scan = 0;
    if (sets) for (const ns of namespaces) scan += this.groups(ns).length;
    if (sets && sets.length < scan) {
      // from the label sets it can match: one of their groups in one of the namespaces
      const inNs = new Set(namespaces);
      const groups = this.space.groups;
      const exact = this.postings.exact(sel);
      any = sets.some(
        (ls) =>
          (exact || m(ls)) &&
          (this.postings.groupsOfSet[ls] as readonly number[]).some((g) =>
            inNs.has((groups[g] as LabelGroup).namespace),
          ),
      );
    } else any = namespaces.some((ns) => this.groups(ns).some((g) => m(g.labelSet)));
    if (this.produced.has(namespaces)) {
      if (!byKey) this.anyIn.set(namespaces, (byKey = new Map()));
      byKey.set(key, any);
    }
    return any;
  }

  /**
   * The namespaces with a selectable workload `sel` matches (`anyMatch(sel, [ns])` for each), in
   * `nsNames` order: once per selector content and run.
   */
  namespacesWith(sel: LabelSelector): readonly string[] {
    const key = this.space.keyOf(sel);
    let out = this.nsWith.get(key);
    if (!out) this.nsWith.set(key, (out = this.namespacesWithNow(sel)));
    return out;
  }

  private namespacesWithNow(sel: LabelSelector): readonly string[] {
    const m = this.space.matcher(sel);
    const groupNs = this.space.groupNs;
    const bySet = this.postings.groupsOfSet;
    // marked by namespace number (no name hashed per group), then listed in `nsNames` order
    const marks = new Uint8Array(this.space.namespaces.length);
    const sets = this.postings.candidates(sel);
    // (the candidates are the matches when the selector names its sets alone: none tested)
    const exact = sets !== undefined && this.postings.exact(sel);
    const mark = (ls: number) => {
      if (!exact && !m(ls)) return;
      const gs = bySet[ls] as readonly number[];
      for (let j = 0; j < gs.length; j++) marks[groupNs[gs[j] as number] as number] = 1;
    };
    // (else every label set once: 3,000 at 10,000 endpoints)
    if (sets) for (let i = 0; i < sets.length; i++) mark(sets[i] as number);
    else for (let ls = 0; ls < bySet.length; ls++) mark(ls);
    const rank = this.nsRank();
    const at: number[] = [];
    for (let n = 0; n < marks.length; n++) if (marks[n]) at.push(rank[n] as number);
    at.sort((a, b) => a - b);
    return at.map((k) => this.nsNames[k] as string);
  }

  /**
   * `space.groupsWhere(inNs, pods)` (the label groups, ascending, of the namespaces `inNs`
   * admits whose label set `pods` matches), with no label set tested when the selector's
   * candidates are its matches (`LabelPostings.exact`): the groups of those sets there.
   */
  groupsWhere(inNs: Uint8Array, pods: LabelSelector | undefined): Int32Array {
    const sets = pods && this.postings.exact(pods) ? this.postings.candidates(pods) : undefined;
    if (!sets) return this.space.groupsWhere(inNs, pods);
    const bySet = this.postings.groupsOfSet;
    const groupNs = this.space.groupNs;
    // marked, then read in order (28,000 groups of 10,000 sets at 100,000: no sort)
    const marks = new Uint8Array(this.space.groups.length);
    let n = 0;
    for (let i = 0; i < sets.length; i++) {
      const gs = bySet[sets[i] as number] as readonly number[];
      for (let j = 0; j < gs.length; j++) {
        const g = gs[j] as number;
        if (inNs[groupNs[g] as number]) {
          marks[g] = 1;
          n++;
        }
      }
    }
    const out = new Int32Array(n);
    for (let g = 0, k = 0; k < n; g++) if (marks[g]) out[k++] = g;
    return out;
  }

  /** Per namespace number of `space`: its place in `nsNames` (every workload's namespace is there). */
  private nsRank(): Int32Array {
    if (!this.rank) {
      const place = new Map(this.nsNames.map((n, k) => [n, k]));
      this.rank = Int32Array.from(this.space.namespaces, (n) => place.get(n) as number);
    }
    return this.rank;
  }

  /** Namespaces (of the design) `sel` matches, in order: one list per selector content and run. */
  namespacesMatching(sel: LabelSelector): readonly string[] {
    const key = this.space.keyOf(sel);
    let l = this.nsMatches.get(key);
    if (!l) {
      l = this.nsNames.filter((n) => matchSelector(sel, this.compiled.namespaceLabels(n)));
      this.nsMatches.set(key, l);
      this.produced.add(l);
    }
    return l;
  }

  /**
   * The label groups of a list of workloads (1 per group index), kept per list: subjects and
   * selections are whole groups, so "is this workload in the list" is asked of its group.
   */
  groupMask(list: readonly Endpoint[]): Uint8Array {
    let m = this.masks.get(list);
    if (!m) {
      m = new Uint8Array(this.space.groups.length);
      for (const e of list) {
        const g = this.space.groupOf(e);
        if (g) m[g.index] = 1;
      }
      this.masks.set(list, m);
    }
    return m;
  }

  /** The indices of the label groups of a list of workloads, ascending. */
  groupIndices(list: readonly Endpoint[]): readonly number[] {
    let l = this.indices.get(list);
    if (!l) {
      const out: number[] = [];
      const mask = this.groupMask(list);
      for (let g = 0; g < mask.length; g++) if (mask[g]) out.push(g);
      this.indices.set(list, (l = out));
    }
    return l;
  }

  /**
   * How many workloads the label groups `groups` (indices, ascending) hold, and the first `max`
   * in model order: `space.sample` of their mask, reading only those groups. Groups are numbered
   * in the order of their first workload and hold theirs in model order, so once `max` are
   * found, the groups after one whose first workload comes later add nothing but their count.
   */
  sampleGroups(groups: readonly number[], max: number): { count: number; first: readonly Endpoint[] } {
    // (positions in model order: each group's workloads' positions, no map of workloads)
    const { start, at } = this.space.positionsByGroup();
    let count = 0;
    const first: number[] = [];
    let k = 0;
    for (; k < groups.length; k++) {
      const g = groups[k] as number;
      const from = start[g] as number;
      const to = start[g + 1] as number;
      if (first.length === max && (at[from] as number) > (first[max - 1] as number)) break;
      count += to - from;
      for (let j = from; j < to && j < from + max; j++) first.push(at[j] as number);
      first.sort((a, b) => a - b);
      first.length = Math.min(first.length, max);
    }
    const size = this.space.groupSize;
    for (; k < groups.length; k++) count += size[groups[k] as number] as number;
    return { count, first: first.map((i) => this.workloads[i] as Endpoint) };
  }

  /**
   * How many workloads both lists hold, and the first `max` in model order: `sampleGroups` of the
   * groups both hold, for lists of whole label groups (subjects), from their workloads as bits.
   */
  sampleBoth(
    a: readonly Endpoint[],
    b: readonly Endpoint[],
    max: number,
  ): { count: number; first: readonly Endpoint[] } {
    const x = this.bitsOf(a);
    const y = this.bitsOf(b);
    let count = 0;
    const first: Endpoint[] = [];
    for (let w = 0; w < x.length; w++) {
      let both = ((x[w] as number) & (y[w] as number)) >>> 0;
      if (both === 0) continue;
      count += popcount(both);
      while (both !== 0 && first.length < max) {
        const bit = 31 - Math.clz32(both & -both);
        first.push(this.workloads[w * 32 + bit] as Endpoint);
        both = (both & (both - 1)) >>> 0;
      }
    }
    return { count, first };
  }

  /** A list of whole label groups' workloads as bits (`LabelSpace.bitsOf`), once per list. */
  private bitsOf(list: readonly Endpoint[]): Uint32Array {
    let bits = this.bits.get(list);
    if (!bits) this.bits.set(list, (bits = this.space.bitsOf(this.groupMask(list))));
    return bits;
  }

  /**
   * The workloads of the label groups marked in `mask`, in model order, with the mask kept as
   * theirs (`groupMask`): one list per mask and run (cluster policies share subjects' masks).
   */
  selection(mask: Uint8Array): Endpoint[] {
    let list = this.selections.get(mask);
    if (!list) {
      list = mask.includes(1) ? this.space.select(mask) : [];
      this.masks.set(list, mask);
      this.selections.set(mask, list);
    }
    return list;
  }

  /** Does `sel` match the labels of namespace `ns` (one list per selector content and run). */
  namespaceMatcher(sel: LabelSelector): (ns: string) => boolean {
    const key = this.space.keyOf(sel);
    let set = this.nsSets.get(key);
    if (!set) this.nsSets.set(key, (set = new Set(this.namespacesMatching(sel))));
    const s = set;
    // every workload's namespace is in nsNames; another is asked directly
    return (ns) =>
      s.has(ns) || (!this.nsNameSet.has(ns) && matchSelector(sel, this.compiled.namespaceLabels(ns)));
  }

  /** The namespaces of `space` that `sel` matches, as a mask of `space.namespaces` (once per selector content and run). */
  namespaceMask(sel: LabelSelector): Uint8Array {
    const key = `ns-mask ${this.space.keyOf(sel)}`;
    let mask = this.memo.get(key) as Uint8Array | undefined;
    if (!mask) this.memo.set(key, (mask = this.space.namespaceMask(this.namespaceMatcher(sel))));
    return mask;
  }

  /** Network `net`'s member addresses in order (ipBlock scans by range), made once per run. */
  addresses(net: string): AddressIndex {
    let a = this.byNet.get(net);
    if (!a) this.byNet.set(net, (a = AddressIndex.of(this.compiled.layout.members.get(net) ?? [])));
    return a;
  }
}

/** The number of bits set in a 32-bit word. */
function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
