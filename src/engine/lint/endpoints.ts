import { baseLabel } from '../../model/ids';
import type { Endpoint } from '../../model/types';
import { endpointFinding, type LintContext } from './context';

/**
 * A Pod and a VM with the same namespace/name: two endpoints the app tells apart as
 * `ns/name (Pod)` and `ns/name (VM)`, but people and conformance files name both `ns/name`.
 * Reported on the VM (the virt-launcher pod gets another name in the cluster).
 */
export function lintSharedNames(ctx: LintContext): void {
  const byLabel = new Map<string, Endpoint>();
  for (const e of ctx.model.endpoints) {
    if (e.kind === 'External') continue;
    const label = baseLabel(e);
    const prev = byLabel.get(label);
    if (!prev) {
      byLabel.set(label, e);
      continue;
    }
    if (prev.kind === e.kind) continue;
    const [pod, vm] = prev.kind === 'Pod' ? [prev, e] : [e, prev];
    endpointFinding(
      ctx,
      vm,
      'warning',
      'endpoint-name-shared',
      'metadata.name',
      `${pod.sourceKind} ${label} has the same namespace/name: results list them as ${label} (Pod) and ${label} (VM); rename one to keep reports unambiguous`,
    );
  }
}
