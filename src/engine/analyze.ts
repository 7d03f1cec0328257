import type { Diagnostic } from '../model/diagnostic';
import { DEFAULT_NETWORK, endpointLabel, type Labels, type Model } from '../model/types';
import { compilePolicy, type CompiledPolicy } from './compile';
import { intersectConns, type ConnSet } from './conn';
import { aclPair, compileSubnets, type AclVerdict, type CompiledSubnet } from './acl/layer';
import { selects, type DirectionResult, type EvalContext } from './evaluate';
import { layoutNetworks, type Member, type NetworkLayout } from './networks';
import { classify, type NetworkClasses } from './classes';

export interface Connection {
  readonly from: string; // ns/name, or the external's name
  readonly to: string;
  readonly fromId: string;
  readonly toId: string;
  /** `default` or the NAD key `ns/name` (R5.5: one entry per NAD key when they differ). */
  readonly network: string;
  readonly allowed: ConnSet;
  readonly egress: DirectionResult;
  readonly ingress: DirectionResult;
  /** Kube-OVN Subnet ACLs on this network, when a subnet with ACLs covers the pair (R7.6). */
  readonly acl?: AclVerdict;
}

export interface NetworkSummary {
  readonly id: string; // logical id
  readonly nads: readonly string[];
  readonly members: number;
}

/**
 * A network too large to list pair by pair: the class of every member and, per class pair, an
 * index into shared direction results (0 = not isolated). Views expand pairs on demand.
 */
export interface CompactNetwork {
  readonly network: string; // logical id
  readonly members: readonly { readonly label: string; readonly id: string; readonly nad: string; readonly external: boolean }[];
  readonly classOf: Int32Array;
  readonly classes: number;
  readonly egress: Int32Array; // [a * classes + b] → results index (egress of a towards b)
  readonly ingress: Int32Array; // [a * classes + b] → results index (ingress of b from a)
  readonly results: readonly DirectionResult[];
}

export interface AnalysisResult {
  /** Every pair, except on networks listed in `compact`. */
  readonly connections: readonly Connection[];
  readonly compact?: readonly CompactNetwork[];
  readonly networks: readonly NetworkSummary[];
  readonly policies: readonly PolicySummary[];
  readonly diagnostics: readonly Diagnostic[];
}

export interface PolicySummary {
  readonly id: string;
  /** Logical network ids the policy applies on. */
  readonly networks: readonly string[];
  readonly ingress: boolean;
  readonly egress: boolean;
  readonly notApplied?: string;
  /** Endpoints it selects (ns/name), whatever the network. */
  readonly selected: readonly string[];
}

export interface AnalyzeOptions {
  /** Cooperative cancellation, checked between rows. */
  readonly shouldStop?: () => boolean;
  /** Networks with more ordered pairs than this are returned compact (for the app's worker). */
  readonly compactAbove?: number;
}

export function namespaceLabeler(model: Model): (ns: string) => Labels {
  const byName = new Map(model.namespaces.map((n) => [n.name, n.labels]));
  const cache = new Map<string, Labels>();
  return (ns) => {
    let l = cache.get(ns);
    if (!l) {
      // The API server always sets kubernetes.io/metadata.name (since 1.21).
      l = { ...(byName.get(ns) ?? {}), 'kubernetes.io/metadata.name': ns };
      cache.set(ns, l);
    }
    return l;
  };
}

export interface Compiled {
  readonly layout: NetworkLayout;
  readonly subnets: readonly CompiledSubnet[];
  readonly policies: readonly CompiledPolicy[];
  readonly diagnostics: readonly Diagnostic[];
  readonly namespaceLabels: (ns: string) => Labels;
}

export function compileModel(model: Model): Compiled {
  const layout = layoutNetworks(model);
  const diagnostics: Diagnostic[] = [...layout.diagnostics];
  const policies = model.policies.map((p) => {
    const r = compilePolicy(p, layout);
    diagnostics.push(...r.diagnostics);
    return r.compiled;
  });
  const subnets = compileSubnets(model, layout);
  diagnostics.push(...subnets.diagnostics);
  return { layout, subnets: subnets.subnets, policies, diagnostics, namespaceLabels: namespaceLabeler(model) };
}

/**
 * The one entry the worker and the CLI call: every ordered pair of distinct endpoints that
 * share a network, with the allowed connections and the reasons (SEMANTICS §4).
 */
export function analyze(model: Model, options: AnalyzeOptions = {}): AnalysisResult {
  const c = compileModel(model);
  const connections: Connection[] = [];
  const compact: CompactNetwork[] = [];
  const networks: NetworkSummary[] = [];
  for (const [netId, members] of c.layout.members) {
    const net = c.layout.networks.get(netId);
    networks.push({ id: netId, nads: net?.nads.map((n) => n.key) ?? [], members: members.length });
    const ctx: EvalContext = { networkId: netId, namespaceLabels: c.namespaceLabels };
    // Subnet ACLs decide by exact addresses: on such networks every endpoint is its own class.
    const hasAcls = c.subnets.some((s) => s.network === netId && (s.from.length || s.to.length));
    const classes = classify(netId, members, c.policies, ctx, { exact: hasAcls });
    if (!hasAcls && options.compactAbove !== undefined && members.length * (members.length - 1) > options.compactAbove) {
      compact.push(compactNetwork(netId, members, classes));
      continue;
    }
    members.forEach((src: Member, i) => {
      if (options.shouldStop?.()) return;
      members.forEach((dst: Member, j) => {
        if (i === j || src.endpoint.id === dst.endpoint.id) return; // R4.5
        if (src.endpoint.kind === 'External' && dst.endpoint.kind === 'External') return; // R4.3
        const v = classes.verdict(classes.classOf[i] as number, classes.classOf[j] as number);
        const acl = hasAcls ? aclPair(c.subnets, netId, src, dst) : undefined;
        const allowed = acl ? intersectConns(v.allowed, acl.allowed) : v.allowed;
        const keys = netId === DEFAULT_NETWORK ? [DEFAULT_NETWORK] : [...new Set([src.nad, dst.nad])];
        for (const network of keys) {
          connections.push({
            from: endpointLabel(src.endpoint),
            to: endpointLabel(dst.endpoint),
            fromId: src.endpoint.id,
            toId: dst.endpoint.id,
            network,
            allowed,
            egress: v.egress,
            ingress: v.ingress,
            ...(acl ? { acl } : {}),
          });
        }
      });
    });
  }
  connections.sort((a, b) => a.network.localeCompare(b.network) || a.from.localeCompare(b.from) || a.to.localeCompare(b.to));
  return {
    connections,
    ...(compact.length ? { compact } : {}),
    networks,
    policies: c.policies.map((p) => ({
      id: p.policy.id,
      networks: [...p.networks],
      ingress: p.ingress,
      egress: p.egress,
      ...(p.notApplied ? { notApplied: p.notApplied } : {}),
      selected: model.endpoints.filter((e) => selects(p, e)).map(endpointLabel),
    })),
    diagnostics: c.diagnostics,
  };
}

function compactNetwork(network: string, members: readonly Member[], classes: NetworkClasses): CompactNetwork {
  const n = classes.reps.length;
  const results: DirectionResult[] = [{ isolated: false }];
  const ids = new Map<DirectionResult, number>();
  const idOf = (r: DirectionResult): number => {
    if (!r.isolated) return 0;
    let id = ids.get(r);
    if (id === undefined) {
      id = results.length;
      results.push(r);
      ids.set(r, id);
    }
    return id;
  };
  const egress = new Int32Array(n * n);
  const ingress = new Int32Array(n * n);
  for (let a = 0; a < n; a++) {
    for (let b = 0; b < n; b++) {
      const v = classes.verdict(a, b);
      egress[a * n + b] = idOf(v.egress);
      ingress[a * n + b] = idOf(v.ingress);
    }
  }
  return {
    network,
    members: members.map((m) => ({ label: endpointLabel(m.endpoint), id: m.endpoint.id, nad: m.nad, external: m.endpoint.kind === 'External' })),
    classOf: classes.classOf,
    classes: n,
    egress,
    ingress,
    results,
  };
}
