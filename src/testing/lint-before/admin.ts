import type { DiagnosticCode } from '../../model/diagnostic-codes';
import type { Diagnostic, Severity } from '../../model/diagnostic';
import { diagnosticAt } from '../../model/report';
import { DEFAULT_NETWORK, endpointLabel, type Endpoint } from '../../model/types';
import type { AddrRange } from '../../engine/cidr';
import type { CompiledClusterPolicy } from '../../engine/admin/compile';
import { isNotProgrammed, OVNK_MAX_PRIORITY } from '../../engine/admin/backend';
import { evaluateTiers, type Decider } from '../../engine/admin/evaluate';
import type { CompiledPeer, CompiledPolicy, Direction } from '../../engine/compile';
import { allows } from '../../engine/conn';
import { selects, type EvalContext } from '../../engine/evaluate';
import { matchSelector } from '../../engine/selectors';
import type { Member } from '../../engine/networks';
import { names, type LabelGroup, type LintContext, type LintIndex } from './context';
import { KUBE_DNS } from './networks';
import { lintShadowed, ShadowTables } from './admin-shadow';

/** Findings M21-M30 of SEMANTICS §9 (M23 and M31 come from validation while reading). */

function finding(
  ctx: LintContext,
  p: CompiledClusterPolicy,
  severity: Severity,
  code: DiagnosticCode,
  field: string,
  message: string,
): void {
  ctx.out.push(
    diagnosticAt(
      { kind: p.policy.kind, name: p.policy.name },
      p.cluster.origin,
      severity,
      code,
      field,
      message,
    ),
  );
}

const applied = (ctx: LintContext) => ctx.compiled.clusterPolicies.filter((p) => !p.notApplied);
const rulesOf = (p: CompiledClusterPolicy, d: Direction) =>
  d === 'ingress' ? p.ingressRules : p.egressRules;
const peerKey = (d: Direction) => (d === 'ingress' ? 'from' : 'to');
const DIRS: readonly Direction[] = ['ingress', 'egress'];

/**
 * The workloads the policy's subject selects (R9.2), in model order: the namespaces first, then
 * the label groups there (the same endpoints as `clusterSelects` on each).
 */
function subjects(ctx: LintContext, p: CompiledClusterPolicy): Endpoint[] {
  const s = p.admin.subject;
  const chosen = new Set<Endpoint>();
  for (const ns of ctx.index.groupsByNs.keys()) {
    if (!matchSelector(s.namespaceSelector, ctx.compiled.namespaceLabels(ns))) continue;
    for (const g of ctx.index.groups(ns))
      if (s.podSelector === undefined || matchSelector(s.podSelector, g.labels))
        for (const e of g.endpoints) chosen.add(e);
  }
  return ctx.index.workloads.filter((e) => chosen.has(e));
}

/**
 * Does a NetworkPolicy of `nps` (in order) select the workload: the same answer as
 * `nps.filter((n) => selects(n, e))`, looked up by namespace and computed once per label group.
 */
function selectingPolicies(
  ctx: LintContext,
  nps: readonly CompiledPolicy[],
): (e: Endpoint) => readonly CompiledPolicy[] {
  const byNs = new Map<string, CompiledPolicy[]>();
  for (const n of nps) {
    const l = byNs.get(n.policy.namespace);
    if (l) l.push(n);
    else byNs.set(n.policy.namespace, [n]);
  }
  const memo = new Map<LabelGroup, readonly CompiledPolicy[]>();
  return (e) => {
    const g = ctx.index.groupOf(e);
    let found = g && memo.get(g);
    if (found === undefined) {
      found = (byNs.get(e.namespace) ?? []).filter((n) => selects(n, e));
      if (g) memo.set(g, found);
    }
    return found;
  };
}

/** M21 (equal priorities, overlapping subjects), M22 (priority > 99), M30 (CNP; kinds mixed). */
function lintPriorities(ctx: LintContext, sel: Map<CompiledClusterPolicy, Endpoint[]>): void {
  const all = applied(ctx);
  const ranked = all.filter((p) => p.admin.kind !== 'BaselineAdminNetworkPolicy');
  for (let i = 0; i < ranked.length; i++) {
    const a = ranked[i] as CompiledClusterPolicy;
    for (let j = i + 1; j < ranked.length; j++) {
      const b = ranked[j] as CompiledClusterPolicy;
      if (a.admin.priority !== b.admin.priority || a.admin.tier !== b.admin.tier) continue;
      const bs = new Set(sel.get(b));
      const both = (sel.get(a) ?? []).filter((e) => bs.has(e));
      if (both.length === 0) continue;
      finding(
        ctx,
        b,
        'warning',
        'admin-priority-tie',
        'spec.priority',
        `${a.policy.kind} ${a.policy.name} has the same priority ${a.admin.priority} and also selects ${names(both.map(endpointLabel))}: the order between them is undefined upstream (evaluated by name here)`,
      );
    }
  }
  for (const a of ctx.compiled.clusterPolicies)
    if (a.admin.kind === 'AdminNetworkPolicy' && a.admin.priority > OVNK_MAX_PRIORITY)
      if (!a.notApplied || isNotProgrammed(a))
        finding(
          ctx,
          a,
          'warning',
          'admin-priority-ovnk',
          'spec.priority',
          `priority ${a.admin.priority} is above ${OVNK_MAX_PRIORITY}: OVN-Kubernetes does not program this ANP (event ANPWithUnsupportedPriority); ${isNotProgrammed(a) ? 'not applied here (backend profile ovn-kubernetes)' : 'applied here per the API (backend profile api)'}`,
        );
  const cnps = ctx.compiled.clusterPolicies.filter((p) => p.admin.kind === 'ClusterNetworkPolicy');
  const v1 = ctx.compiled.clusterPolicies.some((p) => p.admin.kind !== 'ClusterNetworkPolicy');
  for (const p of cnps)
    finding(
      ctx,
      p,
      'warning',
      'cluster-network-policy',
      'kind',
      isNotProgrammed(p)
        ? 'ClusterNetworkPolicy is not enforced by OVN-Kubernetes (it implements v1alpha1 ANP/BANP only): not applied here (backend profile ovn-kubernetes)'
        : v1
          ? 'ClusterNetworkPolicy (v1alpha2) mixed with AdminNetworkPolicy/BaselineAdminNetworkPolicy (v1alpha1): no implementation has both; evaluated with ANPs and Admin-tier CNPs in one priority order (backend profile api)'
          : 'ClusterNetworkPolicy is not enforced by OVN-Kubernetes (it implements v1alpha1 ANP/BANP only); evaluated per the API (backend profile api)',
    );
}

const isAll = (r: AddrRange) =>
  r.start === 0n && r.end === (r.family === 4 ? 0xffffffffn : (1n << 128n) - 1n);

/** M24 networks matching pods, M25 nodes without Nodes, M26 domainNames. */
function lintPeers(ctx: LintContext): void {
  const members = ctx.compiled.layout.members.get(DEFAULT_NETWORK) ?? [];
  const hasNodes = (ctx.model.nodes ?? []).length > 0;
  for (const p of applied(ctx)) {
    for (const d of DIRS) {
      p.cluster[d].forEach((rule, k) => {
        rule.peers.forEach((peer, j) => {
          const f = `spec.${d}[${k}].${peerKey(d)}[${j}]`;
          if (peer.nodes && !hasNodes)
            finding(
              ctx,
              p,
              'warning',
              'admin-nodes-without-nodes',
              `${f}.nodes`,
              'a nodes peer, and the design has no Node objects: it matches nothing here',
            );
          if (peer.domainNames)
            finding(
              ctx,
              p,
              'warning',
              'admin-domain-names',
              `${f}.domainNames`,
              `domainNames (${peer.domainNames.join(', ')}) are not evaluated: the design has IPs, not DNS answers, so this peer matches nothing`,
            );
        });
      });
      rulesOf(p, d).forEach((rule) => {
        const ip = rule.peers.filter(
          (x): x is Extract<CompiledPeer, { kind: 'ipBlock' }> => x.kind === 'ipBlock',
        );
        const pods = members.filter(
          (m) =>
            m.endpoint.kind !== 'External' &&
            ip.some((x) =>
              m.ips.some(
                (a) => a.family === x.cidr.family && a.value >= x.cidr.start && a.value <= x.cidr.end,
              ),
            ),
        );
        if (pods.length === 0 && !ip.some((x) => isAll(x.cidr))) return;
        const cluster = p.cluster[d][rule.index];
        const j = cluster?.peers.findIndex((x) => x.networks) ?? 0;
        finding(
          ctx,
          p,
          'info',
          'admin-networks-match-pods',
          `spec.${d}[${rule.index}].${peerKey(d)}[${Math.max(0, j)}].networks`,
          `networks also match pod-to-pod traffic${pods.length ? ` (here ${names(pods.map((m) => endpointLabel(m.endpoint)))})` : ''}: this ${rule.action} applies to them too`,
        );
      });
    }
  }
}

/** M27 secondary networks; Pass with no NetworkPolicy behind it; M29 Allow over a NetworkPolicy. */
function lintTiers(ctx: LintContext, sel: Map<CompiledClusterPolicy, Endpoint[]>): void {
  const nps = ctx.compiled.policies.filter((p) => !p.notApplied && p.networks.has(DEFAULT_NETWORK));
  const selecting = selectingPolicies(ctx, nps);
  for (const p of applied(ctx)) {
    const subj = sel.get(p) ?? [];
    const onNads = subj.filter((e) => e.attachments.some((a) => a.nad !== DEFAULT_NETWORK));
    if (onNads.length)
      finding(
        ctx,
        p,
        'info',
        'admin-secondary-networks',
        'spec.subject',
        `it selects ${names(onNads.map(endpointLabel))}, which are also on secondary networks: cluster policies apply on the default network only, not to their secondary interfaces`,
      );
    for (const d of DIRS) {
      // only Admin-tier Pass and Allow rules look at what NetworkPolicies isolate
      const asks = p.admin.tier === 'Admin' && rulesOf(p, d).some((r) => r.action !== 'Deny');
      const isolated = asks
        ? subj.filter((e) => selecting(e).some((n) => (d === 'ingress' ? n.ingress : n.egress)))
        : [];
      rulesOf(p, d).forEach((rule) => {
        const f = `spec.${d}[${rule.index}].action`;
        if (rule.action === 'Pass' && p.admin.tier === 'Admin' && subj.length && isolated.length === 0)
          finding(
            ctx,
            p,
            'info',
            'admin-pass-without-netpol',
            f,
            `Pass, and no NetworkPolicy isolates the ${d} of the pods it selects: passed traffic goes to the baseline tier or is allowed by default`,
          );
        if (rule.action === 'Allow' && p.admin.tier === 'Admin' && isolated.length)
          finding(
            ctx,
            p,
            'info',
            'admin-allow-over-netpol',
            f,
            `Allow decides before the NetworkPolicies isolating ${names(isolated.map(endpointLabel))}: namespace owners cannot restrict this traffic`,
          );
      });
    }
  }
}

const sameList = <T>(a: readonly T[], b: readonly T[]): boolean =>
  a.length === b.length && a.every((x, k) => x === b[k]);

/**
 * The Deny rules (`policy#rule`) cutting DNS for each set of deciders, kept while they are the
 * same compiled objects and namespace labels the same (kube-dns is matched by them).
 */
interface DnsCuts {
  nsKey: string;
  cuts: Map<string, { readonly deciders: readonly Decider[]; readonly cuts: readonly string[] }>;
}

/** A Deny (first match) that cuts cluster DNS (UDP 53 to kube-system/kube-dns) for pods it selects. */
function lintDns(ctx: LintContext, sel: Map<CompiledClusterPolicy, Endpoint[]>, cache: DnsCuts): void {
  const c = ctx.compiled;
  const ectx: EvalContext = { networkId: DEFAULT_NETWORK, namespaceLabels: c.namespaceLabels };
  const dns: Member = { endpoint: KUBE_DNS, index: -1, nad: DEFAULT_NETWORK, ips: [], ipSource: 'none' };
  const egress = applied(ctx).filter((p) => p.egress);
  if (!egress.length) return;
  const nps = c.policies.filter((p) => !p.notApplied && p.egress && p.networks.has(DEFAULT_NETWORK));
  const selecting = selectingPolicies(ctx, nps);
  const subjectOf = new Map(egress.map((p) => [p, new Set(sel.get(p))]));
  const blamed = new Map<string, Set<string>>();
  const seen = new Set<string>();
  const used = new Map<string, { deciders: readonly Decider[]; cuts: readonly string[] }>();
  if (cache.nsKey !== ctx.index.nsKey) cache.cuts = new Map();
  cache.nsKey = ctx.index.nsKey;
  // only workloads can be selected (by a subject or a NetworkPolicy): the others are skipped
  for (const e of ctx.index.workloads) {
    const deciders: Decider[] = [...selecting(e), ...egress.filter((p) => subjectOf.get(p)?.has(e))];
    const key = deciders.map((x) => x.policy.id).join('\u0000');
    if (!deciders.some((x) => 'admin' in x) || seen.has(key)) continue;
    seen.add(key);
    const kept = cache.cuts.get(key);
    let cuts = kept && sameList(kept.deciders, deciders) ? kept.cuts : undefined;
    if (!cuts) {
      const r = evaluateTiers(deciders, 'egress', dns, KUBE_DNS.namedPorts, ectx);
      cuts =
        r.isolated && r.tiers
          ? r.tiers.steps
              .filter((s) => s.action === 'Deny' && allows(s.conns, 'UDP', 53))
              .map((s) => `${s.policy}#${s.rule}`)
          : [];
    }
    used.set(key, { deciders, cuts });
    for (const k of cuts) {
      const l = blamed.get(k) ?? new Set();
      l.add(endpointLabel(e));
      blamed.set(k, l);
    }
  }
  cache.cuts = used;
  for (const [k, who] of blamed) {
    const [id, rule] = k.split('#') as [string, string];
    const p = egress.find((x) => x.policy.id === id);
    if (p)
      finding(
        ctx,
        p,
        'warning',
        'admin-deny-dns',
        `spec.egress[${rule}]`,
        `this Deny cuts cluster DNS (UDP 53 to kube-system/kube-dns) for ${names([...who])}`,
      );
  }
}

/**
 * What the cluster-policy rules keep between runs of one Linter: subjects and the findings
 * that read only cluster policies and workloads (M21/M22/M30, M24-M26, M28) while both are
 * the same objects; rule hits by label group (admin-shadow.ts) while namespace labels are.
 * The rules reading NetworkPolicies too (M27/M29, DNS) run every time.
 */
export class ClusterLintCache {
  index: LintIndex | undefined;
  policies: readonly CompiledClusterPolicy[] = [];
  hasNodes = false;
  sel = new Map<CompiledClusterPolicy, Endpoint[]>();
  fixed: Diagnostic[] | undefined;
  readonly shadow = new ShadowTables();
  readonly dns: DnsCuts = { nsKey: '', cuts: new Map() };
}

export function lintClusterPolicies(ctx: LintContext, cache = new ClusterLintCache()): Diagnostic[] {
  const all = ctx.compiled.clusterPolicies;
  if (all.length === 0) return ctx.out;
  if (cache.index !== ctx.index) {
    cache.index = ctx.index;
    cache.sel = new Map();
    cache.fixed = undefined;
  }
  const hasNodes = (ctx.model.nodes ?? []).length > 0; // nodes peers (M25)
  if (hasNodes !== cache.hasNodes || !sameList(all, cache.policies)) {
    cache.policies = all;
    cache.hasNodes = hasNodes;
    cache.fixed = undefined;
  }
  const sel = new Map(applied(ctx).map((p) => [p, cache.sel.get(p) ?? subjects(ctx, p)]));
  cache.sel = sel;
  if (!cache.fixed) {
    const own: LintContext = { ...ctx, out: [] };
    lintPriorities(own, sel);
    lintPeers(own);
    lintShadowed(own, applied(own), sel, cache.shadow);
    cache.fixed = own.out;
  }
  ctx.out.push(...cache.fixed);
  lintTiers(ctx, sel);
  lintDns(ctx, sel, cache.dns);
  return ctx.out;
}
