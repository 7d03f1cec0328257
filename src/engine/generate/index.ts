import type { DiagnosticCode } from '../../model/diagnostic-codes';
import type { Diagnostic } from '../../model/diagnostic';
import type { Intent } from '../../model/intent';
import { DEFAULT_NETWORK, endpointLabel, type Model, type Policy } from '../../model/types';
import { parsePolicyFor } from '../compile';
import { layoutNetworks, type NetworkLayout } from '../networks';
import { planNetwork } from './plan';
import { predictNetwork, type Predictions } from './predict';
import { resolveIntent } from './resolve';
import type { PlannedPolicy, Resolved } from './types';

export interface GenerateOptions {
  /** Keep DNS egress to kube-dns on the pod network (default true). */
  readonly dns?: boolean;
}

export interface Plan {
  readonly resolved: Resolved;
  readonly policies: readonly PlannedPolicy[];
  /** The manifests' policies on the covered networks: the generated ones replace them. */
  readonly replaced: readonly Policy[];
  /** Replaced policies that also apply on uncovered networks: re-issued for those only. */
  readonly narrowed: readonly Policy[];
  /** Per covered network, per pair: what the plan allows. */
  readonly predicted: ReadonlyMap<string, Predictions>;
  /** What the user should know (DNS kept, ipBlocks instead of selectors, ...). */
  readonly notes: readonly Diagnostic[];
}

/** The networks (logical ids) a policy is written for, whether or not it is enforced there. */
function policyNetworksAsWritten(p: Policy, layout: NetworkLayout): { id: string; key: string }[] {
  if (p.kind === 'NetworkPolicy') {
    // a namespace on a primary (C)UDN: its NetworkPolicies apply there, never on default (R10.9)
    const primary = layout.primaryOf?.get(p.namespace);
    return [{ id: primary ?? DEFAULT_NETWORK, key: primary ?? DEFAULT_NETWORK }];
  }
  if (p.policyFor === undefined) return [];
  return parsePolicyFor(p.policyFor, p.namespace).flatMap((key) => {
    const id = layout.nadToNetwork.get(key);
    return id ? [{ id, key }] : [];
  });
}

const note = (
  code: DiagnosticCode,
  message: string,
  severity: Diagnostic['severity'] = 'info',
): Diagnostic => ({
  severity,
  code,
  message,
});

/**
 * Policies for an intent (issue 17): per covered network and namespace a default deny per
 * direction, DNS egress on the pod network, and one policy per group of endpoints with the
 * same needs; plus the generator's prediction of what they allow, which `verifyPlan` checks
 * against the engine.
 */
export function generatePlan(
  model: Model,
  intent: Intent,
  options: GenerateOptions = {},
): { plan?: Plan; diagnostics: Diagnostic[] } {
  const layout = layoutNetworks(model);
  const { resolved, diagnostics } = resolveIntent(model, layout, intent, { dns: options.dns ?? true });
  if (!resolved) return { diagnostics };
  const notes: Diagnostic[] = [];
  const replaced: Policy[] = [];
  const narrowed: Policy[] = [];
  for (const p of model.policies) {
    const nets = policyNetworksAsWritten(p, layout);
    const inside = nets.filter((n) => resolved.covered.has(n.id));
    if (inside.length === 0) continue;
    replaced.push(p);
    const outside = nets.filter((n) => !resolved.covered.has(n.id));
    if (outside.length) {
      narrowed.push({ ...p, policyFor: outside.map((n) => n.key).join(',') });
      notes.push(
        note(
          'intent-policy-narrowed',
          `${p.kind} ${p.namespace}/${p.name} also applies on ${outside.map((n) => n.key).join(', ')}, which the intent does not cover: it is re-issued with policy-for naming only those`,
          'warning',
        ),
      );
    }
  }
  // never reuse the name of a policy that stays (kubectl apply would overwrite it)
  const gone = new Set(replaced.map((p) => p.id));
  const used = new Set(model.policies.filter((p) => !gone.has(p.id)).map((p) => `${p.namespace}/${p.name}`));
  const policies: PlannedPolicy[] = [];
  const predicted = new Map<string, Predictions>();
  for (const id of [...resolved.covered].sort()) {
    const net = resolved.nets.get(id);
    if (!net) continue;
    // MultiNetworkPolicy on a Kube-OVN attachment network is not enforced (the engine says so): write none
    const kubeOvn = layout.networks.get(id)?.isKubeOvn ?? false;
    const planned = kubeOvn ? [] : planNetwork(net, resolved, used);
    if (kubeOvn)
      notes.push(
        note(
          'intent-network-unenforced',
          `${net.members.find((m) => m.nad !== DEFAULT_NETWORK)?.nad ?? id} is a Kube-OVN attachment network: MultiNetworkPolicy is not enforced there (Subnet ACLs are), so no policy is written for it and its pairs stay as they are`,
          'warning',
        ),
      );
    policies.push(...planned);
    predicted.set(id, predictNetwork(net, planned));
    const name = net.members.find((m) => m.nad !== DEFAULT_NETWORK)?.nad ?? id;
    if (net.ipamless && planned.length)
      notes.push(
        note(
          'intent-ipblock-peers',
          `${name} is an OVN-K network without subnets: OVN-K ignores selector peers there (SEMANTICS R5.7), so peers are /32 or /128 ipBlocks of the workloads' addresses`,
        ),
      );
    for (const m of net.members)
      if (m.endpoint.hostNetwork)
        notes.push(
          note(
            'intent-host-network',
            `${endpointLabel(m.endpoint)} uses the host network: no policy applies to it, so its own traffic is not restricted (R4.7)`,
            'warning',
          ),
        );
  }
  if (resolved.dnsLine !== undefined)
    notes.push(
      note(
        'intent-dns-kept',
        'DNS egress to kube-dns (kube-system, k8s-app=kube-dns, UDP and TCP 53) is kept in every namespace on the pod network; --no-dns drops it',
      ),
    );
  return { plan: { resolved, policies, replaced, narrowed, predicted, notes }, diagnostics };
}

/** Every policy to print: the narrowed ones, then the generated ones. */
export function printedPolicies(plan: Plan): Policy[] {
  return [...plan.narrowed, ...plan.policies.map((p) => p.policy)];
}

/** The manifests with the replaced policies swapped for the printed ones (as read back). */
export function applyPolicies(model: Model, plan: Plan, printed: readonly Policy[]): Model {
  const gone = new Set(plan.replaced.map((p) => p.id));
  return { ...model, policies: [...model.policies.filter((p) => !gone.has(p.id)), ...printed] };
}
