import type { Policy, Rule } from '../model/types';

/** The Kubernetes object of a model Policy (kubectl-ready; the inverse of k8s-policies.ts). */
export function policyObject(p: Policy): Record<string, unknown> {
  const rules = (list: readonly Rule[] | undefined, peerKey: 'from' | 'to') =>
    (list ?? []).map((r) => ({
      ...(r.peers ? { [peerKey]: r.peers.map((x) => ({ ...x })) } : {}),
      ...(r.ports ? { ports: r.ports.map((x) => ({ ...x })) } : {}),
    }));
  const mnp = p.kind === 'MultiNetworkPolicy';
  return {
    apiVersion: mnp ? 'k8s.cni.cncf.io/v1beta1' : 'networking.k8s.io/v1',
    kind: p.kind,
    metadata: {
      name: p.name,
      namespace: p.namespace,
      ...(mnp && p.policyFor !== undefined
        ? { annotations: { 'k8s.v1.cni.cncf.io/policy-for': p.policyFor } }
        : {}),
    },
    spec: {
      podSelector: p.podSelector,
      ...(p.policyTypes ? { policyTypes: [...p.policyTypes] } : {}),
      ...(p.ingress ? { ingress: rules(p.ingress, 'from') } : {}),
      ...(p.egress ? { egress: rules(p.egress, 'to') } : {}),
    },
  };
}
