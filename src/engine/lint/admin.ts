import type { Diagnostic } from '../../model/diagnostic';
import { DEFAULT_NETWORK, endpointLabel, type Endpoint } from '../../model/types';
import type { Member } from '../networks';
import type { AddrRange } from '../cidr';
import type { CompiledClusterPolicy } from '../admin/compile';
import { isNotProgrammed, OVNK_MAX_PRIORITY, profileText } from '../admin/backend';
import type { CompiledPeer, CompiledPolicy, Direction } from '../compile';
import { applied, finding, sameList, selectingPolicies } from './admin-base';
import { lintAdminDns, type DnsCuts } from './admin-dns';
import { namesCounted, namesOf, type LabelGroup, type LintContext, type LintIndex } from './context';
import { lintShadowed, ShadowTables } from './admin-shadow';
import { POD } from './addresses';

/** Findings M21-M30 of SEMANTICS §9 (M23 and M31 come from validation while reading). */

const rulesOf = (p: CompiledClusterPolicy, d: Direction) =>
  d === 'ingress' ? p.ingressRules : p.egressRules;
const peerKey = (d: Direction) => (d === 'ingress' ? 'from' : 'to');
const DIRS: readonly Direction[] = ['ingress', 'egress'];

/**
 * The workloads the policy's subject selects (R9.2), in model order: the namespaces first, then
 * the label groups there (the same endpoints as `clusterSelects` on each).
 */
export function subjects(ctx: LintContext, p: CompiledClusterPolicy): Endpoint[] {
  const s = p.admin.subject;
  const ix = ctx.index;
  // the answer's summaries found it already (analysis/summaries.ts), on the same workloads
  const kept = ix.space.subjectOf(ctx.compiled, p);
  if (kept) return ix.selection(kept);
  // policies repeat subjects: once per content and run
  const key = `subject ${ix.space.keyOf(s.namespaceSelector)} ${s.podSelector ? ix.space.keyOf(s.podSelector) : '-'}`;
  let mask = ix.memo.get(key) as Uint8Array | undefined;
  if (!mask) {
    const groups = ix.groupsWhere(ix.namespaceMask(s.namespaceSelector), s.podSelector);
    mask = new Uint8Array(ix.space.groups.length);
    for (let j = 0; j < groups.length; j++) mask[groups[j] as number] = 1;
    ix.memo.set(key, mask);
  }
  return ix.selection(mask);
}

/** M21 (equal priorities, overlapping subjects), M22 (priority > 99), M30 (CNP; kinds mixed). */
export function lintPriorities(ctx: LintContext, sel: Map<CompiledClusterPolicy, Endpoint[]>): void {
  const all = applied(ctx);
  const ranked = all.filter((p) => p.admin.kind !== 'BaselineAdminNetworkPolicy');
  for (let i = 0; i < ranked.length; i++) {
    const a = ranked[i] as CompiledClusterPolicy;
    for (let j = i + 1; j < ranked.length; j++) {
      const b = ranked[j] as CompiledClusterPolicy;
      if (a.admin.priority !== b.admin.priority || a.admin.tier !== b.admin.tier) continue;
      // subjects are whole label groups: the workloads both select are those of the groups both do
      const both = ctx.index.sampleBoth(sel.get(a) ?? [], sel.get(b) ?? [], 4);
      if (both.count === 0) continue;
      finding(
        ctx,
        b,
        'warning',
        'admin-priority-tie',
        'spec.priority',
        `${a.policy.kind} ${a.policy.name} has the same priority ${a.admin.priority} and also selects ${namesCounted(both.first, both.count, endpointLabel)}: the order between them is undefined upstream (evaluated by name here)`,
      );
    }
  }
  // (the profile named as used: M22/M30 say which one decided, and the options on)
  const options = { allowIcmp: ctx.compiled.allowIcmp === true };
  const api = profileText('api', options);
  const ovnk = profileText('ovn-kubernetes', options);
  for (const a of ctx.compiled.clusterPolicies)
    if (a.admin.kind === 'AdminNetworkPolicy' && a.admin.priority > OVNK_MAX_PRIORITY)
      if (!a.notApplied || isNotProgrammed(a))
        finding(
          ctx,
          a,
          'warning',
          'admin-priority-ovnk',
          'spec.priority',
          `priority ${a.admin.priority} is above ${OVNK_MAX_PRIORITY}: OVN-Kubernetes does not program this ANP (event ANPWithUnsupportedPriority); ${isNotProgrammed(a) ? `not applied here (${ovnk})` : `applied here per the API (${api})`}`,
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
        ? `ClusterNetworkPolicy is not enforced by OVN-Kubernetes (it implements v1alpha1 ANP/BANP only): not applied here (${ovnk})`
        : v1
          ? `ClusterNetworkPolicy (v1alpha2) mixed with AdminNetworkPolicy/BaselineAdminNetworkPolicy (v1alpha1): no implementation has both; evaluated with ANPs and Admin-tier CNPs in one priority order (${api})`
          : `ClusterNetworkPolicy is not enforced by OVN-Kubernetes (it implements v1alpha1 ANP/BANP only); evaluated per the API (${api})`,
    );
}

const isAll = (r: AddrRange) =>
  r.start === 0n && r.end === (r.family === 4 ? 0xffffffffn : (1n << 128n) - 1n);

type IpPeer = Extract<CompiledPeer, { kind: 'ipBlock' }>;

/**
 * Members of the default network other than externals with an address in one of the CIDRs: how
 * many, and the first 4 in network order (from the address index, not a scan of every member).
 */
function podsIn(ctx: LintContext, ip: readonly IpPeer[]): { count: number; first: readonly Member[] } {
  // once per list of CIDRs and run: cluster policies repeat their networks peers
  const key = `admin-pods-in ${ip.map((x) => `${x.cidr.family} ${x.cidr.start} ${x.cidr.end}`).join()}`;
  let found = ctx.index.memo.get(key) as { count: number; first: readonly Member[] } | undefined;
  if (!found) ctx.index.memo.set(key, (found = podsInNow(ctx, ip)));
  return found;
}

function podsInNow(ctx: LintContext, ip: readonly IpPeer[]): { count: number; first: readonly Member[] } {
  const members = ctx.compiled.layout.members.get(DEFAULT_NETWORK) ?? [];
  const addresses = ctx.index.addresses(DEFAULT_NETWORK);
  // marked by slot (a member's position in the network): a /0 hits every pod
  const hit = new Uint8Array(members.length);
  let count = 0;
  for (const x of ip) {
    const slots = addresses.slotsIn(x.cidr.family, x.cidr.start, x.cidr.end, POD);
    for (let i = 0; i < slots.length; i++) {
      const s = slots[i] as number;
      if (!hit[s]) {
        hit[s] = 1;
        count++;
      }
    }
  }
  // the 4 first in network order
  const first: Member[] = [];
  for (let s = 0; s < hit.length && first.length < Math.min(4, count); s++)
    if (hit[s]) first.push(members[s] as Member);
  return { count, first };
}

/** M24 networks matching pods, M25 nodes without Nodes, M26 domainNames. */
export function lintPeers(ctx: LintContext): void {
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
        const ip = rule.peers.filter((x): x is IpPeer => x.kind === 'ipBlock');
        const pods = ip.length ? podsIn(ctx, ip) : { count: 0, first: [] };
        if (pods.count === 0 && !ip.some((x) => isAll(x.cidr))) return;
        const cluster = p.cluster[d][rule.index];
        const j = cluster?.peers.findIndex((x) => x.networks) ?? 0;
        finding(
          ctx,
          p,
          'info',
          'admin-networks-match-pods',
          `spec.${d}[${rule.index}].${peerKey(d)}[${Math.max(0, j)}].networks`,
          `networks also match pod-to-pod traffic${pods.count ? ` (here ${namesCounted(pods.first, pods.count, (m) => endpointLabel(m.endpoint))})` : ''}: this ${rule.action} applies to them too`,
        );
      });
    }
  }
}

/**
 * The workloads on a secondary network, in model order, and their label groups: read group by
 * group (`positionsByGroup`), so no workload is looked up by id.
 */
function onSecondary(ix: LintIndex): { list: Endpoint[]; groups: number[] } {
  const { start, at } = ix.space.positionsByGroup();
  const G = ix.space.groups.length;
  // position * G + group, sorted: model order
  const found: number[] = [];
  for (let g = 0; g < G; g++)
    for (let j = start[g] as number; j < (start[g + 1] as number); j++) {
      const e = ix.workloads[at[j] as number] as Endpoint;
      for (let k = 0; k < e.attachments.length; k++)
        if ((e.attachments[k] as Endpoint['attachments'][number]).nad !== DEFAULT_NETWORK) {
          found.push((at[j] as number) * G + g);
          break;
        }
    }
  found.sort((a, b) => a - b);
  return {
    list: found.map((x) => ix.workloads[Math.floor(x / G)] as Endpoint),
    groups: found.map((x) => x % G),
  };
}

/** How many workloads, and the first few. */
type Sample = { readonly count: number; readonly first: readonly Endpoint[] };
const NONE: Sample = { count: 0, first: [] };

/** M27 secondary networks; Pass with no NetworkPolicy behind it; M29 Allow over a NetworkPolicy. */
export function lintTiers(ctx: LintContext, sel: Map<CompiledClusterPolicy, Endpoint[]>): void {
  const nps = ctx.compiled.policies.filter((p) => !p.notApplied && p.networks.has(DEFAULT_NETWORK));
  const selecting = selectingPolicies(ctx, nps);
  const groups = ctx.index.space.groups;
  // few workloads are on secondary networks: each subject is those of its groups among them
  const { list: nadWorkloads, groups: nadGroups } = onSecondary(ctx.index);
  // per label group, both directions at once on first ask: 1 a NetworkPolicy selecting it
  // isolates its ingress, 2 its egress (4: known; 0: not asked yet)
  const known = new Uint8Array(groups.length);
  const isolation = (g: number): number => {
    let k = known[g] as number;
    if (k === 0) {
      k = 4;
      const ns = selecting(groups[g] as LabelGroup);
      for (let i = 0; i < ns.length; i++) {
        const n = ns[i] as CompiledPolicy;
        if (n.ingress) k |= 1;
        if (n.egress) k |= 2;
      }
      known[g] = k;
    }
    return k;
  };
  // the workloads of a subject that NetworkPolicies isolate, per direction: once per subject
  // (policies share subjects' lists), from each label group of the subject once, in model order
  const isolatedOf = new Map<readonly Endpoint[], Sample[]>();
  const isolatedIn = (subj: readonly Endpoint[], d: Direction): Sample => {
    let both = isolatedOf.get(subj);
    if (!both) isolatedOf.set(subj, (both = []));
    const k = d === 'ingress' ? 0 : 1;
    let found = both[k];
    if (!found) {
      const gs = ctx.index.groupIndices(subj);
      const bit = d === 'ingress' ? 1 : 2;
      const iso: number[] = [];
      for (let i = 0; i < gs.length; i++) if (isolation(gs[i] as number) & bit) iso.push(gs[i] as number);
      both[k] = found = iso.length ? ctx.index.sampleGroups(iso, 4) : NONE;
    }
    return found;
  };
  for (const p of applied(ctx)) {
    const subj = sel.get(p) ?? [];
    const mask = ctx.index.groupMask(subj);
    const onNads = nadWorkloads.filter((_, k) => mask[nadGroups[k] as number]);
    if (onNads.length)
      finding(
        ctx,
        p,
        'info',
        'admin-secondary-networks',
        'spec.subject',
        `it selects ${namesOf(onNads, endpointLabel)}, which are also on secondary networks: cluster policies apply on the default network only, not to their secondary interfaces`,
      );
    for (const d of DIRS) {
      // only Admin-tier Pass and Allow rules look at what NetworkPolicies isolate
      const asks = p.admin.tier === 'Admin' && rulesOf(p, d).some((r) => r.action !== 'Deny');
      const isolated = asks ? isolatedIn(subj, d) : NONE;
      rulesOf(p, d).forEach((rule) => {
        const f = `spec.${d}[${rule.index}].action`;
        if (rule.action === 'Pass' && p.admin.tier === 'Admin' && subj.length && isolated.count === 0)
          finding(
            ctx,
            p,
            'info',
            'admin-pass-without-netpol',
            f,
            `Pass, and no NetworkPolicy isolates the ${d} of the pods it selects: passed traffic goes to the baseline tier or is allowed by default`,
          );
        if (rule.action === 'Allow' && p.admin.tier === 'Admin' && isolated.count)
          finding(
            ctx,
            p,
            'info',
            'admin-allow-over-netpol',
            f,
            `Allow decides before the NetworkPolicies isolating ${namesCounted(isolated.first, isolated.count, endpointLabel)}: namespace owners cannot restrict this traffic`,
          );
      });
    }
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
  lintAdminDns(ctx, sel, cache.dns);
  return ctx.out;
}
