import { diagnosticAt } from '../../model/report';
import { DEFAULT_NETWORK, type Endpoint, type NamedPort } from '../../model/types';
import type { AdminRule, CompiledClusterPolicy } from '../admin/compile';
import { clusterSelects } from '../admin/select';
import type { CompiledPeer, Direction } from '../compile';
import * as conn from '../conn';
import { peerMatches, type EvalContext } from '../evaluate';
import type { Member } from '../networks';
import { subtract } from '../ports';
import { isEmptySelector } from '../selectors';
import type { LintContext, LintIndex } from './context';

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

/** Workload → its label group (one namespace, one label set): selectors are matched once per group. */
const groupsOf = new WeakMap<LintIndex, Map<Endpoint, object>>();
function groupOf(index: LintIndex): Map<Endpoint, object> {
  let m = groupsOf.get(index);
  if (!m) {
    m = new Map();
    for (const list of index.groupsByNs.values())
      for (const g of list) for (const e of g.endpoints) m.set(e, g);
    groupsOf.set(index, m);
  }
  return m;
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
  finding: Finding,
): void {
  const rules = d === 'ingress' ? p.ingressRules : p.egressRules;
  if (rules.length < 2) return;
  const ectx: EvalContext = { networkId: DEFAULT_NETWORK, namespaceLabels: ctx.compiled.namespaceLabels };
  // ingress: named ports resolve on the subjects (one check per distinct list); egress: on the peer
  const subjectPorts = new Map<string, readonly NamedPort[]>();
  if (d === 'ingress')
    for (const m of members)
      if (clusterSelects(p, m.endpoint, ectx.namespaceLabels))
        subjectPorts.set(JSON.stringify(m.endpoint.namedPorts), m.endpoint.namedPorts);
  const ingressDst = subjectPorts.size ? [...subjectPorts.values()] : [[]];
  // members alike for every rule (and, for egress, in named ports) are checked once
  const groups = groupOf(ctx.index);
  const bySel = new Map<CompiledPeer, Map<object, boolean>>();
  const matches = (x: CompiledPeer, m: Member): boolean => {
    if (x.kind !== 'selector') return peerMatches(x, '', m, ectx);
    const g = groups.get(m.endpoint);
    if (!g) return false; // externals and host-network pods never match selectors (R9.14)
    let byGroup = bySel.get(x);
    if (!byGroup) bySel.set(x, (byGroup = new Map()));
    let hit = byGroup.get(g);
    if (hit === undefined) byGroup.set(g, (hit = peerMatches(x, '', m, ectx)));
    return hit;
  };
  const seen = new Set<string>();
  const checks = rules.map((): Check => ({ matched: false, uncovered: false, by: new Set() }));
  for (const m of members) {
    const hits = rules.map((r) => r.peers.some((x) => matches(x, m)));
    if (!hits.some((h, k) => h && k > 0)) continue;
    const key = `${hits.map(Number).join('')}${d === 'egress' ? JSON.stringify(m.endpoint.namedPorts) : ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    for (let k = 1; k < rules.length; k++) {
      if (!hits[k]) continue;
      for (const dst of d === 'ingress' ? ingressDst : [m.endpoint.namedPorts])
        check(checks[k] as Check, rules, k, hits, dst);
    }
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
}

export function lintShadowed(ctx: LintContext, applied: readonly CompiledClusterPolicy[]): void {
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
  for (const p of applied)
    for (const d of ['ingress', 'egress'] as const) shadowedIn(ctx, p, d, members, finding);
}
