import type { Decider } from '../admin/evaluate';
import type { Member } from '../networks';
import type { ClassCache } from './cache';
import { keyedList, listFactor, tieredFactor, touch, type ClusterLists, type KeyedList } from './factors';
import { isCluster } from '../admin/evaluate';
import { clusterOrder } from '../admin/compile';
import type { Direction } from '../compile';
import type { Feature, LabelGroup, PolicyFeatures } from './features';
import type { Atoms, Factor, NetState } from './state';

/**
 * Which factors decide each member's egress and ingress, kept per network between analyses.
 * A label group's factors depend only on the policies of its namespace and the cluster
 * policies on the network (their objects: a compiled policy is kept while its source is
 * unchanged): a policy edit re-selects the groups of one namespace, a relabelled workload its
 * new group, and an analysis with neither costs a pass over the factors in use.
 */

export type PolicyList = readonly { readonly p: Decider; readonly pf: PolicyFeatures }[];

interface GroupFactors {
  readonly egress: Factor | undefined;
  readonly ingress: Factor | undefined;
  /** the policies of its namespace it was selected with (`Selection.lists`) */
  readonly from: readonly Decider[] | undefined;
}

export interface Selection {
  /** namespace ('' for cluster policies) → the policies on the network, as selected last */
  readonly lists: ReadonlyMap<string, readonly Decider[]>;
  /** label group → its factors (kept while its namespace's policies are the same objects) */
  readonly byGroup: (GroupFactors | undefined)[];
  readonly members: readonly Member[];
  /** namespace → the members in it */
  readonly inNs: ReadonlyMap<string, readonly number[]>;
  readonly egressOf: readonly (Factor | undefined)[];
  readonly ingressOf: readonly (Factor | undefined)[];
  /** every factor in egressOf / ingressOf, with the number of entries holding it */
  readonly refs: Map<Factor, number>;
  /** the cluster policies per kind (kept while they and the kinds' numbering are unchanged) */
  readonly byKind: ClusterByKind;
  /**
   * The named-port signatures each ingress table factor resolves ports on: its subjects' (a
   * tier's factor: the subjects of every factor holding it). Grown in place by re-selections
   * (a signature no subject has any more costs results nobody reads, not wrong ones).
   */
  readonly subjectNps: SubjectPorts;
}

export type SubjectPorts = Map<Factor<unknown>, Set<number>>;

/** Record that factor `f` decides the ingress of a subject with named-port signature `np`. */
function addSubject(out: SubjectPorts, f: Factor | undefined, np: number): void {
  if (!f?.usesNamed) return;
  const t = f.parts;
  for (const x of t ? [t.admin, t.np, t.baseline] : [f]) {
    if (!x?.usesNamed) continue;
    const s = out.get(x);
    if (s) s.add(np);
    else out.set(x, new Set([np]));
  }
}

/** The cluster policies selecting a kind, per direction; `id` numbers the record in its `ClusterByKind`. */
type ClusterSel = Record<Direction, ClusterLists> & { readonly id: number };
type ClusterByKind = {
  readonly serial: number;
  readonly map: Map<number, ClusterSel>;
  /** by the lists' keys: one record per set of cluster policies */
  readonly bySet: Map<string, ClusterSel>;
};

const NONE: GroupFactors = { egress: undefined, ingress: undefined, from: undefined };

/** Marks a full selection's member counts in the factors (`Factor.refRound`). */
let refRound = 0;

/**
 * A namespace's policies on the network, how to read their podSelectors' matches, and the
 * groups' sets of them by mask. A podSelector is a feature of its policy's namespace: its match
 * is its bitmap by a group's index there (`ClassCache.matches`); the bitmaps are taken once per
 * namespace (features were brought up to date before the selection: `ClassCache.ensure`).
 */
interface OwnSets {
  readonly list: PolicyList;
  readonly sels: readonly Feature[];
  /** per policy: its bitmap by local index, or ALL (every group), or undefined (ask the cache) */
  readonly maps: readonly (Uint8Array | undefined)[];
  readonly byMask: Map<number | string, OwnLists>;
}

/** The policies of a namespace selecting some of its groups, per direction, and those groups' factors by cluster record id. */
type OwnLists = Record<Direction, KeyedList> & { readonly picked: (GroupFactors | undefined)[] };

const ALL = new Uint8Array(0);

function ownSetsOf(ns: string, list: PolicyList): OwnSets {
  const sels = list.map((x) => x.pf.selection);
  const maps = sels.map((f) => (f.ownNs !== ns ? undefined : f.nsWide ? ALL : f.hasLocal));
  return { list, sels, maps, byMask: new Map() };
}

/** Which of a namespace's policies select its group `g`, as bits (a string past 30 policies). */
function maskOf(cache: ClassCache, own: OwnSets, g: number, local: number): number | string {
  const { sels, maps } = own;
  if (sels.length <= 30) {
    let mask = 0;
    for (let i = 0; i < sels.length; i++) {
      const m = maps[i];
      if (m === ALL || (m ? m[local] === 1 : cache.matches(sels[i] as Feature, g))) mask |= 1 << i;
    }
    return mask;
  }
  let mask = '';
  for (let i = 0; i < sels.length; i++) {
    const m = maps[i];
    mask += m === ALL || (m ? m[local] === 1 : cache.matches(sels[i] as Feature, g)) ? '1' : '0';
  }
  return mask;
}

function sameList(a: PolicyList, b: readonly Decider[] | undefined): boolean {
  if (!b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if ((a[i] as { p: Decider }).p !== b[i]) return false;
  return true;
}

/** A factor the cache dropped (`ClassCache.end`): a selection holding it is not reused. */
const dropped = (f: Factor | undefined): boolean => !!f && f.refreshed < 0;

/**
 * Bring the tables of every factor in use up to date: a pass only when label groups, namespaces
 * or kinds were added since the last (what a table depends on); the sweep keeps them meanwhile
 * (`ClassCache.end`).
 */
function touchAll(cache: ClassCache, st: NetState, network: string, atoms: Atoms, refs: Map<Factor, number>) {
  const stamp = `${cache.groups.length}/${cache.slotNames.length}/${cache.kinds.serial}/${atoms.serial}`;
  if (st.touched === stamp) return;
  for (const f of refs.keys()) touch(cache, st, network, atoms, f);
  st.touched = stamp;
}

export function selectFactors(
  cache: ClassCache,
  st: NetState,
  network: string,
  atoms: Atoms,
  members: readonly Member[],
  byNs: ReadonlyMap<string, PolicyList>,
): Selection {
  const prev = st.selection;
  // namespaces whose policies on this network changed (any cluster policy: every namespace)
  const changed = new Set<string>();
  if (prev) {
    for (const [ns, list] of byNs) if (!sameList(list, prev.lists.get(ns))) changed.add(ns);
    for (const ns of prev.lists.keys()) if (!byNs.has(ns)) changed.add(ns);
  }
  const all = !prev || changed.has('');
  // the policy lists, the same arrays while unchanged: a group's entry holds while its
  // namespace's list is the one it was selected with (also for groups absent meanwhile)
  const lists = new Map<string, readonly Decider[]>();
  for (const [ns, list] of byNs) {
    const was = prev?.lists.get(ns);
    lists.set(ns, was && !changed.has(ns) ? was : list.map((x) => x.p));
  }
  // the members to select again: those of namespaces whose policies changed, and those that
  // are not the same object (a relabelled workload); every member when many changed
  let dirty: number[] | undefined;
  // (a selection of the last analysis holds no dropped factor: they were all in use)
  const lastUsed = st.selectedIn === cache.generation - 1;
  st.selectedIn = cache.generation;
  if (
    prev &&
    !all &&
    prev.members.length === members.length &&
    (lastUsed || ![...prev.refs.keys()].some(dropped))
  ) {
    dirty = [];
    for (const ns of changed) for (const i of prev.inNs.get(ns) ?? []) dirty.push(i);
    if (prev.members !== members)
      for (let i = 0; i < members.length; i++) {
        const m = members[i] as Member;
        const was = prev.members[i] as Member;
        if (m === was) continue;
        if (m.endpoint.namespace !== was.endpoint.namespace) {
          dirty = undefined;
          break;
        }
        dirty.push(i);
      }
    if (dirty && dirty.length * 4 > members.length) dirty = undefined;
  }
  // cluster policies (namespace '', R9.2) select by kind (kinds.ts): which ones, and the key
  // part they add to a factor's, once per kind
  // (in evaluation order, so each tier's list is already sorted where `split` sorts it)
  const cluster = [...(byNs.get('') ?? [])].sort((a, b) =>
    isCluster(a.p) && isCluster(b.p) ? clusterOrder(a.p, b.p) : 0,
  );
  const byKind: ClusterByKind =
    prev && !all && prev.byKind.serial === cache.kinds.serial
      ? prev.byKind
      : { serial: cache.kinds.serial, map: new Map(), bySet: new Map() };
  if (prev && dirty && !dirty.length) {
    touchAll(cache, st, network, atoms, prev.refs);
    return prev.members === members && !changed.size
      ? prev
      : (st.selection = { ...prev, lists, members, byKind });
  }
  const byGroup = all ? [] : (prev as Selection).byGroup;
  const valid = (s: GroupFactors | undefined, g: number): s is GroupFactors =>
    s === NONE ||
    (!!s &&
      s.from === lists.get((cache.groups[g] as LabelGroup).ns) &&
      !dropped(s.egress) &&
      !dropped(s.ingress));
  const clusterOf = (g: number) => {
    const kind = cache.kinds.of[g] as number;
    let c = byKind.map.get(kind);
    if (!c) {
      const sel = cluster.filter((x) => cache.matches(x.pf.selection, g));
      const keyed = (list: PolicyList): KeyedList => keyedList(st, list);
      const part = (dir: Direction) => {
        const list = sel.filter((x) => x.p[dir]);
        return {
          all: keyed(list),
          admin: keyed(list.filter((x) => isCluster(x.p) && x.p.admin.tier === 'Admin')),
          baseline: keyed(list.filter((x) => isCluster(x.p) && x.p.admin.tier === 'Baseline')),
        };
      };
      const egress = part('egress');
      const ingress = part('ingress');
      // kinds selected by the same cluster policies share one record (and so their factors)
      const same = `${egress.all.id}/${ingress.all.id}`;
      c = byKind.bySet.get(same);
      if (!c) byKind.bySet.set(same, (c = { egress, ingress, id: byKind.bySet.size }));
      byKind.map.set(kind, c);
    }
    return c;
  };
  // the policies of a namespace selecting a group, per direction with their key part: once per
  // set of them (a namespace's groups mostly fall into a few)
  // (by namespace slot: only selectable groups get here)
  const ownSets: (OwnSets | undefined)[] = [];
  const ownOf = (g: number, grp: LabelGroup): OwnLists => {
    let rec = ownSets[grp.slot];
    if (!rec) ownSets[grp.slot] = rec = ownSetsOf(grp.ns, byNs.get(grp.ns) ?? []);
    const { list, byMask } = rec;
    const mask = maskOf(cache, rec, g, grp.local);
    let o = byMask.get(mask);
    if (!o) {
      const own = list.filter((x) => cache.matches(x.pf.selection, g));
      const part = (dir: Direction) =>
        keyedList(
          st,
          own.filter((x) => x.p[dir]),
        );
      byMask.set(mask, (o = { egress: part('egress'), ingress: part('ingress'), picked: [] }));
    }
    return o;
  };
  // groups with the same policies of their namespace and the same cluster policies share their
  // factors (kept in the record of their own policies, by the cluster record's id)
  const pick = (g: number): GroupFactors => {
    const grp = cache.groups[g] as LabelGroup;
    if (!grp.selectable) return NONE;
    // NetworkPolicies of its namespace, then cluster policies
    const own = ownOf(g, grp);
    const c = clusterOf(g);
    const was = own.picked[c.id];
    if (was) return was;
    const factor = (dir: Direction) =>
      c[dir].all.list.length
        ? tieredFactor(cache, st, network, atoms, dir, own[dir], c[dir])
        : listFactor(cache, st, network, atoms, dir, own[dir], 'whole');
    const s: GroupFactors = { from: lists.get(grp.ns), egress: factor('egress'), ingress: factor('ingress') };
    own.picked[c.id] = s;
    return s;
  };
  const add = (refs: Map<Factor, number>, f: Factor | undefined, by: number) => {
    if (!f) return;
    const n = (refs.get(f) ?? 0) + by;
    if (n) refs.set(f, n);
    else refs.delete(f);
  };
  if (prev && dirty) {
    // re-select the dirty members only (the arrays are copies: earlier verdicts keep theirs)
    const egressOf = prev.egressOf.slice();
    const ingressOf = prev.ingressOf.slice();
    const refs = prev.refs;
    const done = new Set<number>();
    for (const i of dirty) {
      const g = st.groupOf[i] as number;
      if (!done.has(g)) {
        done.add(g);
        if (!valid(byGroup[g], g)) byGroup[g] = pick(g);
      }
      const s = byGroup[g] as GroupFactors;
      add(refs, egressOf[i], -1);
      add(refs, ingressOf[i], -1);
      egressOf[i] = s.egress;
      ingressOf[i] = s.ingress;
      add(refs, s.egress, 1);
      add(refs, s.ingress, 1);
      addSubject(prev.subjectNps, s.ingress, st.npOf[i] as number);
    }
    touchAll(cache, st, network, atoms, refs);
    return (st.selection = { ...prev, lists, members, egressOf, ingressOf, byKind });
  }
  // per group, whether its entry was checked in this analysis
  const checked = new Uint8Array(cache.groups.length);
  const factorsOf = (g: number): GroupFactors => {
    let s = byGroup[g];
    if (checked[g]) return s as GroupFactors;
    checked[g] = 1;
    if (valid(s, g)) {
      if (s.egress) touch(cache, st, network, atoms, s.egress);
      if (s.ingress) touch(cache, st, network, atoms, s.ingress);
    } else s = pick(g);
    byGroup[g] = s;
    return s;
  };
  const egressOf = new Array<Factor | undefined>(members.length);
  const ingressOf = new Array<Factor | undefined>(members.length);
  const inNs = new Map<string, number[]>();
  const bySlot: number[][] = [];
  const subjectNps: SubjectPorts = new Map();
  // members per factor: counted in the factors (a field, not a map update per member)
  const round = ++refRound;
  const counted: Factor[] = [];
  const count = (f: Factor | undefined) => {
    if (!f) return;
    if (f.refRound !== round) {
      f.refRound = round;
      f.refCount = 0;
      counted.push(f);
    }
    f.refCount++;
  };
  // (namespace by namespace: see `NetState.order`)
  for (let k = 0; k < members.length; k++) {
    const i = st.order[k] as number;
    const g = st.groupOf[i] as number;
    const s = factorsOf(g);
    egressOf[i] = s.egress;
    ingressOf[i] = s.ingress;
    count(s.egress);
    count(s.ingress);
    addSubject(subjectNps, s.ingress, st.npOf[i] as number);
    // (selectable members by their namespace's slot: no string key per member)
    const grp = cache.groups[g] as LabelGroup;
    if (grp.selectable) {
      const list = bySlot[grp.slot];
      if (list) list.push(i);
      else bySlot[grp.slot] = [i];
    } else {
      const list = inNs.get(grp.ns);
      if (list) list.push(i);
      else inNs.set(grp.ns, [i]);
    }
  }
  bySlot.forEach((list, slot) => {
    const ns = cache.slotNames[slot] as string;
    const other = inNs.get(ns);
    inNs.set(ns, other ? [...other, ...list].sort((a, b) => a - b) : list);
  });
  const refs = new Map<Factor, number>();
  for (const f of counted) refs.set(f, f.refCount);
  return (st.selection = { lists, byGroup, members, inNs, egressOf, ingressOf, refs, byKind, subjectNps });
}
