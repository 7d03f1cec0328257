import { diagnosticAt } from '../../model/report';
import { DEFAULT_NETWORK, type Endpoint, type NamedPort } from '../../model/types';
import type { AdminRule, CompiledClusterPolicy } from '../admin/compile';
import { clusterSelects } from '../admin/select';
import type { CompiledPeer, Direction } from '../compile';
import * as conn from '../conn';
import type { EvalContext } from '../evaluate';
import type { Member } from '../networks';
import { subtract } from '../ports';
import { isEmptySelector } from '../selectors';
import type { LintContext } from './context';
import {
  addressedSlots,
  groupHitsOf,
  groupHitter,
  portsKey,
  runOf,
  type GroupHits,
  type HitIds,
  type MemberClass,
  type Run,
} from './admin-shadow-groups';

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
  subjects: readonly number[],
  table: ShadowTable,
  report: Finding,
): void {
  const rules = d === 'ingress' ? p.ingressRules : p.egressRules;
  if (rules.length < 2) return;
  const ectx: EvalContext = { networkId: DEFAULT_NETWORK, namespaceLabels: ctx.compiled.namespaceLabels };
  // ingress: named ports resolve on the subjects (one check per distinct list); egress: on the peer
  const subjectPorts = new Map<string, readonly NamedPort[]>();
  if (d === 'ingress') {
    // a label group is a subject as a whole; anything else is asked directly
    const met = new Uint8Array(run.portsKeys.length);
    // (indexed loops here and below: a for-of step allocates while the code is not yet optimised)
    for (let i = 0; i < subjects.length; i++) {
      const cs = run.byGroup[subjects[i] as number];
      if (cs)
        for (let j = 0; j < cs.length; j++) {
          const c = cs[j] as MemberClass;
          if (!met[c.portsId]) {
            met[c.portsId] = 1;
            subjectPorts.set(c.portsKey, c.ports);
          }
        }
    }
    for (const m of run.loose)
      if (clusterSelects(p, m.endpoint, ectx.namespaceLabels))
        subjectPorts.set(portsKey(m.endpoint.namedPorts), m.endpoint.namedPorts);
  }
  const ingressDst = subjectPorts.size ? [...subjectPorts.values()] : [[]];
  // selector peers match by label group: namespace side once per namespace, pods once per label set
  const ids: HitIds = { next: 0 };
  const none = groupHitsOf(
    rules.map(() => false),
    ids,
  );
  const hitter = groupHitter(ctx, run, rules, none, ids);
  const groupHits = hitter.of;
  // ipBlock peers by address: the rules matching each such member, as bits (up to 31 rules) or a key ('0,2')
  // (by the members' slots in the run, in the order first hit)
  const anyIp = rules.some((r) => r.peers.some((x) => x.kind === 'ipBlock'));
  const moreBits = anyIp && rules.length <= 31 ? new Int32Array(run.members.length) : undefined;
  const moreKeys = !anyIp || moreBits ? undefined : new Array<string | undefined>(run.members.length);
  const hitSlots: number[] = [];
  rules.forEach((r, k) => {
    for (const x of r.peers) {
      if (x.kind !== 'ipBlock') continue;
      const slots = addressedSlots(ctx, run, x, ectx);
      for (let i = 0; i < slots.length; i++) {
        const slot = slots[i] as number;
        if (moreBits) {
          if (moreBits[slot] === 0) hitSlots.push(slot);
          moreBits[slot] = (moreBits[slot] as number) | (1 << k);
        } else if (moreKeys) {
          const l = moreKeys[slot];
          if (l === undefined) {
            hitSlots.push(slot);
            moreKeys[slot] = `${k}`;
          } else if (!l.endsWith(`,${k}`) && l !== `${k}`) moreKeys[slot] = `${l},${k}`;
        }
      }
    }
  });
  const inMore = (more: number | string, k: number) =>
    typeof more === 'number' ? ((more >> k) & 1) === 1 : more.split(',').map(Number).includes(k);
  // distinct patterns by hits object (its id), then by named ports (egress: the destination's; -1: none)
  const found: (Map<number, readonly NamedPort[]> | undefined)[] = [];
  const foundHits: GroupHits[] = [];
  // (the last pattern and ports added are skipped before any lookup: classes in a row repeat them)
  let lastH: GroupHits | undefined;
  let lastPorts = -2;
  const add = (h: GroupHits, portsId: number, namedPorts: readonly NamedPort[]) => {
    if (!h.later) return;
    const ports = d === 'egress' ? portsId : -1;
    if (h === lastH && ports === lastPorts) return;
    lastH = h;
    lastPorts = ports;
    let byPorts = found[h.id];
    if (!byPorts) {
      found[h.id] = byPorts = new Map();
      foundHits.push(h);
    }
    if (!byPorts.has(ports)) byPorts.set(ports, namedPorts);
  };
  // members an ipBlock peer matches one by one, then each class as a whole if some member is left
  const taken = new Int32Array(run.classes.length);
  const widened = new Map<GroupHits, Map<number | string, GroupHits>>();
  // a class with the same rules is the same pattern: counted, not checked again
  const done = new Set<number | string>();
  const firstMore = new Int32Array(hitSlots.length ? run.classes.length : 0).fill(-1);
  for (let i = 0; i < hitSlots.length; i++) {
    const slot = hitSlots[i] as number;
    const m = run.members[slot] as Member;
    const more = moreBits ? (moreBits[slot] as number) : ((moreKeys as string[])[slot] as string);
    const c = run.classAt[slot];
    if (c) {
      taken[c.index] = (taken[c.index] as number) + 1;
      // a class's members are mostly hit by the same rules: the first such set is kept per class
      // (no set lookup for them: a /0 hits every member, for each policy and direction)
      const f = typeof more === 'number' ? (firstMore[c.index] as number) : -2;
      if (f === more) continue;
      if (f === -1) firstMore[c.index] = more as number;
      else {
        const once = typeof more === 'number' ? c.index * 2147483648 + more : `${c.index}|${more}`;
        if (done.has(once)) continue;
        done.add(once);
      }
    }
    const h = c ? groupHits(c.group) : none;
    let byMore = widened.get(h);
    if (!byMore) widened.set(h, (byMore = new Map()));
    let w = byMore.get(more);
    if (!w)
      byMore.set(
        more,
        (w = groupHitsOf(
          h.hits.map((x, k) => x || inMore(more, k)),
          ids,
        )),
      );
    add(w, c ? c.portsId : run.portsId(portsKey(m.endpoint.namedPorts)), m.endpoint.namedPorts);
  }
  // classes no selector hits have no pattern (unless an ipBlock hit them, above)
  const touched = hitter.touched;
  for (let i = 0; i < touched.length; i++) {
    const g = touched[i] as number;
    const h = hitter.at[g] as GroupHits;
    // ingress: a pattern is its hits alone, found once
    if (!h.later || (d === 'ingress' && found[h.id])) continue;
    const cs = run.byGroup[g];
    if (cs)
      for (let j = 0; j < cs.length; j++) {
        const c = cs[j] as MemberClass;
        if ((taken[c.index] as number) < c.size) add(h, c.portsId, c.ports);
      }
  }
  // equal hits from different signatures are one pattern
  const seen = new Map<string, Map<string, { hits: readonly boolean[]; ports: readonly NamedPort[] }>>();
  for (const h of foundHits) {
    let into = seen.get(h.bits);
    if (!into) seen.set(h.bits, (into = new Map()));
    for (const [id, namedPorts] of found[h.id] as Map<number, readonly NamedPort[]>) {
      const ports = id < 0 ? '' : (run.portsKeys[id] as string);
      if (!into.has(ports)) into.set(ports, { hits: h.hits, ports: namedPorts });
    }
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
  for (const p of applied) {
    const subjects = ctx.index.groupIndices(sel.get(p) ?? []);
    for (const d of ['ingress', 'egress'] as const)
      shadowedIn(ctx, p, d, run, subjects, tables.of(ctx.index.nsKey, p, d), finding);
  }
}
