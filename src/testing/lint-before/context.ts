import type { Diagnostic } from '../../model/diagnostic';
import { diagnosticAt, policyDiagnostic, type FieldIssue } from '../../model/report';
import type { Endpoint, LabelSelector, Labels, Model, Policy } from '../../model/types';
import type { Compiled } from '../../engine/analyze';
import type { CompiledPolicy } from '../../engine/compile';
import { isSelectable } from '../../engine/evaluate';
import type { Member } from '../../engine/networks';
import { matchSelector } from '../../engine/selectors';

export interface LintContext {
  readonly model: Model;
  readonly compiled: Compiled;
  readonly out: Diagnostic[];
  readonly index: LintIndex;
}

export function finding(ctx: LintContext, p: Policy, ...issue: FieldIssue): void {
  ctx.out.push(policyDiagnostic(p, ...issue));
}

export function endpointFinding(ctx: LintContext, e: Endpoint, ...issue: FieldIssue): void {
  const ref =
    e.kind === 'External'
      ? { kind: 'ExternalHost', name: e.name }
      : { kind: e.sourceKind, namespace: e.namespace, name: e.name };
  ctx.out.push(diagnosticAt(ref, e.origin, ...issue));
}

/** Applied policies only: a rejected or nowhere-applied policy is reported elsewhere. */
export function isApplied(p: CompiledPolicy): boolean {
  return !p.notApplied || p.networks.size > 0;
}

export function applied(ctx: LintContext): CompiledPolicy[] {
  return ctx.compiled.policies.filter(isApplied);
}

export function names(list: readonly string[], max = 4): string {
  return list.length <= max
    ? list.join(', ')
    : `${list.slice(0, max).join(', ')} and ${list.length - max} more`;
}

/** Workloads alike for every selector: one namespace, one label set. */
export interface LabelGroup {
  /** namespace and sorted labels: the same for the same workloads across runs */
  readonly key: string;
  readonly labels: Labels;
  readonly endpoints: readonly Endpoint[];
}

/**
 * What the rules look up, built once per run: selectable workloads by namespace and label set
 * (a selector is matched once per distinct label set, not per workload), namespaces, named
 * ports in use, and per network the workload addresses in order (ipBlock scans by range).
 */
export class LintIndex {
  readonly workloads: readonly Endpoint[];
  readonly groupsByNs = new Map<string, LabelGroup[]>();
  /**
   * Selectable workload (by id) → its label group. By id: the network layout an analyzer
   * reuses may hold equal endpoints of an earlier model.
   */
  private readonly groupById = new Map<string, LabelGroup>();
  readonly nsNames: readonly string[];
  readonly nsLabels: readonly Labels[];
  /** namespaces and their labels, as one key */
  readonly nsKey: string;
  /** `name/protocol` of every named port any endpoint has */
  readonly namedPorts: ReadonlySet<string>;
  private sortedIps = new Map<string, { key: bigint; family: 4 | 6; m: Member }[]>();

  constructor(
    model: Model,
    private readonly compiled: Compiled,
  ) {
    this.workloads = model.endpoints.filter(isSelectable);
    const byKey = new Map<string, { key: string; labels: Labels; endpoints: Endpoint[] }>();
    for (const w of this.workloads) {
      const k = `${w.namespace}\u0000${JSON.stringify(Object.entries(w.labels).sort(([a], [b]) => (a < b ? -1 : 1)))}`;
      let g = byKey.get(k);
      if (!g) {
        g = { key: k, labels: w.labels, endpoints: [] };
        byKey.set(k, g);
        const list = this.groupsByNs.get(w.namespace);
        if (list) list.push(g);
        else this.groupsByNs.set(w.namespace, [g]);
      }
      g.endpoints.push(w);
      this.groupById.set(w.id, g);
    }
    this.nsNames = [
      ...new Set([...model.namespaces.map((n) => n.name), ...this.workloads.map((w) => w.namespace)]),
    ];
    this.nsLabels = this.nsNames.map((n) => compiled.namespaceLabels(n));
    this.nsKey = JSON.stringify([this.nsNames, this.nsLabels]);
    this.namedPorts = new Set(
      model.endpoints.flatMap((e) => e.namedPorts.map((np) => `${np.name}/${np.protocol}`)),
    );
  }

  /** The label group of a selectable workload (none for externals and host-network pods). */
  groupOf(e: Endpoint): LabelGroup | undefined {
    return this.groupById.get(e.id);
  }

  groups(ns: string): readonly LabelGroup[] {
    return this.groupsByNs.get(ns) ?? [];
  }

  /** Selectable workloads of namespace `ns` that `sel` matches. */
  matching(sel: LabelSelector, ns: string): Endpoint[] {
    return this.groups(ns).flatMap((g) => (matchSelector(sel, g.labels) ? g.endpoints : []));
  }

  anyMatch(sel: LabelSelector, namespaces: readonly string[]): boolean {
    return namespaces.some((ns) => this.groups(ns).some((g) => matchSelector(sel, g.labels)));
  }

  namespacesMatching(sel: LabelSelector): string[] {
    return this.nsNames.filter((n) => matchSelector(sel, this.compiled.namespaceLabels(n)));
  }

  /** Members of network `net` with an address in [start, end] (by family), in address order. */
  membersIn(
    net: string,
    family: 4 | 6,
    start: bigint,
    end: bigint,
    include: (m: Member) => boolean,
  ): Member[] {
    let list = this.sortedIps.get(net);
    if (!list) {
      list = [];
      for (const m of this.compiled.layout.members.get(net) ?? [])
        for (const ip of m.ips) list.push({ key: ip.value, family: ip.family, m });
      list.sort((a, b) => a.family - b.family || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
      this.sortedIps.set(net, list);
    }
    const before = (f: 4 | 6, v: bigint) => {
      let lo = 0;
      let hi = list.length;
      while (lo < hi) {
        const mid = (lo + hi) >> 1;
        const x = list[mid] as { key: bigint; family: 4 | 6 };
        if (x.family < f || (x.family === f && x.key < v)) lo = mid + 1;
        else hi = mid;
      }
      return lo;
    };
    const out: Member[] = [];
    const seen = new Set<Member>();
    for (let k = before(family, start); k < list.length; k++) {
      const x = list[k] as { key: bigint; family: 4 | 6; m: Member };
      if (x.family !== family || x.key > end) break;
      if (!seen.has(x.m) && include(x.m)) {
        seen.add(x.m);
        out.push(x.m);
      }
    }
    return out;
  }
}
