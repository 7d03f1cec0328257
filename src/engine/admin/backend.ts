import type { ClusterNode, ClusterPolicy } from '../../model/types';
import { ALLOW_ICMP_OPTION } from '../icmp-option';
import { compileClusterPolicy, type CompiledClusterPolicy } from './compile';

/**
 * Backend profiles (SEMANTICS preamble: where implementations disagree the engine default is
 * named, an alternative may be offered as a profile, never silently). `api` evaluates every
 * cluster policy as the API defines it (the default); `ovn-kubernetes` applies only what
 * OVN-Kubernetes programs: no ANP with priority above 99 (R9.3, event
 * ANPWithUnsupportedPriority) and no ClusterNetworkPolicy (R9.15, it vendors v1alpha1 only).
 * The findings M22 and M30 say which profile was used.
 */
export const BACKENDS = ['api', 'ovn-kubernetes'] as const;
export type Backend = (typeof BACKENDS)[number];

/** OVN-K's `ovnkSupportedPriorityUpperBound` (R9.3). */
export const OVNK_MAX_PRIORITY = 99;

/** Why `backend` does not program the cluster policy, or undefined when it does. */
export function notProgrammed(cp: ClusterPolicy, backend: Backend): string | undefined {
  if (backend !== 'ovn-kubernetes') return undefined;
  if (cp.kind === 'ClusterNetworkPolicy')
    return 'not programmed by OVN-Kubernetes, which implements v1alpha1 only (backend profile ovn-kubernetes)';
  if (cp.kind === 'AdminNetworkPolicy' && (cp.priority ?? 0) > OVNK_MAX_PRIORITY)
    return `not programmed by OVN-Kubernetes: priority ${cp.priority} is above ${OVNK_MAX_PRIORITY} (backend profile ovn-kubernetes)`;
  return undefined;
}

/** Compiled policies the profile left out: findings word themselves by it. */
const leftOut = new WeakSet<CompiledClusterPolicy>();

export function isNotProgrammed(p: CompiledClusterPolicy): boolean {
  return leftOut.has(p);
}

/**
 * `compileClusterPolicy` under a profile: validation runs as ever (M23 keeps its diagnostics),
 * and a policy the backend does not program comes out not applied — no networks, no rules —
 * so the factors never see it.
 */
export function compileForBackend(
  cp: ClusterPolicy,
  nodes: readonly ClusterNode[],
  backend: Backend,
): ReturnType<typeof compileClusterPolicy> {
  const r = compileClusterPolicy(cp, nodes);
  const why = notProgrammed(cp, backend);
  if (!why || r.compiled.notApplied) return r;
  const compiled: CompiledClusterPolicy = {
    ...r.compiled,
    networks: new Set(),
    ingress: false,
    egress: false,
    ingressRules: [],
    egressRules: [],
    notApplied: why,
  };
  leftOut.add(compiled);
  return { compiled, diagnostics: r.diagnostics };
}

/**
 * Options beside the profile: OVN-Kubernetes config switches the engine models, each off by
 * default and allowed with either profile (they describe the cluster's ovnkube config, which
 * neither profile's reading of the cluster policies excludes).
 */
export interface BackendOptions {
  /** `allow-icmp-network-policy` (SEMANTICS R10.17, ../icmp-option.ts). */
  readonly allowIcmp?: boolean;
}

/** How findings name what the analysis assumed: "backend profile api", and the options on. */
export function profileText(backend: Backend, options: BackendOptions): string {
  return `backend profile ${backend}${options.allowIcmp ? `, ${ALLOW_ICMP_OPTION} on` : ''}`;
}
