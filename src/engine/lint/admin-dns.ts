import { endpointLabel, DEFAULT_NETWORK, type Endpoint } from '../../model/types';
import type { CompiledClusterPolicy } from '../admin/compile';
import { evaluateTiers, type Decider } from '../admin/evaluate';
import { allows } from '../conn';
import type { EvalContext } from '../evaluate';
import type { Member } from '../networks';
import { applied, finding, sameList, selectingPolicies } from './admin-base';
import { names, type LabelGroup, type LintContext } from './context';
import { KUBE_DNS } from './networks';

/**
 * The Deny rules (`policy#rule`) cutting DNS for each set of deciders, kept while they are the
 * same compiled objects and namespace labels the same (kube-dns is matched by them).
 */
export interface DnsCuts {
  nsKey: string;
  cuts: Map<string, { readonly deciders: readonly Decider[]; readonly cuts: readonly string[] }>;
}

/** A Deny (first match) that cuts cluster DNS (UDP 53 to kube-system/kube-dns) for pods it selects. */
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
  // subjects are whole label groups: deciders are the same for every workload of a group
  const groups = ctx.index.space.groups;
  const subjectOf: CompiledClusterPolicy[][] = groups.map(() => []);
  for (const p of egress)
    for (const g of ctx.index.groupIndices(sel.get(p) ?? []))
      (subjectOf[g] as CompiledClusterPolicy[]).push(p);
  const byGroup = new Array<
    { deciders: Decider[]; key: string; steps: string; cluster: boolean } | undefined
  >(groups.length).fill(undefined);
  const blamed = new Map<string, Set<string>>();
  const seen = new Set<string>();
  const bySteps = new Map<string, readonly string[]>();
  const used = new Map<string, { deciders: readonly Decider[]; cuts: readonly string[] }>();
  if (cache.nsKey !== ctx.index.nsKey) cache.cuts = new Map();
  cache.nsKey = ctx.index.nsKey;
  // only workloads can be selected (by a subject or a NetworkPolicy): the others are skipped
  for (const e of ctx.index.workloads) {
    const g = ctx.index.groupOf(e) as LabelGroup;
    let info = byGroup[g.index];
    if (!info) {
      const nps = selecting(g);
      const cluster = subjectOf[g.index] as CompiledClusterPolicy[];
      const deciders: Decider[] = [...nps, ...cluster];
      const key = deciders.map((x) => x.policy.id).join('\u0000');
      // the tier steps depend on the cluster policies and on whether a NetworkPolicy isolates
      // (then the Baseline tier is not consulted, R9.6), not on which ones do
      const steps = `${nps.length ? 1 : 0}\u0001${cluster.map((x) => x.policy.id).join('\u0000')}`;
      byGroup[g.index] = info = { deciders, key, steps, cluster: cluster.length > 0 };
    }
    const { deciders, key, steps, cluster } = info;
    if (!cluster || seen.has(key)) continue;
    seen.add(key);
    const kept = cache.cuts.get(key);
    let cuts = kept && sameList(kept.deciders, deciders) ? kept.cuts : undefined;
    cuts ??= bySteps.get(steps);
    if (!cuts) {
      const r = evaluateTiers(deciders, 'egress', dns, KUBE_DNS.namedPorts, ectx);
      cuts =
        r.isolated && r.tiers
          ? r.tiers.steps
              .filter((s) => s.action === 'Deny' && allows(s.conns, 'UDP', 53))
              .map((s) => `${s.policy}#${s.rule}`)
          : [];
      bySteps.set(steps, cuts);
    }
    used.set(key, { deciders, cuts });
    for (const k of cuts) {
      const l = blamed.get(k) ?? new Set();
      l.add(endpointLabel(e));
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
