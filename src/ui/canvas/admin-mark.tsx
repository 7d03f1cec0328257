import { useApp } from '../store-context';

/**
 * A mark on workloads an AdminNetworkPolicy, BaselineAdminNetworkPolicy or ClusterNetworkPolicy
 * selects: their verdicts are decided (partly) above or below the namespace's NetworkPolicies.
 */
/** The fields of the analysis' policy summaries this mark reads. */
interface PolicySummary {
  readonly id: string;
  readonly selected: readonly string[];
  readonly notApplied?: string;
}

const SHORT: Record<string, string> = { anp: 'ANP', banp: 'BANP', cnp: 'CNP' };
const byResult = new WeakMap<readonly PolicySummary[], Map<string, string[]>>();

function tiersOf(policies: readonly PolicySummary[]): Map<string, string[]> {
  let m = byResult.get(policies);
  if (!m) {
    m = new Map();
    for (const p of policies) {
      const kind = SHORT[p.id.slice(0, p.id.indexOf(':'))];
      if (!kind || p.notApplied) continue;
      for (const label of p.selected) {
        const l = m.get(label);
        const name = `${kind} ${p.id.slice(p.id.indexOf(':') + 1)}`;
        if (l) l.push(name);
        else m.set(label, [name]);
      }
    }
    byResult.set(policies, m);
  }
  return m;
}

export function AdminTierMark({ label }: { label: string }) {
  const policies = useApp((s) => s.analysis?.result.policies);
  const under = policies ? tiersOf(policies).get(label) : undefined;
  if (!under) return null;
  return (
    <span
      className="wl-admin"
      data-testid={`admin-mark-${label}`}
      title={`under the admin tier: ${under.join(', ')}`}
    >
      {[...new Set(under.map((x) => x.split(' ')[0]))].join('+')}
    </span>
  );
}
