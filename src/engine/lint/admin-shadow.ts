import { diagnosticAt } from '../../model/report';
import { DEFAULT_NETWORK, type Endpoint, type NamedPort } from '../../model/types';
import type { AdminRule, CompiledClusterPolicy } from '../admin/compile';
import { clusterSelects } from '../admin/select';
import type { CompiledPeer, Direction } from '../compile';
import * as conn from '../conn';
import type { EvalContext } from '../evaluate';
import { subtract } from '../ports';
import { isEmptySelector } from '../selectors';
import type { LintContext } from './context';
import { kindsOf, portsKey, runOf, type Kinds, type Run } from './admin-shadow-groups';

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

/**
 * The last findings per policy and direction with what they were computed from (the distinct
 * hit patterns and named ports): equal inputs, equal findings. Kept while namespace labels are.
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
    if (!t) this.tables.set(p, (t = { ingress: {}, egress: {} }));
    return t[d];
  }
}

interface ShadowTable {
  last?: { readonly inputs: string; readonly found: readonly (readonly [string, string])[] };
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
  run: Run,
  kinds: Kinds,
  subjects: Uint8Array,
  table: ShadowTable,
  report: Finding,
): void {
  const rules = d === 'ingress' ? p.ingressRules : p.egressRules;
  if (rules.length < 2) return;
  // ingress: named ports resolve on the subjects (one check per distinct list); egress: on the peer
  const subjectPorts = new Map<string, readonly NamedPort[]>();
  if (d === 'ingress') {
    // the lists some member of a subject's label group has; members without one are asked directly
    for (let q = 0; q < run.portsKeys.length; q++) {
      const gs = run.groupsWithPorts[q] as Int32Array;
      for (let i = 0; i < gs.length; i++)
        if (subjects[gs[i] as number]) {
          subjectPorts.set(run.portsKeys[q] as string, run.portsLists[q] as readonly NamedPort[]);
          break;
        }
    }
    const namespaceLabels = ctx.compiled.namespaceLabels;
    for (const m of run.loose)
      if (clusterSelects(p, m.endpoint, namespaceLabels))
        subjectPorts.set(portsKey(m.endpoint.namedPorts), m.endpoint.namedPorts);
  }
  const ingressDst = subjectPorts.size ? [...subjectPorts.values()] : [[]];
  // per rule, the kinds its peers match; then each kind's hits, as bits (up to 31 rules) or '0110'
  const byRule = rules.map((r) => r.peers.map((x) => kinds.hits(x)).filter((h) => h !== undefined));
  const bitsOf = (k: number): number => {
    let b = 0;
    for (let j = 0; j < byRule.length; j++) {
      const hs = byRule[j] as Uint8Array[];
      for (let i = 0; i < hs.length; i++)
        if ((hs[i] as Uint8Array)[k]) {
          b |= 1 << j;
          break;
        }
    }
    return b;
  };
  const textOf = (k: number): string => {
    let t = '';
    for (let j = 0; j < byRule.length; j++) t += byRule[j]?.some((h) => h[k]) ? '1' : '0';
    return t;
  };
  const wide = rules.length > 31;
  // the distinct patterns: hits (with a rule after the first) and, for egress, the peer's named ports
  const seen = new Map<string, Map<string, { hits: readonly boolean[]; ports: readonly NamedPort[] }>>();
  const met = new Set<number | string>();
  for (let k = 0; k < kinds.count; k++) {
    const b = wide ? 0 : bitsOf(k);
    const t = wide ? textOf(k) : '';
    if (wide ? !t.slice(1).includes('1') : b <= 1) continue;
    const portsId = d === 'egress' ? (kinds.portsId[k] as number) : -1;
    const once = wide ? `${t}|${portsId}` : b * 65536 + portsId + 1;
    if (met.has(once)) continue;
    met.add(once);
    const hits = rules.map((_, j) => (wide ? t[j] === '1' : ((b >> j) & 1) === 1));
    const bits = wide ? t : hits.map((h) => (h ? '1' : '0')).join('');
    let into = seen.get(bits);
    if (!into) seen.set(bits, (into = new Map()));
    const ports = portsId < 0 ? '' : (run.portsKeys[portsId] as string);
    if (!into.has(ports)) into.set(ports, { hits, ports: kinds.ports[k] as readonly NamedPort[] });
  }
  // (plain loops: `.map().sort()` on these lists sent V8 into a deoptimisation loop, 69 times in a run)
  const distinct: { key: string; hits: readonly boolean[]; ports: readonly NamedPort[] }[] = [];
  const keys: string[] = [];
  for (const [bits, byPorts] of seen)
    for (const [ports, x] of byPorts) {
      const key = `${bits}${ports}`;
      distinct.push({ key, hits: x.hits, ports: x.ports });
      keys.push(key);
    }
  const portKeys: string[] = [];
  for (const k of subjectPorts.keys()) portKeys.push(k);
  // the findings follow from the distinct patterns (and, for ingress, the subjects' named ports)
  const inputs = `${keys.sort().join('\n')}\n\n${portKeys.sort().join('\n')}`;
  if (table.last?.inputs === inputs) {
    for (const [field, message] of table.last.found) report(p, field, message);
    return;
  }
  const results: [string, string][] = [];
  const finding: Finding = (_p, field, message) => results.push([field, message]);
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
  table.last = { inputs, found: results };
  for (const [field, message] of results) report(p, field, message);
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
  const run = runOf(ctx, members);
  // the peers of the rules that can shadow (a policy and direction with two rules or more)
  const lists: (readonly AdminRule[])[] = [];
  for (const p of applied) for (const l of [p.ingressRules, p.egressRules]) if (l.length > 1) lists.push(l);
  const ectx: EvalContext = { networkId: DEFAULT_NETWORK, namespaceLabels: ctx.compiled.namespaceLabels };
  const kinds = kindsOf(ctx, run, lists, ectx);
  for (const p of applied) {
    // (its label groups, as `subjects` found them: admin.ts)
    const subjects = ctx.index.groupMask(sel.get(p) ?? []);
    for (const d of ['ingress', 'egress'] as const)
      shadowedIn(ctx, p, d, run, kinds, subjects, tables.of(ctx.index.nsKey, p, d), finding);
  }
}
