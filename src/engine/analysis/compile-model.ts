import type { Diagnostic } from '../../model/diagnostic';
import type { ClusterPolicy, Endpoint, Labels, Model, Policy } from '../../model/types';
import { compileSubnets, type CompiledSubnet } from '../acl/layer';
import { compileForBackend, type Backend, type BackendOptions } from '../admin/backend';
import type { CompiledClusterPolicy } from '../admin/compile';
import { compilePolicy, type CompiledPolicy } from '../compile';
import { layoutNetworks, relabelLayout, type NetworkLayout } from '../networks';
import { PRIMARY_UDN_LABEL } from '../udn/plan';
import { sameData } from './same-data';
import { labelEntries, sameEndpointWith, sameLayoutFields } from './same-endpoint';
import { samePolicy } from './same-policy';

export interface Compiled {
  readonly layout: NetworkLayout;
  readonly subnets: readonly CompiledSubnet[];
  readonly policies: readonly CompiledPolicy[];
  /** AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy (SEMANTICS §9). */
  readonly clusterPolicies: readonly CompiledClusterPolicy[];
  readonly diagnostics: readonly Diagnostic[];
  readonly namespaceLabels: (ns: string) => Labels;
  /** `allow-icmp-network-policy` was on (icmp-option.ts): findings say so. */
  readonly allowIcmp?: true;
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

/** Compiled objects kept by id while their source is unchanged (the rest are dropped). */
class Reuse<S extends { readonly id: string }, C> {
  /** `same`: equality of two sources (`sameData` unless a faster one is given) */
  constructor(private readonly same: (a: S, b: S) => boolean = sameData) {}
  private readonly hits = new Map<string, { source: S; compiled: C; diagnostics: readonly Diagnostic[] }>();
  clear(): void {
    this.hits.clear();
  }
  /** Each source's compiled form, compiling only new or changed ones; counts those in `stats`. */
  all(
    sources: readonly S[],
    compile: (s: S) => { compiled: C; diagnostics: readonly Diagnostic[] },
    diagnostics: Diagnostic[],
    stats: { recompiled: number },
  ): C[] {
    const seen = new Set<string>();
    const out = sources.map((s) => {
      let hit = this.hits.get(s.id);
      if (!hit || !this.same(s, hit.source)) {
        const r = compile(s);
        hit = { source: s, compiled: r.compiled, diagnostics: r.diagnostics };
        this.hits.set(s.id, hit);
        stats.recompiled++;
      }
      seen.add(s.id);
      diagnostics.push(...hit.diagnostics);
      return hit.compiled;
    });
    for (const id of [...this.hits.keys()]) if (!seen.has(id)) this.hits.delete(id);
    return out;
  }
}

/**
 * Endpoints as held: the objects, and their label entries (see `labelEntries`), made when an
 * endpoint is first compared with a different object (a first analysis makes none: at 100,000
 * endpoints they were 200,000 objects, kept and copied by the collector for nothing when the
 * next model shares the objects, as the app's worker's deltas do).
 */
interface HeldEndpoints {
  readonly endpoints: readonly Endpoint[];
  readonly labels: (readonly string[] | undefined)[];
}

/**
 * The endpoints with every one equal to the one held before replaced by that one (so caches
 * keyed by endpoint object keep hitting), and the positions of the others: `all` when
 * endpoints were added, removed or reordered.
 */
function canonicalEndpoints(
  held: HeldEndpoints | undefined,
  next: readonly Endpoint[],
): { held: HeldEndpoints; changed: readonly number[] | 'all' } {
  if (!held) return { held: { endpoints: next, labels: new Array(next.length) }, changed: 'all' };
  const out = new Array<Endpoint>(next.length);
  const labels = new Array<readonly string[] | undefined>(next.length);
  const changed: number[] = [];
  let byId: Map<string, number> | undefined;
  let moved = held.endpoints.length !== next.length;
  for (let i = 0; i < next.length; i++) {
    const e = next[i] as Endpoint;
    let k: number | undefined = i;
    let h = held.endpoints[i];
    if (h && h !== e && h.id !== e.id) {
      moved = true;
      k = (byId ??= new Map(held.endpoints.map((x, j) => [x.id, j]))).get(e.id);
      h = k === undefined ? undefined : held.endpoints[k];
    }
    if (h === e) {
      out[i] = h;
      labels[i] = held.labels[i];
      continue;
    }
    const hl = h && (held.labels[k as number] ?? labelEntries(h.labels));
    if (h && sameEndpointWith(h, hl as readonly string[], e)) {
      out[i] = h;
      labels[i] = hl;
    } else {
      out[i] = e;
      changed.push(i);
    }
  }
  return { held: { endpoints: out, labels }, changed: moved ? 'all' : changed };
}

/**
 * Compiles one model after another, keeping the network layout while workloads and NADs are
 * unchanged (patched when workloads only changed labels or named ports), and each compiled
 * policy while its text (and the NADs, or for cluster policies the Nodes) are unchanged.
 */
export class ModelCompiler {
  private endpoints: HeldEndpoints | undefined;
  private nads: NetworkInputs | undefined;
  private nodes: Model['nodes'];
  private layout: NetworkLayout | undefined;
  private readonly policies = new Reuse<Policy, CompiledPolicy>(samePolicy);
  private readonly cluster = new Reuse<ClusterPolicy, CompiledClusterPolicy>();

  constructor(
    private readonly backend: Backend = 'api',
    private readonly options: BackendOptions = {},
  ) {}

  compile(model: Model, stats: { recompiled: number; layoutReused: boolean }): Compiled {
    const inputs = networkInputs(model);
    const nadsChanged = !sameData(inputs, this.nads);
    const { held: next, changed } = canonicalEndpoints(this.endpoints, model.endpoints);
    const { endpoints } = next;
    stats.layoutReused = !!this.layout && !nadsChanged && changed !== 'all' && changed.length === 0;
    const held = this.endpoints?.endpoints;
    this.nads = inputs;
    this.endpoints = next;
    if (!stats.layoutReused) {
      // endpoints that changed only labels or named ports keep their place on every network
      const relabelled =
        this.layout && held && !nadsChanged && changed !== 'all'
          ? changed.every((i) => sameLayoutFields(held[i] as Endpoint, endpoints[i] as Endpoint))
          : false;
      this.layout =
        relabelled && this.layout
          ? relabelLayout(this.layout, endpoints, changed as readonly number[])
          : layoutNetworks({ ...model, endpoints });
    }
    if (nadsChanged) this.policies.clear();
    const layout = this.layout as NetworkLayout;
    const diagnostics: Diagnostic[] = [...layout.diagnostics];
    stats.recompiled = 0;
    const policies = this.policies.all(
      model.policies,
      (p) => compilePolicy(p, layout, this.options),
      diagnostics,
      stats,
    );
    // cluster policies: recompiled when they change, or the Nodes their `nodes` peers read
    if (!sameData(model.nodes, this.nodes)) this.cluster.clear();
    this.nodes = model.nodes;
    const clusterPolicies = this.cluster.all(
      model.clusterPolicies ?? [],
      (p) => compileForBackend(p, model.nodes ?? [], this.backend),
      diagnostics,
      stats,
    );
    const subnets = compileSubnets(model, layout);
    diagnostics.push(...subnets.diagnostics);
    return {
      layout,
      subnets: subnets.subnets,
      policies,
      clusterPolicies,
      diagnostics,
      namespaceLabels: namespaceLabeler(model),
      ...(this.options.allowIcmp ? { allowIcmp: true as const } : {}),
    };
  }
}
