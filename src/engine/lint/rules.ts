import type { Rule } from '../../model/types';
import { rangeWithin, type AddrRange } from '../cidr';
import type { CompiledPeer, CompiledPolicy, CompiledPort, CompiledRule } from '../compile';
import { subtract } from '../ports';
import { isEmptySelector } from '../selectors';
import { finding, type LintContext } from './context';

const DENY_WORDS = /deny|block|restrict|isolat|lockdown|prevent|forbid/i;

function overlaps(a: AddrRange, b: AddrRange): boolean {
  return a.family === b.family && a.start <= b.end && b.start <= a.end;
}

function portCovered(a: CompiledPort, bs: readonly CompiledPort[]): boolean {
  return bs.some((b) => {
    if (b.protocol !== a.protocol) return false;
    if (b.kind === 'set')
      return a.kind === 'set'
        ? subtract(a.set, b.set).length === 0
        : b.set.length === 1 && b.set[0]?.[0] === 1 && b.set[0]?.[1] === 65535;
    return a.kind === 'named' && a.name === b.name;
  });
}

function clip(x: AddrRange, to: AddrRange): AddrRange {
  return {
    family: x.family,
    start: x.start > to.start ? x.start : to.start,
    end: x.end < to.end ? x.end : to.end,
  };
}

function peerCovered(a: CompiledPeer, bs: readonly CompiledPeer[]): boolean {
  if (a.kind === 'nothing') return true;
  return bs.some((b) => {
    if (a.kind === 'ipBlock' && b.kind === 'ipBlock') {
      // a ⊆ b iff a.cidr ⊆ b.cidr and every part of b's excepts inside a.cidr is excepted by a too
      return (
        rangeWithin(a.cidr, b.cidr) &&
        b.except.every((x) => !overlaps(x, a.cidr) || a.except.some((y) => rangeWithin(clip(x, a.cidr), y)))
      );
    }
    if (a.kind === 'selector' && b.kind === 'selector') {
      if (JSON.stringify(a) === JSON.stringify(b)) return true;
      const bAllPods = !b.podSelector || isEmptySelector(b.podSelector);
      if (b.namespaceSelector && isEmptySelector(b.namespaceSelector) && bAllPods) return true; // every pod everywhere
      if (!b.namespaceSelector && bAllPods && !a.namespaceSelector) return true; // every pod of the policy's namespace
    }
    return false;
  });
}

/** Is every connection rule `a` admits also admitted by rule `b` (syntactically)? */
export function ruleCovered(a: CompiledRule, b: CompiledRule): boolean {
  const portsOk =
    b.ports === 'all' ||
    (a.ports !== 'all' && a.ports.every((p) => portCovered(p, b.ports as readonly CompiledPort[])));
  const peersOk =
    b.peers === 'all' ||
    (a.peers !== 'all' && a.peers.every((p) => peerCovered(p, b.peers as readonly CompiledPeer[])));
  return portsOk && peersOk;
}

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
    rules.forEach((r, k) => {
      const emptyPeers = r.peers === undefined || r.peers.length === 0;
      const othersRestrict = rules.some((o, j) => j !== k && o.peers !== undefined && o.peers.length > 0);
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
    compiled.forEach((a) => {
      const coveredBy = compiled.find(
        (b) => b.index !== a.index && ruleCovered(a, b) && !(ruleCovered(b, a) && b.index > a.index),
      );
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
