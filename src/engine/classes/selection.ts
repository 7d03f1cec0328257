import type { Decider } from '../admin/evaluate';
import type { Member } from '../networks';
import type { ClassCache } from './cache';
import { factorFor, touch } from './factors';
import type { LabelGroup, PolicyFeatures } from './features';
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
}

export interface Selection {
  /** namespace ('' for cluster policies) → the policies on the network, as selected last */
  readonly lists: ReadonlyMap<string, readonly Decider[]>;
  /** label group → its factors (kept while its namespace's policies are the same objects) */
  readonly byGroup: (GroupFactors | undefined)[];
  readonly members: readonly Member[];
  readonly egressOf: readonly (Factor | undefined)[];
  readonly ingressOf: readonly (Factor | undefined)[];
  /** every factor in egressOf / ingressOf */
  readonly used: readonly Factor[];
}

const NONE: GroupFactors = { egress: undefined, ingress: undefined };

function sameList(a: PolicyList, b: readonly Decider[] | undefined): boolean {
  if (!b || a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if ((a[i] as { p: Decider }).p !== b[i]) return false;
  return true;
}

/** A factor the cache dropped (`ClassCache.end`): a selection holding it is not reused. */
const dropped = (f: Factor | undefined): boolean => !!f && f.refreshed < 0;

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
  if (prev && !all && !changed.size && prev.members === members && !prev.used.some(dropped)) {
    for (const f of prev.used) touch(cache, st, network, atoms, f);
    return prev;
  }
  const byGroup = all ? [] : (prev as Selection).byGroup;
  // per group, whether its entry was checked in this analysis
  const checked = new Uint8Array(cache.groups.length);
  const used = new Set<Factor>();
  const factorsOf = (g: number): GroupFactors => {
    let s = byGroup[g];
    if (checked[g]) return s as GroupFactors;
    checked[g] = 1;
    const grp = cache.groups[g] as LabelGroup;
    if (s && !changed.has(grp.ns) && !dropped(s.egress) && !dropped(s.ingress)) {
      if (s.egress) touch(cache, st, network, atoms, s.egress);
      if (s.ingress) touch(cache, st, network, atoms, s.ingress);
    } else if (!grp.selectable) s = NONE;
    else {
      // NetworkPolicies of its namespace, and cluster policies (namespace '', R9.2)
      const inNs = [...(byNs.get(grp.ns) ?? []), ...(byNs.get('') ?? [])];
      const sel = inNs.filter((x) => cache.matches(x.pf.selection, g));
      s = {
        egress: factorFor(
          cache,
          st,
          network,
          atoms,
          'egress',
          sel.filter((x) => x.p.egress),
        ),
        ingress: factorFor(
          cache,
          st,
          network,
          atoms,
          'ingress',
          sel.filter((x) => x.p.ingress),
        ),
      };
    }
    byGroup[g] = s;
    if (s.egress) used.add(s.egress);
    if (s.ingress) used.add(s.ingress);
    return s;
  };
  const egressOf = new Array<Factor | undefined>(members.length);
  const ingressOf = new Array<Factor | undefined>(members.length);
  for (let i = 0; i < members.length; i++) {
    const s = factorsOf(st.groupOf[i] as number);
    egressOf[i] = s.egress;
    ingressOf[i] = s.ingress;
  }
  const lists = new Map<string, readonly Decider[]>();
  for (const [ns, list] of byNs)
    lists.set(
      ns,
      list.map((x) => x.p),
    );
  return (st.selection = { lists, byGroup, members, egressOf, ingressOf, used: [...used] });
}
