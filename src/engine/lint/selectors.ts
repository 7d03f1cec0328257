import type { LabelSelector } from '../../model/types';
import type { CompiledPolicy, CompiledRule } from '../compile';
import { finding, type LintContext } from './context';
import { hintFix, nearMiss } from './hints';

/** A peer's field, made only for a finding (most peers have none; 20,000 policies). */
function peerField(dir: 'ingress' | 'egress', rule: number, k: number): string {
  return `spec.${dir}[${rule}].${dir === 'ingress' ? 'from' : 'to'}[${k}]`;
}

/**
 * M5: selectors (the policy's podSelector or its peers) that match nothing in the design. A
 * rejected policy has no effect anyway: only its peers are checked.
 */
export function lintPolicySelectors(ctx: LintContext, cp: CompiledPolicy): void {
  const ix = ctx.index;
  const p = cp.policy;
  if (!cp.rejected && !ix.matchesIn(p.podSelector, p.namespace)) {
    const hint = nearMiss(
      p.podSelector,
      ix.groups(p.namespace).map((g) => g.labels),
      false,
    );
    finding(
      ctx,
      p,
      'warning',
      'policy-selects-nothing',
      'spec.podSelector',
      `spec.podSelector matches no workload in namespace ${p.namespace}, so this policy has no effect${hint ? `; ${hint.text}` : ''}`,
      hintFix(hint, 'spec.podSelector'),
    );
  }
  const rules = (dir: 'ingress' | 'egress', list: readonly CompiledRule[]) => {
    for (const r of list) {
      if (r.peers === 'all') continue;
      r.peers.forEach((peer, k) => {
        if (peer.kind !== 'selector') return;
        let namespaces: readonly string[] = [p.namespace];
        if (peer.namespaceSelector) {
          const sel: LabelSelector = peer.namespaceSelector;
          namespaces = ix.namespacesMatching(sel);
          if (namespaces.length === 0) {
            const hint = nearMiss(sel, ix.nsLabels, true);
            finding(
              ctx,
              p,
              'warning',
              'selector-matches-nothing',
              `${peerField(dir, r.index, k)}.namespaceSelector`,
              `namespaceSelector matches no namespace in the design${hint ? `; ${hint.text}` : ''}`,
              hintFix(hint, `${peerField(dir, r.index, k)}.namespaceSelector`),
            );
            return;
          }
        }
        if (!peer.podSelector) return;
        const podSel = peer.podSelector;
        if (!ix.anyMatch(podSel, namespaces)) {
          // (none of `namespaces` has one: it matches nothing there)
          const elsewhere = ix.namespacesWith(podSel);
          const nodeKey = Object.keys(podSel.matchLabels ?? {}).find(
            (k) => k.startsWith('node-role.kubernetes.io/') || k.startsWith('node.kubernetes.io/'),
          );
          const hint = elsewhere.length
            ? {
                text: `matching workloads exist in ${elsewhere.join(', ')}: to select them, put a namespaceSelector and this podSelector in the same peer (one list item)`,
              }
            : nodeKey
              ? {
                  text: `${nodeKey} is a node label, not a pod label; nodes cannot be selected by a podSelector (use an ipBlock for node addresses)`,
                }
              : nearMiss(
                  podSel,
                  namespaces.flatMap((n) => ix.groups(n).map((g) => g.labels)),
                  false,
                );
          const where = peer.namespaceSelector
            ? `the namespaces it selects (${namespaces.join(', ')})`
            : `namespace ${p.namespace} (a podSelector alone never looks in other namespaces)`;
          finding(
            ctx,
            p,
            'warning',
            'selector-matches-nothing',
            `${peerField(dir, r.index, k)}.podSelector`,
            `podSelector matches no workload in ${where}${hint ? `; ${hint.text}` : ''}`,
            hintFix(hint, `${peerField(dir, r.index, k)}.podSelector`),
          );
        }
      });
    }
  };
  rules('ingress', cp.ingressRules);
  rules('egress', cp.egressRules);
}
