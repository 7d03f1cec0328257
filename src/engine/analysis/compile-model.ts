import type { Diagnostic } from '../../model/diagnostic';
import type { ClusterPolicy, Labels, Model, Policy } from '../../model/types';
import { compileSubnets, type CompiledSubnet } from '../acl/layer';
import { compileClusterPolicy, type CompiledClusterPolicy } from '../admin/compile';
import { compilePolicy, type CompiledPolicy } from '../compile';
import { layoutNetworks, type NetworkLayout } from '../networks';
import { PRIMARY_UDN_LABEL } from '../udn/plan';
import { sameData } from './same-data';

export interface Compiled {
  readonly layout: NetworkLayout;
  readonly subnets: readonly CompiledSubnet[];
  readonly policies: readonly CompiledPolicy[];
  /** AdminNetworkPolicy, BaselineAdminNetworkPolicy, ClusterNetworkPolicy (SEMANTICS §9). */
  readonly clusterPolicies: readonly CompiledClusterPolicy[];
  readonly diagnostics: readonly Diagnostic[];
  readonly namespaceLabels: (ns: string) => Labels;
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
      if (!hit || !sameData(s, hit.source)) {
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
 * Compiles one model after another, keeping the network layout while workloads and NADs are
 * unchanged, and each compiled policy while its text (and the NADs, or for cluster policies
 * the Nodes) are unchanged.
 */
export class ModelCompiler {
  private endpoints: Model['endpoints'] | undefined;
  private nads: NetworkInputs | undefined;
  private nodes: Model['nodes'];
  private layout: NetworkLayout | undefined;
  private readonly policies = new Reuse<Policy, CompiledPolicy>();
  private readonly cluster = new Reuse<ClusterPolicy, CompiledClusterPolicy>();

  compile(model: Model, stats: { recompiled: number; layoutReused: boolean }): Compiled {
    const inputs = networkInputs(model);
    const nadsChanged = !sameData(inputs, this.nads);
    stats.layoutReused = !!this.layout && !nadsChanged && sameData(model.endpoints, this.endpoints);
    this.nads = inputs;
    this.endpoints = model.endpoints;
    if (!stats.layoutReused) this.layout = layoutNetworks(model);
    if (nadsChanged) this.policies.clear();
    const layout = this.layout as NetworkLayout;
    const diagnostics: Diagnostic[] = [...layout.diagnostics];
    stats.recompiled = 0;
    const policies = this.policies.all(model.policies, (p) => compilePolicy(p, layout), diagnostics, stats);
    // cluster policies: recompiled when they change, or the Nodes their `nodes` peers read
    if (!sameData(model.nodes, this.nodes)) this.cluster.clear();
    this.nodes = model.nodes;
    const clusterPolicies = this.cluster.all(
      model.clusterPolicies ?? [],
      (p) => compileClusterPolicy(p, model.nodes ?? []),
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
    };
  }
}
