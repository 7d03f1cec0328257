import { endpointLabel, DEFAULT_NETWORK, type Endpoint } from '../../model/types';
import type { CompiledClusterPolicy } from '../admin/compile';
import { evaluateTiers } from '../admin/evaluate';
import type { CompiledPolicy } from '../compile';
import { allows } from '../conn';
import type { EvalContext } from '../evaluate';
import type { Member } from '../networks';
import { applied, finding, ListIds, sameList, selectingPolicies } from './admin-base';
import type { LintIndex } from './context';
import { names, type LabelGroup, type LintContext } from './context';
import { KUBE_DNS } from './networks';

/**
 * The Deny rules (`policy#rule`) cutting DNS per tier steps (whether a NetworkPolicy isolates,
 * and the cluster policies selecting), kept while those are the same compiled objects and
 * namespace labels the same (kube-dns is matched by them).
 */
export interface DnsCuts {
  nsKey: string;
  cuts: Map<string, { readonly cluster: readonly CompiledClusterPolicy[]; readonly cuts: readonly string[] }>;
}

/**
 * A Deny (first match) that cuts cluster DNS (UDP 53 to kube-system/kube-dns) for pods it
 * selects: per distinct list of deciders (the NetworkPolicies and cluster policies selecting a
 * workload), its first workload in model order is named. The Deny rules come from the tier
 * steps, which depend on the cluster policies and on whether a NetworkPolicy isolates (then the
 * Baseline tier is not consulted, R9.6), not on which ones do. Deciders are the same for every
 * workload of a label group, and groups are numbered in the order of their first workload: a
 * list's first workload is that of its first group. Lists are told apart by number: cluster
 * lists by their bits (`clusterListsByGroup`), NetworkPolicy lists by `ListIds`.
 */
export function lintAdminDns(
  ctx: LintContext,
  sel: Map<CompiledClusterPolicy, Endpoint[]>,
  cache: DnsCuts,
): void {
  const c = ctx.compiled;
  const ectx: EvalContext = { networkId: DEFAULT_NETWORK, namespaceLabels: c.namespaceLabels };
  const dns: Member = { endpoint: KUBE_DNS, index: -1, nad: DEFAULT_NETWORK, ips: [], ipSource: 'none' };
  const egress = applied(ctx).filter((p) => p.egress);
  if (!egress.length) return;
  const nps = c.policies.filter((p) => !p.notApplied && p.egress && p.networks.has(DEFAULT_NETWORK));
  const selecting = selectingPolicies(ctx, nps);
  const groups = ctx.index.space.groups;
  const clusterOf = clusterListsByGroup(ctx, egress, sel);
  const npLists = new ListIds<CompiledPolicy>();
  // per cluster list met (by number), the NetworkPolicy lists met with it (by number)
  const seen = new Map<number, Set<number>>();
  const bySteps = new Map<number, readonly string[]>();
  const blamed = new Map<string, Set<string>>();
  if (cache.nsKey !== ctx.index.nsKey) cache.cuts = new Map();
  cache.nsKey = ctx.index.nsKey;
  const used: DnsCuts['cuts'] = new Map();
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] as LabelGroup;
    const clusterId = clusterOf.id(g.index);
    if (clusterId < 0) continue;
    const cluster = clusterOf.lists[clusterId] as readonly CompiledClusterPolicy[];
    const mine = selecting(g);
    const npId = npLists.id(mine);
    let met = seen.get(clusterId);
    if (!met) seen.set(clusterId, (met = new Set()));
    if (met.has(npId)) continue;
    met.add(npId);
    const steps = clusterId * 2 + (mine.length ? 1 : 0);
    let cuts = bySteps.get(steps);
    if (!cuts) {
      const stepsKey = `${mine.length ? 1 : 0}\u0001${cluster.map((x) => x.policy.id).join('\u0000')}`;
      const kept = cache.cuts.get(stepsKey);
      cuts = kept && sameList(kept.cluster, cluster) ? kept.cuts : undefined;
      if (!cuts) {
        const r = evaluateTiers([...mine, ...cluster], 'egress', dns, KUBE_DNS.namedPorts, ectx);
        cuts =
          r.isolated && r.tiers
            ? r.tiers.steps
                .filter((s) => s.action === 'Deny' && allows(s.conns, 'UDP', 53))
                .map((s) => `${s.policy}#${s.rule}`)
            : [];
      }
      bySteps.set(steps, cuts);
      used.set(stepsKey, { cluster, cuts });
    }
    const first = g.endpoints[0] as Endpoint;
    for (const k of cuts) {
      const l = blamed.get(k) ?? new Set();
      l.add(endpointLabel(first));
      blamed.set(k, l);
    }
  }
  cache.cuts = used;
  for (const [k, who] of blamed) {
    const [id, rule] = k.split('#') as [string, string];
    const p = egress.find((x) => x.policy.id === id);
    if (p)
      finding(
        ctx,
        p,
        'warning',
        'admin-deny-dns',
        `spec.egress[${rule}]`,
        `this Deny cuts cluster DNS (UDP 53 to kube-system/kube-dns) for ${names([...who])}`,
      );
  }
}

/** Bits per word of a group's cluster-policy set (exact in a double). */
const WORD = 52;

/**
 * The egress cluster policies selecting each label group, numbered by list: per group a bit per
 * policy (in the order of `egress`, 52 to a word), so a group's list is found by one lookup of
 * its bits (one number below 53 policies) instead of a walk of the list per group. `id(g)`: the
 * list's number (-1: none), `lists`: each numbered list, in `egress` order.
 */
function clusterListsByGroup(
  ctx: LintContext,
  egress: readonly CompiledClusterPolicy[],
  sel: Map<CompiledClusterPolicy, Endpoint[]>,
): { id(g: number): number; readonly lists: readonly (readonly CompiledClusterPolicy[])[] } {
  const ix: LintIndex = ctx.index;
  const words = Math.ceil(egress.length / WORD);
  const bits = new Float64Array(ix.space.groups.length * words);
  egress.forEach((p, b) => {
    const gs = ix.groupIndices(sel.get(p) ?? []);
    const w = Math.floor(b / WORD);
    const v = 2 ** (b % WORD);
    for (let i = 0; i < gs.length; i++) {
      const at = (gs[i] as number) * words + w;
      bits[at] = (bits[at] as number) + v;
    }
  });
  const ids = new Map<number, number>();
  // (over 52 policies: the words numbered as a list, no text made per group)
  const wordLists = new ListIds<number>();
  const lists: CompiledClusterPolicy[][] = [];
  return {
    lists,
    id(g) {
      const at = g * words;
      let any = false;
      for (let w = 0; w < words; w++) if (bits[at + w] !== 0) any = true;
      if (!any) return -1;
      const key = words === 1 ? (bits[at] as number) : wordLists.id(bits.subarray(at, at + words));
      let id = ids.get(key);
      if (id === undefined) {
        ids.set(key, (id = lists.length));
        const list: CompiledClusterPolicy[] = [];
        for (let b = 0; b < egress.length; b++)
          if (Math.floor((bits[at + Math.floor(b / WORD)] as number) / 2 ** (b % WORD)) % 2 === 1)
            list.push(egress[b] as CompiledClusterPolicy);
        lists.push(list);
      }
      return id;
    },
  };
}
