import type { DiagnosticCode } from '../../model/diagnostic-codes';
import type { Diagnostic } from '../../model/diagnostic';
import { diagnosticAt } from '../../model/report';
import {
  DEFAULT_NETWORK,
  type ClusterNode,
  type ClusterPeer,
  type ClusterPolicy,
  type ClusterPolicyKind,
  type ClusterPort,
  type ClusterRule,
  type LabelSelector,
  type Protocol,
} from '../../model/types';
import { parseCidr, type AddrRange } from '../cidr';
import type { CompiledDecider, CompiledPeer, Direction } from '../compile';
import { range, type PortSet } from '../ports';
import { matchSelector } from '../selectors';

/** A rule action, CNP `Accept` read as `Allow` (R9.15). */
export type AdminAction = 'Allow' | 'Deny' | 'Pass';

export type AdminPort =
  | { readonly kind: 'set'; readonly protocol: Protocol; readonly set: PortSet }
  /** the destination's container port of that name, whatever its protocol (R9.11) */
  | { readonly kind: 'named-any'; readonly name: string };

export interface AdminRule {
  readonly index: number;
  readonly name?: string;
  readonly action: AdminAction;
  readonly peers: readonly CompiledPeer[];
  /** 'all': every protocol and port, ICMP included; [] matches nothing. */
  readonly ports: readonly AdminPort[] | 'all';
}

export interface AdminMeta {
  readonly kind: ClusterPolicyKind;
  readonly tier: 'Admin' | 'Baseline';
  /** BANP: 0 (there is one) */
  readonly priority: number;
  readonly subject: { readonly namespaceSelector: LabelSelector; readonly podSelector?: LabelSelector };
}

/** A cluster policy ready for the factors: the same outer shape as a compiled NetworkPolicy. */
export interface CompiledClusterPolicy extends CompiledDecider<AdminRule> {
  readonly policy: {
    readonly id: string;
    readonly kind: ClusterPolicyKind;
    readonly name: string;
    readonly namespace: '';
  };
  readonly cluster: ClusterPolicy;
  readonly admin: AdminMeta;
}

export function adminAction(action: string): AdminAction {
  return action === 'Accept' || action === 'Allow' ? 'Allow' : action === 'Pass' ? 'Pass' : 'Deny';
}

function cidrPeer(range: AddrRange): CompiledPeer {
  return { kind: 'ipBlock', cidr: range, except: [] };
}

interface Ctx {
  readonly cp: ClusterPolicy;
  readonly nodes: readonly ClusterNode[];
  readonly diags: Diagnostic[];
  rejected: boolean;
}

function report(
  ctx: Ctx,
  severity: Diagnostic['severity'],
  code: DiagnosticCode,
  field: string,
  message: string,
): void {
  ctx.diags.push(
    diagnosticAt({ kind: ctx.cp.kind, name: ctx.cp.name }, ctx.cp.origin, severity, code, field, message),
  );
}

function compilePeer(ctx: Ctx, p: ClusterPeer, field: string): CompiledPeer[] {
  if (p.namespaces) return [{ kind: 'selector', namespaceSelector: p.namespaces }];
  if (p.pods)
    return [
      { kind: 'selector', namespaceSelector: p.pods.namespaceSelector, podSelector: p.pods.podSelector },
    ];
  if (p.networks) {
    const out: CompiledPeer[] = [];
    p.networks.forEach((text, k) => {
      const c = parseCidr(text);
      if (!c.ok || c.bare) {
        ctx.rejected = true;
        report(
          ctx,
          'error',
          'cluster-policy-invalid',
          `${field}.networks[${k}]`,
          `${c.ok ? `"${text}" is an address, not a CIDR` : c.message}; the API server rejects this ${ctx.cp.kind}, so it is not applied`,
        );
      } else out.push(cidrPeer(c.range));
    });
    return out;
  }
  if (p.nodes) {
    // R9.9: the IPs in status.addresses of the Nodes the selector matches
    const sel = p.nodes;
    const out: CompiledPeer[] = [];
    for (const n of ctx.nodes) {
      if (!matchSelector(sel, n.labels)) continue;
      for (const a of n.addresses) {
        const c = parseCidr(a);
        if (c.ok) out.push(cidrPeer(c.range));
      }
    }
    return out.length ? out : [{ kind: 'nothing' }];
  }
  // domainNames (R9.10) and a peer without a field match nothing
  return [{ kind: 'nothing' }];
}

function compilePort(p: ClusterPort): AdminPort | undefined {
  if (p.kind === 'named') return { kind: 'named-any', name: p.name };
  const protocol = p.protocol as Protocol;
  if (p.kind === 'number') return { kind: 'set', protocol, set: range(p.port) };
  // start > end matches nothing (R9.11, M31)
  return p.start > p.end ? undefined : { kind: 'set', protocol, set: range(p.start, p.end) };
}

function compileRules(ctx: Ctx, rules: readonly ClusterRule[], dir: Direction): AdminRule[] {
  const peerKey = dir === 'ingress' ? 'from' : 'to';
  return rules.map((r, index) => ({
    index,
    ...(r.name !== undefined ? { name: r.name } : {}),
    action: adminAction(r.action),
    peers: r.peers.flatMap((p, k) => compilePeer(ctx, p, `spec.${dir}[${index}].${peerKey}[${k}]`)),
    ports: r.ports ? r.ports.map(compilePort).filter((x): x is AdminPort => x !== undefined) : 'all',
  }));
}

/** ClusterPolicy → the tiered matcher IR (R9.2-R9.15); rejected objects are not applied. */
export function compileClusterPolicy(
  cp: ClusterPolicy,
  nodes: readonly ClusterNode[],
): { compiled: CompiledClusterPolicy; diagnostics: Diagnostic[] } {
  const ctx: Ctx = { cp, nodes, diags: [], rejected: cp.rejected !== undefined };
  const ingressRules = compileRules(ctx, cp.ingress, 'ingress');
  const egressRules = compileRules(ctx, cp.egress, 'egress');
  const subject = cp.subject.pods
    ? { namespaceSelector: cp.subject.pods.namespaceSelector, podSelector: cp.subject.pods.podSelector }
    : { namespaceSelector: cp.subject.namespaces ?? {} };
  const applied = !ctx.rejected;
  const compiled: CompiledClusterPolicy = {
    policy: { id: cp.id, kind: cp.kind, name: cp.name, namespace: '' },
    cluster: cp,
    admin: { kind: cp.kind, tier: cp.tier, priority: cp.priority ?? 0, subject },
    networks: applied ? new Set([DEFAULT_NETWORK]) : new Set(),
    ingress: applied && ingressRules.length > 0,
    egress: applied && egressRules.length > 0,
    ingressRules: applied ? ingressRules : [],
    egressRules: applied ? egressRules : [],
    ...(applied ? {} : { notApplied: 'rejected by the API server' }),
  };
  return { compiled, diagnostics: ctx.diags };
}

const kindRank = (k: ClusterPolicyKind): number => (k === 'ClusterNetworkPolicy' ? 1 : 0);

/** Evaluation order within a tier: priority, ANP before CNP on ties (open question 7), then name. */
export function tierOrder(a: CompiledClusterPolicy, b: CompiledClusterPolicy): number {
  return (
    a.admin.priority - b.admin.priority ||
    kindRank(a.admin.kind) - kindRank(b.admin.kind) ||
    (a.policy.name < b.policy.name ? -1 : a.policy.name > b.policy.name ? 1 : 0)
  );
}

const banpLast = (p: CompiledClusterPolicy): number =>
  p.admin.kind === 'BaselineAdminNetworkPolicy' ? 1 : 0;

/** The Baseline tier's order: its CNPs, then the BANP (open question 7), each by `tierOrder`. */
export function baselineOrder(a: CompiledClusterPolicy, b: CompiledClusterPolicy): number {
  return banpLast(a) - banpLast(b) || tierOrder(a, b);
}

/** Every cluster policy in evaluation order: the Admin tier, then the Baseline tier. */
export function clusterOrder(a: CompiledClusterPolicy, b: CompiledClusterPolicy): number {
  const tier = (p: CompiledClusterPolicy) => (p.admin.tier === 'Admin' ? 0 : 1);
  return tier(a) - tier(b) || baselineOrder(a, b);
}
