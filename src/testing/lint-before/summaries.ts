import type { Endpoint, Model } from '../../model/types';
import type { CompiledClusterPolicy } from '../../engine/admin/compile';
import { isCluster } from '../../engine/admin/evaluate';
import { clusterSelects } from '../../engine/admin/select';
import type { CompiledPolicy } from '../../engine/compile';
import { selects } from '../../engine/evaluate';
import type { Compiled } from '../../engine/analysis/compile-model';
import type { PolicySummary } from '../../engine/analysis/result';

/**
 * Per policy: where it applies and whom it selects. `selected` keeps each compiled policy's
 * list while the layout holds (the caller drops it when workloads change).
 */
export function policySummaries(
  model: Model,
  c: Compiled,
  labelOf: (e: Endpoint) => string,
  selected: WeakMap<object, string[]>,
): PolicySummary[] {
  const byNs = new Map<string, Endpoint[]>();
  for (const e of model.endpoints) {
    const l = byNs.get(e.namespace);
    if (l) l.push(e);
    else byNs.set(e.namespace, [e]);
  }
  const selectedBy = (p: CompiledPolicy | CompiledClusterPolicy): string[] => {
    let s = selected.get(p);
    if (!s) {
      s = isCluster(p)
        ? model.endpoints.filter((e) => clusterSelects(p, e, c.namespaceLabels)).map(labelOf)
        : (byNs.get(p.policy.namespace) ?? []).filter((e) => selects(p, e)).map(labelOf);
      selected.set(p, s);
    }
    return s;
  };
  return [...c.policies, ...c.clusterPolicies].map((p) => ({
    id: p.policy.id,
    networks: [...p.networks],
    ingress: p.ingress,
    egress: p.egress,
    ...(p.notApplied ? { notApplied: p.notApplied } : {}),
    selected: selectedBy(p),
  }));
}
