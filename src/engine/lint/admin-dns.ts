import { endpointLabel, DEFAULT_NETWORK, type Endpoint } from '../../model/types';
import type { CompiledClusterPolicy } from '../admin/compile';
import { evaluateTiers } from '../admin/evaluate';
import type { CompiledPolicy } from '../compile';
import { allows } from '../conn';
import type { EvalContext } from '../evaluate';
import type { Member } from '../networks';
import { applied, finding, ListIds, sameList, selectingPolicies } from './admin-base';
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
 * list's first workload is that of its first group. Lists are told apart by number (`ListIds`).
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
  const subjectOf = new Array<CompiledClusterPolicy[] | undefined>(groups.length).fill(undefined);
  for (const p of egress) {
    const gs = ctx.index.groupIndices(sel.get(p) ?? []);
    for (let i = 0; i < gs.length; i++) (subjectOf[gs[i] as number] ??= []).push(p);
  }
  const npLists = new ListIds<CompiledPolicy>();
  const clusterLists = new ListIds<CompiledClusterPolicy>();
  // two list ids make one number (ids count trie nodes: far below 2^26 and 2^27)
  const seen = new Set<number>();
  const bySteps = new Map<number, readonly string[]>();
  const blamed = new Map<string, Set<string>>();
  if (cache.nsKey !== ctx.index.nsKey) cache.cuts = new Map();
  cache.nsKey = ctx.index.nsKey;
  const used: DnsCuts['cuts'] = new Map();
  for (let i = 0; i < groups.length; i++) {
    const g = groups[i] as LabelGroup;
    const cluster = subjectOf[g.index];
    if (!cluster) continue;
    const mine = selecting(g);
    const clusterId = clusterLists.id(cluster);
    const key = npLists.id(mine) * 67108864 + clusterId;
    if (seen.has(key)) continue;
    seen.add(key);
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
