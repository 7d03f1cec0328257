import { endpointLabeler } from '../model/ids';
import { DEFAULT_NETWORK, type Model } from '../model/types';
import type { Backend, BackendOptions } from './admin/backend';
import type { Decider } from './admin/evaluate';
import type { EvalContext } from './evaluate';
import { icmpBypassOn, withoutBypass } from './icmp-option';
import { ClassCache, classify, type NetworkVerdicts } from './classes';
import { ModelCompiler, type Compiled } from './analysis/compile-model';
import { listPairs } from './analysis/pairs';
import type { AnalysisResult, AnalyzeOptions, PolicySummary } from './analysis/result';
import { policySummaries } from './analysis/summaries';

export type {
  AnalysisResult,
  AnalyzeOptions,
  CompactNetwork,
  Connection,
  NetworkSummary,
  PolicySummary,
} from './analysis/result';
export { namespaceLabeler, type Compiled } from './analysis/compile-model';
export { sameData } from './analysis/same-data';

/** Compile a model once (no caches kept): what `Analyzer.compile` does on its first run. */
export function compileModel(model: Model, backend: Backend = 'api', options: BackendOptions = {}): Compiled {
  return new Analyzer(backend, options).compile(model);
}

/**
 * Analyses one model after another, keeping what an edit cannot change: the network layout
 * and compiled policies (`ModelCompiler`), and in `ClassCache` the label groups, what every
 * selector matches and every direction result (keyed by the policies deciding it and the peers
 * the other end matches). The worker keeps one for the session; `analyze()` uses a fresh one.
 */
export class Analyzer {
  private readonly cache = new ClassCache();
  private readonly compiler: ModelCompiler;
  private selected = new WeakMap<object, string[]>();
  private nsKey = '';
  /** Changes (a new object) whenever workloads, NADs or namespace labels change: per-policy lint results hold while it does not. */
  world: object = {};
  /** Policies compiled and direction results evaluated by the last run (the rest was reused). */
  readonly stats = { recompiled: 0, evaluated: 0, layoutReused: false };

  /**
   * `backend`: which cluster policies apply, `options` the OVN-K switches modelled
   * (admin/backend.ts); the caches hold for one profile and one set of options.
   */
  constructor(
    readonly backend: Backend = 'api',
    readonly options: BackendOptions = {},
  ) {
    this.compiler = new ModelCompiler(backend, options);
  }

  /**
   * Compile the model, reusing the layout and unchanged policies; `world` is new when the
   * layout or namespace labels changed (the linter of a lint worker compiles by this alone).
   */
  compile(model: Model): Compiled {
    const compiled = this.compiler.compile(model, this.stats);
    if (!this.stats.layoutReused) {
      this.world = {};
      this.selected = new WeakMap();
    }
    const nsKey = JSON.stringify(model.namespaces.map((n) => [n.name, n.labels]));
    if (nsKey !== this.nsKey) {
      this.nsKey = nsKey;
      this.world = {};
    }
    return compiled;
  }

  /** Compile and classify every network (class-pair verdicts are then looked up or computed on demand). */
  classes(model: Model): { compiled: Compiled; classes: { classes: NetworkVerdicts; hasAcls: boolean }[] } {
    // compiled here: the namespace key the cache begins with is the one `compile` noted
    const compiled = this.compile(model);
    this.cache.begin(this.nsKey, compiled.namespaceLabels);
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
      const on = bypassFree(compiled, netId) ? deciders : deciders.map(plainOn(netId));
      return { classes: classify(netId, members, on, ctx, { cache: this.cache }), hasAcls };
    });
    this.cache.end();
    return { compiled, classes: out };
  }

  /**
   * Per policy: where it applies and whom it selects (analysis/summaries.ts), each policy's
   * selection kept while the layout holds. Made before the same model is linted, the linter reads
   * the cluster policies' subjects from them instead of matching again.
   */
  summaries(
    model: Model,
    compiled: Compiled,
    labelOf: (e: Model['endpoints'][number]) => string = endpointLabeler(model.endpoints),
  ): PolicySummary[] {
    // (the label sets the cache found while classifying: the summaries' label space reads them)
    return policySummaries(model, compiled, labelOf, this.selected, this.cache);
  }

  /** Every ordered pair of distinct endpoints that share a network, with the allowed connections and the reasons (SEMANTICS §4). */
  analyze(model: Model, options: AnalyzeOptions = {}): AnalysisResult & { readonly compiled: Compiled } {
    const { compiled: c, classes: all } = this.classes(model);
    const labelOf = endpointLabeler(model.endpoints);
    const { connections, compact, networks, evaluated } = listPairs(c, all, labelOf, options);
    this.stats.evaluated = evaluated;
    const primaryKeys = c.layout.primaryKeys;
    return {
      connections,
      ...(compact.length ? { compact } : {}),
      ...(primaryKeys?.size ? { primaryNetworks: Object.fromEntries(primaryKeys) } : {}),
      ...(c.layout.aliases?.size ? { networkKeys: Object.fromEntries(c.layout.aliases) } : {}),
      networks,
      policies: options.summaries === false ? [] : this.summaries(model, c, labelOf),
      diagnostics: c.diagnostics,
      compiled: c,
    };
  }
}

/**
 * Whether the deciders hold for network `netId` as compiled: no policy carries the ICMP bypass
 * there unless the option reaches the network (icmp-option.ts) — always, but for an MNP that
 * also names a network OVN-K does not enforce.
 */
function bypassFree(c: Compiled, netId: string): boolean {
  return !c.allowIcmp || icmpBypassOn(c.layout.networks.get(netId));
}

/** The decider as evaluated on a network the option does not reach. */
function plainOn(netId: string): (d: Decider) => Decider {
  return (d) => ('icmpBypass' in d && d.networks.has(netId) ? withoutBypass(d) : d);
}

/** One-shot analysis (the CLI, tests): a fresh `Analyzer`, result without the compiled model. */
export function analyze(model: Model, options: AnalyzeOptions = {}): AnalysisResult {
  const { backend, allowIcmp } = options;
  const analyzer = new Analyzer(backend, allowIcmp ? { allowIcmp } : {});
  const { compiled: _compiled, ...result } = analyzer.analyze(model, options);
  return result;
}
