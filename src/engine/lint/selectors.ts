import type { LabelSelector } from '../../model/types';
import type { CompiledRule } from '../compile';
import { isSelectable } from '../evaluate';
import { matchSelector } from '../selectors';
import { applied, finding, type LintContext } from './context';
import { nearMiss } from './hints';

/** M5: selectors (policy podSelector or peers) that match nothing in the design. */
export function lintSelectors(ctx: LintContext): void {
  const workloads = ctx.model.endpoints.filter(isSelectable);
  const nsNames = [...new Set([...ctx.model.namespaces.map((n) => n.name), ...workloads.map((w) => w.namespace)])];
  const nsLabels = nsNames.map((n) => ctx.compiled.namespaceLabels(n));
  for (const cp of applied(ctx)) {
    const p = cp.policy;
    const own = workloads.filter((w) => w.namespace === p.namespace);
    const selected = own.filter((w) => matchSelector(p.podSelector, w.labels));
    if (selected.length === 0) {
      const hint = nearMiss(p.podSelector, own.map((w) => w.labels), false);
      finding(ctx, p, 'warning', 'policy-selects-nothing', 'spec.podSelector',
        `spec.podSelector matches no workload in namespace ${p.namespace}, so this policy has no effect${hint ? `; ${hint.text}` : ''}`, hint?.fix);
    }
    const rules = (dir: 'ingress' | 'egress', list: readonly CompiledRule[]) => {
      const key = dir === 'ingress' ? 'from' : 'to';
      for (const r of list) {
        if (r.peers === 'all') continue;
        r.peers.forEach((peer, k) => {
          if (peer.kind !== 'selector') return;
          const f = `spec.${dir}[${r.index}].${key}[${k}]`;
          let namespaces = [p.namespace];
          if (peer.namespaceSelector) {
            const sel: LabelSelector = peer.namespaceSelector;
            namespaces = nsNames.filter((n) => matchSelector(sel, ctx.compiled.namespaceLabels(n)));
            if (namespaces.length === 0) {
              const hint = nearMiss(sel, nsLabels, true);
              finding(ctx, p, 'warning', 'selector-matches-nothing', `${f}.namespaceSelector`,
                `namespaceSelector matches no namespace in the design${hint ? `; ${hint.text}` : ''}`, hint?.fix);
              return;
            }
          }
          if (!peer.podSelector) return;
          const pool = workloads.filter((w) => namespaces.includes(w.namespace));
          const podSel = peer.podSelector;
          if (!pool.some((w) => matchSelector(podSel, w.labels))) {
            const elsewhere = [...new Set(workloads.filter((w) => !namespaces.includes(w.namespace) && matchSelector(podSel, w.labels)).map((w) => w.namespace))];
            const nodeKey = Object.keys(podSel.matchLabels ?? {}).find((k) => k.startsWith('node-role.kubernetes.io/') || k.startsWith('node.kubernetes.io/'));
            const hint = elsewhere.length
              ? { text: `matching workloads exist in ${elsewhere.join(', ')}: to select them, put a namespaceSelector and this podSelector in the same peer (one list item)` }
              : nodeKey
                ? { text: `${nodeKey} is a node label, not a pod label; nodes cannot be selected by a podSelector (use an ipBlock for node addresses)` }
                : nearMiss(podSel, pool.map((w) => w.labels), false);
            const where = peer.namespaceSelector ? `the namespaces it selects (${namespaces.join(', ')})` : `namespace ${p.namespace} (a podSelector alone never looks in other namespaces)`;
            finding(ctx, p, 'warning', 'selector-matches-nothing', `${f}.podSelector`,
              `podSelector matches no workload in ${where}${hint ? `; ${hint.text}` : ''}`, hint?.fix);
          }
        });
      }
    };
    rules('ingress', cp.ingressRules);
    rules('egress', cp.egressRules);
  }
}
