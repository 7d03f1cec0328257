import type { Diagnostic } from '../model/diagnostic';
import { endpointLabeler, type EndpointId } from '../model/ids';
import {
  DEFAULT_NETWORK,
  type Endpoint,
  type ClusterPolicy,
  type Labels,
  type Model,
  type Policy,
} from '../model/types';
import { compilePolicy, type CompiledPolicy } from './compile';
import type { CompiledClusterPolicy } from './admin/compile';
import { compileForBackend, type Backend } from './admin/backend';
import { clusterSelects } from './admin/select';
import { isCluster, type Decider } from './admin/evaluate';
import { intersectConns, type ConnSet } from './conn';
import { aclPair, compileSubnets, type AclVerdict, type CompiledSubnet } from './acl/layer';
import { directionAllowed, selects, type DirectionResult, type EvalContext } from './evaluate';
import { layoutNetworks, type Member, type NetworkLayout } from './networks';
import { lockPair, type LockVerdict } from './udn/lock';
import { PRIMARY_UDN_LABEL } from './udn/plan';
import { ClassCache, classify, resultNumbering, type CompactTables, type NetworkVerdicts } from './classes';

export interface Connection {
  /** Display label: ns/name, or the external's name; `ns/name (Pod)` / `(VM)` when both exist. */
  readonly from: string;
  readonly to: string;
  /** Endpoint ids: what views, expectations and diffs key by. */
  readonly fromId: EndpointId;
  readonly toId: EndpointId;
  /** `default` or the NAD key `ns/name` (R5.5: one entry per NAD key when they differ). */
  readonly network: string;
  readonly allowed: ConnSet;
  readonly egress: DirectionResult;
  readonly ingress: DirectionResult;
  /** Kube-OVN Subnet ACLs on this network, when a subnet with ACLs covers the pair (R7.6). */
  readonly acl?: AclVerdict;
  /** OVN-K UDN isolation of a locked `default` attachment (R10.6, R10.7), when an end is locked. */
  readonly udnLock?: LockVerdict;
}

export interface NetworkSummary {
  readonly id: string; // logical id
  readonly nads: readonly string[];
  readonly members: number;
}

/**
 * A network too large to list pair by pair: per label group the factors (policy sets) deciding
 * its egress and ingress, per factor the class of every peer and an index into shared direction
 * results per class (0 = not isolated). Views expand pairs on demand.
 */
export interface CompactNetwork {
  readonly network: string; // logical id
  readonly members: readonly {
    readonly label: string;
    readonly id: EndpointId;
    readonly nad: string;
    readonly external: boolean;
  }[];
  /** the factor tables: a pair's two direction results are looked up with `compactLookup` */
  readonly tables: CompactTables;
  readonly results: readonly DirectionResult[];
}

export interface AnalysisResult {
  /** Every pair, except on networks listed in `compact`. */
  readonly connections: readonly Connection[];
  readonly compact?: readonly CompactNetwork[];
  readonly networks: readonly NetworkSummary[];
  readonly policies: readonly PolicySummary[];
  readonly diagnostics: readonly Diagnostic[];
  /** namespace → key of its primary network, for namespaces not on `default` (SEMANTICS R10.4). */
  readonly primaryNetworks?: Readonly<Record<string, string>>;
  /** attachment name → network key where they differ (a pod naming CUDN `x` in `ns` attaches to `x`, not `ns/x`). */
  readonly networkKeys?: Readonly<Record<string, string>>;
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
  /** One-shot `analyze()` only (an `Analyzer` is made for one profile): see admin/backend.ts. */
  readonly backend?: Backend;
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
  /** AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy (SEMANTICS §9). */
  readonly clusterPolicies: readonly CompiledClusterPolicy[];
  readonly diagnostics: readonly Diagnostic[];
  readonly namespaceLabels: (ns: string) => Labels;
}

/** Compile a model once (no caches kept): what `Analyzer.compile` does on its first run. */
export function compileModel(model: Model, backend: Backend = 'api'): Compiled {
  return new Analyzer(backend).compile(model);
}

/**
 * Analyses one model after another, keeping what an edit cannot change: the network layout
 * while workloads and NADs are unchanged, each compiled policy while its text and the NADs are
 * unchanged, and in `ClassCache` the label groups, what every selector matches and every
 * direction result (keyed by the policies deciding it and the peers the other end matches).
 * The worker keeps one for the session; `analyze()` uses a fresh one.
 */
export class Analyzer {
  private readonly cache = new ClassCache();
  private endpoints: Model['endpoints'] | undefined;
  private nads: NetworkInputs | undefined;
  private layout: NetworkLayout | undefined;
  private compiledPolicies = new Map<
    string,
    { policy: Policy; compiled: CompiledPolicy; diagnostics: readonly Diagnostic[] }
  >();
  private compiledCluster = new Map<
    string,
    { policy: ClusterPolicy; compiled: CompiledClusterPolicy; diagnostics: readonly Diagnostic[] }
  >();
  private nodes: Model['nodes'];
  private selected = new WeakMap<object, string[]>();
  private nsKey = '';
  /** Changes (a new object) whenever workloads, NADs or namespace labels change: per-policy lint results hold while it does not. */
  world: object = {};
  /** Policies compiled and direction results evaluated by the last run (the rest was reused). */
  readonly stats = { recompiled: 0, evaluated: 0, layoutReused: false };

  /** `backend`: which cluster policies apply (admin/backend.ts); the caches hold for one profile. */
  constructor(readonly backend: Backend = 'api') {}

  /** Compile the model, reusing the layout and unchanged policies. */
  compile(model: Model): Compiled {
    const inputs = networkInputs(model);
    const nadsChanged = !sameData(inputs, this.nads);
    this.stats.layoutReused = !!this.layout && !nadsChanged && sameData(model.endpoints, this.endpoints);
    this.nads = inputs;
    this.endpoints = model.endpoints;
    if (!this.stats.layoutReused) {
      this.world = {};
      this.layout = layoutNetworks(model);
      this.selected = new WeakMap();
    }
    if (nadsChanged) this.compiledPolicies.clear();
    const layout = this.layout as NetworkLayout;
    const diagnostics: Diagnostic[] = [...layout.diagnostics];
    this.stats.recompiled = 0;
    const seen = new Set<string>();
    const policies = model.policies.map((p) => {
      let hit = this.compiledPolicies.get(p.id);
      if (!hit || !sameData(p, hit.policy)) {
        const r = compilePolicy(p, layout);
        hit = { policy: p, compiled: r.compiled, diagnostics: r.diagnostics };
        this.compiledPolicies.set(p.id, hit);
        this.stats.recompiled++;
      }
      seen.add(p.id);
      diagnostics.push(...hit.diagnostics);
      return hit.compiled;
    });
    for (const id of [...this.compiledPolicies.keys()]) if (!seen.has(id)) this.compiledPolicies.delete(id);
    // cluster policies: recompiled when they change, or the Nodes their `nodes` peers read
    if (!sameData(model.nodes, this.nodes)) this.compiledCluster.clear();
    this.nodes = model.nodes;
    const clusterSeen = new Set<string>();
    const clusterPolicies = (model.clusterPolicies ?? []).map((p) => {
      let hit = this.compiledCluster.get(p.id);
      if (!hit || !sameData(p, hit.policy)) {
        const r = compileForBackend(p, model.nodes ?? [], this.backend);
        hit = { policy: p, compiled: r.compiled, diagnostics: r.diagnostics };
        this.compiledCluster.set(p.id, hit);
        this.stats.recompiled++;
      }
      clusterSeen.add(p.id);
      diagnostics.push(...hit.diagnostics);
      return hit.compiled;
    });
    for (const id of [...this.compiledCluster.keys()])
      if (!clusterSeen.has(id)) this.compiledCluster.delete(id);
    const subnets = compileSubnets(model, layout);
    diagnostics.push(...subnets.diagnostics);
    return {
      layout,
      subnets: subnets.subnets,
      policies,
      clusterPolicies,
      diagnostics,
      namespaceLabels: namespaceLabeler(model),
    };
  }

  /** Compile and classify every network (class-pair verdicts are then looked up or computed on demand). */
  classes(
    model: Model,
    compiled: Compiled = this.compile(model),
  ): { compiled: Compiled; classes: { classes: NetworkVerdicts; hasAcls: boolean }[] } {
    const nsKey = JSON.stringify(model.namespaces.map((n) => [n.name, n.labels]));
    if (nsKey !== this.nsKey) {
      this.nsKey = nsKey;
      this.world = {};
    }
    this.cache.begin(nsKey, compiled.namespaceLabels);
    const deciders: readonly Decider[] = compiled.clusterPolicies.length
      ? [...compiled.policies, ...compiled.clusterPolicies]
      : compiled.policies;
    const out = [...compiled.layout.members].map(([netId, members]) => {
      const ctx: EvalContext = { networkId: netId, namespaceLabels: compiled.namespaceLabels };
      // Subnet ACLs decide by exact addresses: such networks are listed pair by pair.
      const hasAcls =
        compiled.subnets.some((s) => s.network === netId && (s.from.length || s.to.length)) ||
        // locked UDN endpoints (R10.6) are decided pair by pair too
        (netId === DEFAULT_NETWORK && !!compiled.layout.locked?.size);
      return { classes: classify(netId, members, deciders, ctx, { cache: this.cache }), hasAcls };
    });
    this.cache.end();
    return { compiled, classes: out };
  }

  /** Every ordered pair of distinct endpoints that share a network, with the allowed connections and the reasons (SEMANTICS §4). */
  analyze(model: Model, options: AnalyzeOptions = {}): AnalysisResult & { readonly compiled: Compiled } {
    const { compiled: c, classes: all } = this.classes(model);
    const connections: Connection[] = [];
    /** pairs per network key (`default` or a NAD key), each list sorted by from, then to */
    const byKey = new Map<string, Connection[]>();
    const compact: CompactNetwork[] = [];
    const networks: NetworkSummary[] = [];
    let evaluated = 0;
    const labelOf = endpointLabeler(model.endpoints);
    for (const { classes, hasAcls } of all) {
      const netId = classes.network;
      const members = classes.members;
      const net = c.layout.networks.get(netId);
      networks.push({ id: netId, nads: net?.nads.map((n) => n.key) ?? [], members: members.length });
      if (
        !hasAcls &&
        options.compactAbove !== undefined &&
        members.length * (members.length - 1) > options.compactAbove
      ) {
        compact.push(compactNetwork(netId, members, classes, labelOf));
        evaluated += classes.evaluated();
        continue;
      }
      // members in label order: each network key's pairs come out sorted (from, then to)
      const labels = members.map((m) => labelOf(m.endpoint));
      const order = members.map((_, k) => k).sort((x, y) => cmp(labels[x] as string, labels[y] as string));
      const both = new Map<DirectionResult, Map<DirectionResult, ConnSet>>();
      for (const i of order) {
        if (options.shouldStop?.()) break;
        const src = members[i] as Member;
        for (const j of order) {
          const dst = members[j] as Member;
          if (i === j || src.endpoint.id === dst.endpoint.id) continue; // R4.5
          if (src.endpoint.kind === 'External' && dst.endpoint.kind === 'External') continue; // R4.3
          const egress = classes.egress(i, j);
          const ingress = classes.ingress(i, j);
          let byIngress = both.get(egress);
          if (!byIngress) both.set(egress, (byIngress = new Map()));
          let policyAllowed = byIngress.get(ingress);
          if (!policyAllowed)
            byIngress.set(
              ingress,
              (policyAllowed = intersectConns(directionAllowed(egress), directionAllowed(ingress))),
            );
          const acl = hasAcls ? aclPair(c.subnets, netId, src, dst) : undefined;
          const lock =
            hasAcls && netId === DEFAULT_NETWORK && c.layout.locked
              ? lockPair(c.layout.locked, src.endpoint, dst.endpoint)
              : undefined;
          const afterAcl = acl ? intersectConns(policyAllowed, acl.allowed) : policyAllowed;
          const allowed = lock ? intersectConns(afterAcl, lock.allowed) : afterAcl;
          const add = (network: string) => {
            let list = byKey.get(network);
            if (!list) byKey.set(network, (list = []));
            list.push({
              from: labels[i] as string,
              to: labels[j] as string,
              fromId: src.endpoint.id,
              toId: dst.endpoint.id,
              network,
              allowed,
              egress,
              ingress,
              ...(acl ? { acl } : {}),
              ...(lock ? { udnLock: lock } : {}),
            });
          };
          if (netId === DEFAULT_NETWORK) add(DEFAULT_NETWORK);
          else {
            add(src.nad);
            if (dst.nad !== src.nad) add(dst.nad);
          }
        }
      }
      evaluated += classes.evaluated();
    }
    this.stats.evaluated = evaluated;
    for (const key of [...byKey.keys()].sort(cmp))
      for (const x of byKey.get(key) as Connection[]) connections.push(x);
    const byNs = new Map<string, Endpoint[]>();
    for (const e of model.endpoints) {
      const l = byNs.get(e.namespace);
      if (l) l.push(e);
      else byNs.set(e.namespace, [e]);
    }
    const selectedBy = (p: CompiledPolicy): string[] => {
      let s = this.selected.get(p);
      if (!s) {
        s = (byNs.get(p.policy.namespace) ?? []).filter((e) => selects(p, e)).map(labelOf);
        this.selected.set(p, s);
      }
      return s;
    };
    const clusterSelected = (p: CompiledClusterPolicy): string[] => {
      let s = this.selected.get(p);
      if (!s) {
        s = model.endpoints.filter((e) => clusterSelects(p, e, c.namespaceLabels)).map(labelOf);
        this.selected.set(p, s);
      }
      return s;
    };
    const primaryKeys = c.layout.primaryKeys;
    return {
      connections,
      ...(compact.length ? { compact } : {}),
      ...(primaryKeys?.size ? { primaryNetworks: Object.fromEntries(primaryKeys) } : {}),
      ...(c.layout.aliases?.size ? { networkKeys: Object.fromEntries(c.layout.aliases) } : {}),
      networks,
      policies: [...c.policies, ...c.clusterPolicies].map((p) => ({
        id: p.policy.id,
        networks: [...p.networks],
        ingress: p.ingress,
        egress: p.egress,
        ...(p.notApplied ? { notApplied: p.notApplied } : {}),
        selected: isCluster(p) ? clusterSelected(p) : selectedBy(p),
      })),
      diagnostics: c.diagnostics,
      compiled: c,
    };
  }
}

/** What the network layout is built from besides workloads: NADs, (C)UDNs and, when they matter, namespace labels (R10.3). */
interface NetworkInputs {
  readonly nads: Model['nads'];
  readonly udns?: Model['udns'];
  readonly namespaces?: Model['namespaces'];
}

function networkInputs(model: Model): NetworkInputs {
  const udnAware =
    !!model.udns?.length ||
    model.nads.some((n) => n.role === 'primary') ||
    model.namespaces.some((n) => PRIMARY_UDN_LABEL in n.labels);
  return udnAware
    ? { nads: model.nads, udns: model.udns, namespaces: model.namespaces }
    : { nads: model.nads };
}

/** Structural equality of plain model data (what JSON would show), without building strings. */
export function sameData(x: unknown, y: unknown): boolean {
  if (x === y) return true;
  if (typeof x !== 'object' || typeof y !== 'object' || x === null || y === null) return false;
  if (Array.isArray(x)) {
    if (!Array.isArray(y) || x.length !== y.length) return false;
    for (let i = 0; i < x.length; i++) if (!sameData(x[i], y[i])) return false;
    return true;
  }
  if (Array.isArray(y)) return false;
  const a = x as Record<string, unknown>;
  const b = y as Record<string, unknown>;
  let n = 0;
  for (const k in a) {
    const v = a[k];
    if (v === undefined) continue;
    if (!sameData(v, b[k])) return false;
    n++;
  }
  for (const k in b) if (b[k] !== undefined) n--;
  return n === 0;
}

/** Code-point order: stable across locales, and far cheaper than localeCompare on 10,000s of pairs. */
const cmp = (x: string, y: string): number => (x < y ? -1 : x > y ? 1 : 0);

/** One-shot analysis (the CLI, tests): a fresh `Analyzer`, result without the compiled model. */
export function analyze(model: Model, options: AnalyzeOptions = {}): AnalysisResult {
  const { compiled: _compiled, ...result } = new Analyzer(options.backend).analyze(model, options);
  return result;
}

function compactNetwork(
  network: string,
  members: readonly Member[],
  classes: NetworkVerdicts,
  labelOf: (e: Endpoint) => string,
): CompactNetwork {
  const { results, idOf } = resultNumbering();
  classes.prepareAll();
  const tables = classes.compact(idOf);
  return {
    network,
    members: members.map((m) => ({
      label: labelOf(m.endpoint),
      id: m.endpoint.id,
      nad: m.nad,
      external: m.endpoint.kind === 'External',
    })),
    tables,
    results,
  };
}
