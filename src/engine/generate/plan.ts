import { policyId } from '../../model/ids';
import {
  DEFAULT_NETWORK,
  PROTOCOLS,
  type LabelSelector,
  type Policy,
  type PolicyKind,
  type PolicyPort,
} from '../../model/types';
import { ALL_CONNS, NO_CONNS, isAllConns, unionConns, type ConnSet } from '../conn';
import type { Member } from '../networks';
import { formatPorts } from '../ports';
import { NS_NAME_LABEL, planPeers, population, type Population } from './peers';
import { DNS_LABELS, DNS_NAMESPACE, isDnsServer } from './resolve';
import { exactSelectors, labelKey, selectorName } from './selectors';
import {
  type NetworkWants,
  type PlannedPolicy,
  type PlannedRule,
  type Resolved,
  type WantPart,
} from './types';

type Direction = 'ingress' | 'egress';

/** A rule's ports: none (everything) when the set holds ICMP, which no port entry can name (R3.4). */
export function portsFor(c: ConnSet): { ports?: PolicyPort[]; conns: ConnSet } {
  if (c.ICMP || isAllConns(c)) return { conns: ALL_CONNS };
  const ports: PolicyPort[] = [];
  for (const p of PROTOCOLS)
    for (const [lo, hi] of c[p])
      ports.push(
        lo === 1 && hi === 65535
          ? { protocol: p }
          : { protocol: p, port: lo, ...(hi > lo ? { endPort: hi } : {}) },
      );
  return { ports, conns: c };
}

const connKey = (c: ConnSet) => `${PROTOCOLS.map((p) => formatPorts(c[p])).join('|')}|${c.ICMP}`;

/** DNS-1123 names of at most 63 characters. */
function dnsName(s: string): string {
  const clean = s
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  if (clean.length <= 63) return clean || 'policy';
  let h = 0;
  for (const ch of clean) h = (Math.imul(h, 31) + ch.charCodeAt(0)) >>> 0;
  return `${clean.slice(0, 56).replace(/-$/, '')}-${h.toString(36).slice(0, 6)}`;
}

interface NetCtx {
  readonly net: NetworkWants;
  readonly resolved: Resolved;
  readonly pop: Population;
  readonly kind: PolicyKind;
  readonly prefix: string;
  readonly used: Set<string>; // ns/name taken
  /** Per direction: endpoint → its wanted pairs as (peer, parts). */
  readonly bySelf: Map<Direction, Map<string, [string, readonly WantPart[]][]>>;
}

function makePolicy(
  ctx: NetCtx,
  ns: string,
  base: string,
  podSelector: LabelSelector,
  types: Direction[],
  rules: { ingress?: PlannedRule[]; egress?: PlannedRule[] },
  subjects: ReadonlySet<string>,
): PlannedPolicy {
  let name = dnsName(`${ctx.prefix}${base}`);
  for (let n = 2; ctx.used.has(`${ns}/${name}`); n++) name = dnsName(`${ctx.prefix}${base}-${n}`);
  ctx.used.add(`${ns}/${name}`);
  const nads = [...new Set(ctx.pop.all.filter((m) => m.endpoint.namespace === ns).map((m) => m.nad))].sort();
  const toRule = (r: PlannedRule) => ({
    ...(r.peers ? { peers: r.peers } : {}),
    ...(r.ports ? { ports: r.ports } : {}),
  });
  const policy: Policy = {
    id: policyId(ctx.kind, ns, name),
    kind: ctx.kind,
    name,
    namespace: ns,
    podSelector,
    policyTypes: types.map((t) => (t === 'ingress' ? 'Ingress' : 'Egress')),
    ...(types.includes('ingress') ? { ingress: (rules.ingress ?? []).map(toRule) } : {}),
    ...(types.includes('egress') ? { egress: (rules.egress ?? []).map(toRule) } : {}),
    ...(ctx.kind === 'MultiNetworkPolicy' ? { policyFor: nads.join(',') } : {}),
  };
  return {
    policy,
    network: ctx.net.netId,
    subjects,
    ingress: rules.ingress ?? [],
    egress: rules.egress ?? [],
  };
}

/**
 * Per label class of a namespace, what it must admit in one direction: peer → connections
 * (the union over the class: its members are one subject to any policy).
 */
function needs(ctx: NetCtx, members: readonly Member[], dir: Direction): Need {
  let index = ctx.bySelf.get(dir);
  if (!index) {
    index = new Map();
    ctx.bySelf.set(dir, index);
    for (const [key, parts] of ctx.net.pairs) {
      const [src, dst] = key.split('\u0000') as [string, string];
      const self = dir === 'ingress' ? dst : src;
      const list = index.get(self);
      const entry: [string, readonly WantPart[]] = [dir === 'ingress' ? src : dst, parts];
      if (list) list.push(entry);
      else index.set(self, [entry]);
    }
  }
  const out = new Map<string, { conns: ConnSet; lines: Set<number> }>();
  for (const [peer, parts] of members.flatMap((m) => index.get(m.endpoint.id) ?? []))
    for (const p of parts) {
      if (dir === 'egress' && p.line === ctx.resolved.dnsLine) continue; // the allow-dns policy has it
      const had = out.get(peer);
      if (had) {
        had.conns = portsFor(unionConns(had.conns, p.conns)).conns;
        had.lines.add(p.line);
      } else out.set(peer, { conns: portsFor(p.conns).conns, lines: new Set([p.line]) });
    }
  return out;
}

function directionPolicies(ctx: NetCtx, ns: string, dir: Direction): PlannedPolicy[] {
  const classes = ctx.pop.byNs.get(ns) as ReadonlyMap<string, readonly Member[]>;
  const allLabels = [...classes.values()].map((ms) => (ms[0] as Member).endpoint.labels);
  const groups = mergeGroups(
    [...classes.values()].map((members) => ({ members, need: needs(ctx, members, dir) })),
  );
  const out: PlannedPolicy[] = [];
  for (const { members, need, free } of groups) {
    // one rule per distinct set of connections, its peers all that need exactly that
    const byConns = new Map<string, { conns: ConnSet; peers: Set<string>; lines: Set<number> }>();
    for (const [peer, v] of need) {
      const k = connKey(v.conns);
      const r = byConns.get(k) ?? { conns: v.conns, peers: new Set<string>(), lines: new Set<number>() };
      byConns.set(k, r);
      r.peers.add(peer);
      for (const l of v.lines) r.lines.add(l);
    }
    const rules: PlannedRule[] = [...byConns.values()].flatMap((r) => {
      const pp = planPeers(ctx.pop, ns, r.peers, free);
      // `from: []` would admit everyone (R2.3): peers nothing can name stay denied, and are reported
      if (pp.peers.length === 0) return [];
      const { ports, conns } = portsFor(r.conns);
      return [{ peers: pp.peers, ...(ports ? { ports } : {}), conns, matches: pp.matches, lines: r.lines }];
    });
    if (rules.length === 0) continue;
    const chosen = [
      ...new Map(members.map((m) => [labelKey(m.endpoint.labels), m.endpoint.labels])).values(),
    ];
    for (const { selector, classes: picked } of exactSelectors(chosen, allLabels)) {
      const keys = new Set(picked.map(labelKey));
      const subjectIds = new Set(
        members.filter((m) => keys.has(labelKey(m.endpoint.labels))).map((m) => m.endpoint.id),
      );
      const what = selectorName(selector);
      const base = dir === 'ingress' ? `allow-ingress-to-${what}` : `allow-egress-from-${what}`;
      out.push(makePolicy(ctx, ns, base, selector, [dir], { [dir]: rules }, subjectIds));
    }
  }
  return out;
}

type Need = Map<string, { conns: ConnSet; lines: Set<number> }>;
interface Group {
  members: Member[];
  need: Need;
  /** Peers no member constrains (a lone member's own traffic is never evaluated). */
  free: Set<string>;
}

/**
 * Classes share one policy ("one policy per destination group") when one set of rules serves
 * them all exactly: every peer gets the same connections from every member it is not itself.
 * So vm1..vm6 all admitting vm1..vm3 is one policy, although vm1 does not list itself.
 */
function mergeGroups(classes: readonly { members: readonly Member[]; need: Need }[]): Group[] {
  const NONE = connKey(NO_CONNS);
  interface Draft {
    readonly members: Member[];
    readonly need: Need;
    /** Explicit requirements (peer → connections key); every other peer: none, once anything constrains it. */
    readonly req: Map<string, string>;
    /** Ids of lone-member classes: such a class does not constrain its own member. */
    readonly singles: Set<string>;
    count: number;
  }
  // a group leaves p free only when its one class is p alone
  const required = (g: Draft, p: string): string | undefined =>
    g.req.get(p) ?? (g.count - (g.singles.has(p) ? 1 : 0) > 0 ? NONE : undefined);
  const groups: Draft[] = [];
  for (const cl of classes) {
    if (cl.need.size === 0) continue;
    const single = cl.members.length === 1 ? (cl.members[0] as Member).endpoint.id : undefined;
    const keys = new Map([...cl.need].map(([p, v]) => [p, connKey(v.conns)]));
    const own = (p: string) => (p === single ? undefined : (keys.get(p) ?? NONE));
    const fits = groups.find((g) => {
      for (const p of new Set([...keys.keys(), ...g.req.keys()])) {
        const x = required(g, p);
        const y = own(p);
        if (x !== undefined && y !== undefined && x !== y) return false;
      }
      return true;
    });
    const g =
      fits ??
      (groups[
        groups.push({ members: [], need: new Map(), req: new Map(), singles: new Set(), count: 0 }) - 1
      ] as Draft);
    g.members.push(...cl.members);
    g.count++;
    if (single) g.singles.add(single);
    for (const [p, v] of cl.need) {
      g.req.set(p, keys.get(p) as string);
      const had = g.need.get(p);
      if (had) for (const l of v.lines) had.lines.add(l);
      else g.need.set(p, { conns: v.conns, lines: new Set(v.lines) });
    }
  }
  return groups.map((g) => ({
    members: g.members,
    need: g.need,
    free: new Set(g.count === 1 && g.singles.size === 1 ? g.singles : []),
  }));
}

/** Every policy for one covered network. */
export function planNetwork(net: NetworkWants, resolved: Resolved, used: Set<string>): PlannedPolicy[] {
  const pop = population(net.members, !net.ipamless);
  const isDefault = net.netId === DEFAULT_NETWORK;
  const firstNad = net.members.find((m) => m.nad !== DEFAULT_NETWORK)?.nad ?? '';
  const ctx: NetCtx = {
    net,
    resolved,
    pop,
    // a primary (C)UDN takes NetworkPolicy of its namespaces, never MultiNetworkPolicy (R10.9)
    kind: isDefault || net.primary ? 'NetworkPolicy' : 'MultiNetworkPolicy',
    prefix: isDefault ? '' : `${firstNad.slice(firstNad.indexOf('/') + 1)}-`,
    used,
    bySelf: new Map(),
  };
  const out: PlannedPolicy[] = [];
  for (const ns of [...pop.byNs.keys()].sort()) {
    const all = new Set(
      [...(pop.byNs.get(ns) as ReadonlyMap<string, readonly Member[]>).values()]
        .flat()
        .map((m) => m.endpoint.id),
    );
    out.push(makePolicy(ctx, ns, 'default-deny-ingress', {}, ['ingress'], {}, all));
    out.push(makePolicy(ctx, ns, 'default-deny-egress', {}, ['egress'], {}, all));
    if (isDefault && resolved.dnsLine !== undefined) {
      const dns = new Set(pop.all.filter((m) => isDnsServer(m.endpoint)).map((m) => m.endpoint.id));
      const { ports, conns } = portsFor(resolved.lineConns[resolved.dnsLine] as ConnSet);
      const rule: PlannedRule = {
        peers: [
          {
            namespaceSelector: { matchLabels: { [NS_NAME_LABEL]: DNS_NAMESPACE } },
            podSelector: { matchLabels: { ...DNS_LABELS } },
          },
        ],
        ...(ports ? { ports } : {}),
        conns,
        matches: dns,
        lines: new Set([resolved.dnsLine]),
      };
      out.push(makePolicy(ctx, ns, 'allow-dns', {}, ['egress'], { egress: [rule] }, all));
    }
    out.push(...directionPolicies(ctx, ns, 'ingress'), ...directionPolicies(ctx, ns, 'egress'));
  }
  return out;
}
