import { diagnosticAt } from '../../model/report';
import { DEFAULT_NETWORK, type Endpoint, type NamedPort } from '../../model/types';
import type { AdminRule, CompiledClusterPolicy } from '../../engine/admin/compile';
import { clusterSelects } from '../../engine/admin/select';
import type { CompiledPeer, Direction } from '../../engine/compile';
import * as conn from '../../engine/conn';
import { peerMatches, type EvalContext } from '../../engine/evaluate';
import type { Member } from '../../engine/networks';
import { subtract } from '../../engine/ports';
import { isEmptySelector } from '../../engine/selectors';
import type { LintContext } from './context';

/**
 * M28: a cluster policy rule that can never be the first match, because the rules before it in
 * the same policy and direction (whatever their actions) already match every connection it
 * matches. Judged semantically:
 * - pods and VMs (selector peers, and `networks` CIDRs containing their IPs, R9.8) as the sets of
 *   endpoints of this design — the verdicts are computed over the design, so "never first" is
 *   judged where it matters, and selectors that differ in text but pick the same workloads count;
 * - `networks`/`nodes` CIDRs over the whole address space (they stand for any IP, not only the
 *   design's externals);
 * - ports per peer, with named ports resolved on the destination (R9.11), several earlier rules
 *   together (one may cover port 80, another the rest).
 * A rule that matches nothing in the design is reported only when an earlier rule's text implies
 * it for any cluster (`covers`).
 */

type Finding = (p: CompiledClusterPolicy, field: string, message: string) => void;

/** Which rules' selector peers match a label group, and that as a key ('0110'). */
interface GroupHits {
  readonly hits: readonly boolean[];
  readonly bits: string;
  /** a rule after the first is hit (else the pattern can shadow nothing) */
  readonly later: boolean;
}

function groupHitsOf(hits: readonly boolean[]): GroupHits {
  return { hits, bits: hits.map(Number).join(''), later: hits.some((h, k) => h && k > 0) };
}

/**
 * Rule hits by label group key (namespace and labels), per policy and direction: they hold
 * while namespace labels do, so a workload edit computes only the groups it creates.
 */
export class ShadowTables {
  private nsKey = '';
  private tables = new WeakMap<CompiledClusterPolicy, Record<Direction, ShadowTable>>();

  of(nsKey: string, p: CompiledClusterPolicy, d: Direction): ShadowTable {
    if (nsKey !== this.nsKey) {
      this.nsKey = nsKey;
      this.tables = new WeakMap();
    }
    let t = this.tables.get(p);
    if (!t) this.tables.set(p, (t = { ingress: { byGroup: new Map() }, egress: { byGroup: new Map() } }));
    return t[d];
  }
}

/**
 * One policy and direction: hits by label group, and the last findings with what they were
 * computed from (the distinct hit patterns and named ports): equal inputs, equal findings.
 */
interface ShadowTable {
  readonly byGroup: Map<string, GroupHits>;
  last?: { readonly inputs: string; readonly found: readonly (readonly [string, string])[] };
}

/** A named-port list as a key (memoised: the same lists are keyed for every policy and direction). */
const portKeys = new WeakMap<readonly NamedPort[], string>();
function portsKey(ports: readonly NamedPort[]): string {
  let k = portKeys.get(ports);
  if (k === undefined) portKeys.set(ports, (k = JSON.stringify(ports)));
  return k;
}

/** R9.11: the rule's ports towards a destination with these named ports (any protocol for a name). */
function portConns(rule: AdminRule, dst: readonly NamedPort[]): conn.ConnSet {
  if (rule.ports === 'all') return conn.ALL_CONNS;
  let out = conn.NO_CONNS;
  for (const p of rule.ports) {
    if (p.kind === 'set') out = conn.unionConns(out, conn.connOf(p.protocol, p.set));
    else
      for (const np of dst)
        if (np.name === p.name) out = conn.unionConns(out, conn.connOf(np.protocol, [[np.port, np.port]]));
  }
  return out;
}

type Ip = Extract<CompiledPeer, { kind: 'ipBlock' }>;
const ipPeers = (r: AdminRule): Ip[] => r.peers.filter((x): x is Ip => x.kind === 'ipBlock');

/** What the rules before k contribute towards one peer: uncovered connections and the rules that cover. */
interface Check {
  matched: boolean;
  uncovered: boolean;
  by: Set<number>;
}

function check(
  c: Check,
  rules: readonly AdminRule[],
  k: number,
  hits: readonly boolean[],
  dst: readonly NamedPort[],
) {
  const want = portConns(rules[k] as AdminRule, dst);
  if (conn.isEmptyConns(want)) return;
  c.matched = true;
  let have = conn.NO_CONNS;
  for (let j = 0; j < k; j++) {
    if (!hits[j]) continue;
    const got = portConns(rules[j] as AdminRule, dst);
    if (!conn.isEmptyConns(conn.intersectConns(got, want))) c.by.add(j);
    have = conn.unionConns(have, got);
  }
  if (!conn.isEmptyConns(conn.subtractConns(want, have))) c.uncovered = true;
}

/** CIDRs of rule k split at every boundary of the earlier rules' CIDRs: each piece is covered or not. */
function checkAddresses(c: Check, rules: readonly AdminRule[], k: number): void {
  const mine = ipPeers(rules[k] as AdminRule);
  for (const family of [4, 6] as const) {
    const own = mine.filter((x) => x.cidr.family === family).map((x) => x.cidr);
    if (!own.length) continue;
    const earlier = rules.slice(0, k).map((r) => ipPeers(r).filter((x) => x.cidr.family === family));
    const cuts = new Set<bigint>();
    for (const r of [own, ...earlier.map((l) => l.map((x) => x.cidr))])
      for (const x of r) cuts.add(x.start).add(x.end + 1n);
    const points = [...cuts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    for (let i = 0; i + 1 < points.length; i++) {
      const lo = points[i] as bigint;
      if (!own.some((x) => x.start <= lo && lo <= x.end)) continue;
      // an address with no pod behind it has no named ports
      check(
        c,
        rules,
        k,
        earlier.map((l) => l.some((x) => x.cidr.start <= lo && lo <= x.cidr.end)),
        [],
      );
    }
  }
}

/** Does rule `a` match every connection rule `b` matches in any cluster (the text implies it)? */
function covers(a: AdminRule, b: AdminRule): boolean {
  if (a.ports !== 'all') {
    if (b.ports === 'all') return false;
    for (const pb of b.ports) {
      if (pb.kind !== 'set') {
        if (!a.ports.some((pa) => pa.kind === 'named-any' && pa.name === pb.name)) return false;
      } else if (
        !a.ports.some(
          (pa) => pa.kind === 'set' && pa.protocol === pb.protocol && subtract(pb.set, pa.set).length === 0,
        )
      )
        return false;
    }
  }
  const json = (x: CompiledPeer) =>
    JSON.stringify(x, (_, v: unknown) => (typeof v === 'bigint' ? String(v) : v));
  return b.peers.every((pb) =>
    a.peers.some((pa) => {
      if (json(pa) === json(pb)) return true;
      // a namespaces peer covers every pods peer in the namespaces it admits
      if (pa.kind === 'selector' && pb.kind === 'selector' && pa.podSelector === undefined)
        return (
          isEmptySelector(pa.namespaceSelector ?? {}) ||
          JSON.stringify(pa.namespaceSelector) === JSON.stringify(pb.namespaceSelector)
        );
      if (pa.kind === 'ipBlock' && pb.kind === 'ipBlock')
        return (
          pa.cidr.family === pb.cidr.family && pa.cidr.start <= pb.cidr.start && pa.cidr.end >= pb.cidr.end
        );
      return false;
    }),
  );
}

function shadowedIn(
  ctx: LintContext,
  p: CompiledClusterPolicy,
  d: Direction,
  members: readonly Member[],
  subjects: ReadonlySet<string>,
  table: ShadowTable,
  report: Finding,
): void {
  const byGroup = table.byGroup;
  const rules = d === 'ingress' ? p.ingressRules : p.egressRules;
  if (rules.length < 2) return;
  const ectx: EvalContext = { networkId: DEFAULT_NETWORK, namespaceLabels: ctx.compiled.namespaceLabels };
  const groupOf = (e: Endpoint) => ctx.index.groupOf(e);
  // ingress: named ports resolve on the subjects (one check per distinct list); egress: on the peer
  const subjectPorts = new Map<string, readonly NamedPort[]>();
  if (d === 'ingress')
    for (const m of members) {
      // a workload is a subject iff it is in `subjects`; anything else is asked directly
      const hit = groupOf(m.endpoint)
        ? subjects.has(m.endpoint.id)
        : clusterSelects(p, m.endpoint, ectx.namespaceLabels);
      if (hit) subjectPorts.set(portsKey(m.endpoint.namedPorts), m.endpoint.namedPorts);
    }
  const ingressDst = subjectPorts.size ? [...subjectPorts.values()] : [[]];
  // selector peers match by label group (one check per group); ipBlock peers by an address lookup
  const none = groupHitsOf(rules.map(() => false));
  const groupHits = (m: Member): GroupHits => {
    const g = groupOf(m.endpoint);
    if (!g) return none; // externals and host-network pods never match selectors (R9.14)
    let h = byGroup.get(g.key);
    if (!h) {
      const hits = rules.map((r) =>
        r.peers.some((x) => x.kind === 'selector' && peerMatches(x, '', m, ectx)),
      );
      byGroup.set(g.key, (h = groupHitsOf(hits)));
    }
    return h;
  };
  const byAddress = new Map<Member, number[]>();
  rules.forEach((r, k) => {
    for (const x of r.peers) {
      if (x.kind !== 'ipBlock') continue;
      const { family, start, end } = x.cidr;
      const inside = (m: Member) => peerMatches(x, '', m, ectx);
      for (const m of ctx.index.membersIn(DEFAULT_NETWORK, family, start, end, inside))
        byAddress.set(m, [...(byAddress.get(m) ?? []), k]);
    }
  });
  // distinct patterns: hits, and for egress the destination's named ports (keys are memoised strings)
  const seen = new Map<string, Map<string, { hits: readonly boolean[]; ports: readonly NamedPort[] }>>();
  for (const m of members) {
    let h = groupHits(m);
    const more = byAddress.get(m);
    if (more) h = groupHitsOf(h.hits.map((x, k) => x || more.includes(k)));
    if (!h.later) continue;
    const ports = d === 'egress' ? portsKey(m.endpoint.namedPorts) : '';
    let byPorts = seen.get(h.bits);
    if (!byPorts) seen.set(h.bits, (byPorts = new Map()));
    if (!byPorts.has(ports)) byPorts.set(ports, { hits: h.hits, ports: m.endpoint.namedPorts });
  }
  const distinct = [...seen].flatMap(([bits, byPorts]) =>
    [...byPorts].map(([ports, x]) => ({ key: `${bits}${ports}`, ...x })),
  );
  // the findings follow from the distinct patterns (and, for ingress, the subjects' named ports)
  const inputs = `${distinct
    .map((x) => x.key)
    .sort()
    .join('\n')}\n\n${[...subjectPorts.keys()].sort().join('\n')}`;
  if (table.last?.inputs === inputs) {
    for (const [field, message] of table.last.found) report(p, field, message);
    return;
  }
  const found: [string, string][] = [];
  const finding: Finding = (_p, field, message) => found.push([field, message]);
  const checks = rules.map((): Check => ({ matched: false, uncovered: false, by: new Set() }));
  for (const { hits, ports } of distinct)
    for (let k = 1; k < rules.length; k++) {
      if (!hits[k]) continue;
      for (const dst of d === 'ingress' ? ingressDst : [ports])
        check(checks[k] as Check, rules, k, hits, dst);
    }
  rules.forEach((rule, k) => {
    if (k === 0) return;
    const c = checks[k] as Check;
    checkAddresses(c, rules, k);
    const implied = c.matched ? undefined : rules.slice(0, k).find((a) => covers(a, rule));
    if (c.matched ? c.uncovered : !implied) return;
    const by = implied ? [implied.index] : [...c.by].sort((x, y) => x - y);
    const list = by.map((j) => `#${j} (${(rules[j] as AdminRule).action})`).join(', ');
    finding(
      p,
      `spec.${d}[${k}]`,
      implied
        ? `${d} rule #${k} can never be the first match: rule ${list} already matches every peer and port it names, in any cluster`
        : `${d} rule #${k} can never be the first match: ${by.length > 1 ? 'rules' : 'rule'} ${list} already match${by.length > 1 ? '' : 'es'} every peer and port it matches in this design`,
    );
  });
  table.last = { inputs, found };
  for (const [field, message] of found) report(p, field, message);
}

export function lintShadowed(
  ctx: LintContext,
  applied: readonly CompiledClusterPolicy[],
  sel: ReadonlyMap<CompiledClusterPolicy, readonly Endpoint[]>,
  tables: ShadowTables = new ShadowTables(),
): void {
  const members = ctx.compiled.layout.members.get(DEFAULT_NETWORK) ?? [];
  const finding: Finding = (p, field, message) =>
    ctx.out.push(
      diagnosticAt(
        { kind: p.policy.kind, name: p.policy.name },
        p.cluster.origin,
        'info',
        'admin-rule-shadowed',
        field,
        message,
      ),
    );
  for (const p of applied) {
    const subjects = new Set(sel.get(p)?.map((e) => e.id));
    for (const d of ['ingress', 'egress'] as const)
      shadowedIn(ctx, p, d, members, subjects, tables.of(ctx.index.nsKey, p, d), finding);
  }
}
