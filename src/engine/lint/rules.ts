import type { Rule } from '../../model/types';
import type { CompiledPolicy } from '../compile';
import { finding, type LintContext } from './context';
import { coverFinder } from './coverage';

const DENY_WORDS = /deny|block|restrict|isolat|lockdown|prevent|forbid/i;

/** M3, M18, shadowed rules, M2, M12 — one policy at a time (they look at nothing else). */
export function lintPolicyRules(ctx: LintContext, cp: CompiledPolicy): void {
  const p = cp.policy;
  if (cp.notApplied === 'rejected by the API server') return;
  if (p.kind === 'MultiNetworkPolicy' && p.policyTypes === undefined) {
    finding(
      ctx,
      p,
      'warning',
      'mnp-policy-types-missing',
      'spec',
      'no policyTypes: MultiNetworkPolicy implementations disagree on the default (OVN-K isolates nothing, multi-networkpolicy-iptables isolates only directions with rules); set policyTypes explicitly',
      (p.egress ?? []).length
        ? {
            text: 'policyTypes: [Ingress, Egress]',
            edit: { field: 'spec.policyTypes', value: ['Ingress', 'Egress'] },
          }
        : { text: 'policyTypes: [Ingress]', edit: { field: 'spec.policyTypes', value: ['Ingress'] } },
    );
  }
  if ((p.policyTypes ?? []).length === 0 && (p.egress ?? []).length > 0 && p.ingress === undefined) {
    finding(
      ctx,
      p,
      'warning',
      'egress-only-isolates-ingress',
      'spec.egress',
      'this policy has only egress rules and no policyTypes, so it also isolates ingress: all inbound traffic to the selected workloads is denied. Add policyTypes: [Egress] if only egress was meant',
      { text: 'policyTypes: [Egress]', edit: { field: 'spec.policyTypes', value: ['Egress'] } },
    );
  }
  const denyIntent = DENY_WORDS.test(p.name);
  for (const dir of ['ingress', 'egress'] as const) {
    const rules: readonly Rule[] = (dir === 'ingress' ? p.ingress : p.egress) ?? [];
    const compiled = dir === 'ingress' ? cp.ingressRules : cp.egressRules;
    const key = dir === 'ingress' ? 'from' : 'to';
    const restricts = (o: Rule): boolean => o.peers !== undefined && o.peers.length > 0;
    const restricting = rules.filter(restricts).length;
    rules.forEach((r, k) => {
      const emptyPeers = r.peers === undefined || r.peers.length === 0;
      const othersRestrict = restricting - (restricts(r) ? 1 : 0) > 0;
      const noPorts = r.ports === undefined || r.ports.length === 0;
      if (emptyPeers && (denyIntent || (noPorts && othersRestrict))) {
        const form = r.peers === undefined ? (noPorts ? '{}' : `no "${key}"`) : `${key}: []`;
        finding(
          ctx,
          p,
          'warning',
          'empty-peers-allow-all',
          `spec.${dir}[${k}]${r.peers === undefined ? '' : `.${key}`}`,
          `${dir} rule ${k} (${form}) matches every ${dir === 'ingress' ? 'source' : 'destination'}${noPorts ? ' on every port' : ''}, including other namespaces and outside hosts${denyIntent ? `, although the policy's name "${p.name}" suggests it should deny` : ''}. Remove the rule to deny, or list the peers to allow`,
        );
      }
      const next = rules[k + 1];
      const onlyPeers = !emptyPeers && noPorts;
      if (
        next &&
        onlyPeers &&
        next.peers === undefined &&
        next.ports !== undefined &&
        next.ports.length > 0
      ) {
        finding(
          ctx,
          p,
          'warning',
          'split-rule',
          `spec.${dir}[${k + 1}]`,
          `${dir} rule ${k + 1} has ports but no "${key}", so it allows those ports from anyone, while rule ${k} allows every port from its peers. A stray "-" before "ports:" often splits one rule (peers AND ports) into two (peers OR ports): did you mean one rule?`,
        );
      }
    });
    const coveredByOf = coverFinder(compiled);
    compiled.forEach((a) => {
      const coveredBy = coveredByOf(a);
      if (coveredBy) {
        finding(
          ctx,
          p,
          'info',
          'shadowed-rule',
          `spec.${dir}[${a.index}]`,
          `${dir} rule ${a.index} is fully covered by rule ${coveredBy.index} of this policy and adds nothing`,
        );
      }
    });
  }
}
