/**
 * Kinds that can change reachability and that the engine does not evaluate, by API group: they
 * are never ignored silently (a warning naming the object).
 */
const NOT_EVALUATED: Readonly<Record<string, readonly string[]>> = {
  'cilium.io': ['CiliumNetworkPolicy', 'CiliumClusterwideNetworkPolicy'],
  'projectcalico.org': ['NetworkPolicy', 'GlobalNetworkPolicy'],
  'crd.projectcalico.org': ['NetworkPolicy', 'GlobalNetworkPolicy'],
  'crd.antrea.io': ['NetworkPolicy', 'ClusterNetworkPolicy'],
  'network.openshift.io': ['EgressNetworkPolicy'],
  'networking.gke.io': ['FQDNNetworkPolicy'],
};

/** The vendor when `kind` of `apiVersion` filters traffic but is not evaluated here. */
export function notEvaluatedVendor(kind: string, apiVersion: string): string | undefined {
  const group = apiVersion.includes('/') ? (apiVersion.split('/')[0] as string) : '';
  return NOT_EVALUATED[group]?.includes(kind) ? group : undefined;
}
