import { endpointLabeler, type EndpointId } from '../model/ids';
import { DEFAULT_NETWORK, type Model } from '../model/types';
import { aclPair } from './acl/layer';
import { lockPair } from './udn/lock';
import { Analyzer, type Compiled } from './analyze';
import type { NetworkVerdicts } from './classes';
import { NO_CONNS, intersectConns, isEmptyConns, subtractConns, type ConnSet } from './conn';
import type { ConnectionChange } from './diff';
import { directionAllowed, type DirectionResult } from './evaluate';
import type { Member } from './networks';
import { eachCandidate, type Ends } from './diff-candidates';
import { SetNumbers } from './diff-sets';
import { SideRows, rowMatcher } from './diff-side';

interface Net {
  readonly v: NetworkVerdicts;
  readonly hasAcls: boolean;
  /** its direction rows, read when asked for; allowed sets numbered across both sides */
  readonly rows: SideRows;
  readonly allowed: Map<number, ConnSet>;
  /** members per endpoint id (several when it attaches through two NADs of one network) */
  readonly byId: Map<EndpointId, number[]>;
}
interface Side {
  readonly nets: Map<string, Net>;
  readonly subnets: Compiled['subnets'];
  readonly labels: Map<string, string>;
  readonly locked: Compiled['layout']['locked'];
}

/**
 * Changes sorted by network, from, to, then gained before lost (strings in code-unit order),
 * stably. Each string is ranked once, then indices are sorted by the ranks: a hundred thousand
 * changes sort without comparing a string per comparison.
 */
export const byPairOrder = (changes: ConnectionChange[]): ConnectionChange[] => {
  const names = new Set<string>();
  for (const c of changes) names.add(c.network).add(c.from).add(c.to);
  const rank = new Map<string, number>();
  for (const name of [...names].sort()) rank.set(name, rank.size);
  const n = changes.length;
  const net = new Int32Array(n);
  const from = new Int32Array(n);
  const to = new Int32Array(n);
  const lost = new Uint8Array(n);
  changes.forEach((c, i) => {
    net[i] = rank.get(c.network) as number;
    from[i] = rank.get(c.from) as number;
    to[i] = rank.get(c.to) as number;
    lost[i] = c.change === 'lost' ? 1 : 0;
  });
  const order = Uint32Array.from({ length: n }, (_, i) => i).sort(
    (i, j) =>
      (net[i] as number) - (net[j] as number) ||
      (from[i] as number) - (from[j] as number) ||
      (to[i] as number) - (to[j] as number) ||
      (lost[i] as number) - (lost[j] as number) ||
      i - j,
  );
  const sorted = Array.from(order, (i) => changes[i] as ConnectionChange);
  for (let i = 0; i < n; i++) changes[i] = sorted[i] as ConnectionChange;
  return changes;
};

/** How much of the direction rows a diff built (rows of tiers' parts included). */
export interface DiffStats {
  /** rows of both sides' members */
  rows: number;
  /** rows built to compare them whole */
  built: number;
  /** rows built because the pairs compared read them at many members (`SideRows.at`), when counted */
  builtForReads?: number;
  /** row pairs compared by cells (`Cells`), when counted */
  cells?: number;
}

/** How the rows are compared (for tests that pin the fast paths against the slow one). */
export interface DiffPaths {
  /** build and compare every row pair that differs in anything (no alike rows, no cells) */
  readonly everyRow?: boolean;
}

/**
 * The reachability diff of two models without listing every pair: each side's verdicts are
 * direction rows read from its class tables, and only the pairs whose egress or ingress result
 * can differ are compared (`eachCandidate`): the cost grows with the rows and the changes, not
 * with N x N. Pass one analyzer for both sides to analyse `after` incrementally: `before`'s
 * tables are taken before `after` is analysed, and its rows read from them afterwards.
 */
export function diffModels(
  before: Model,
  after: Model,
  analyzers: { before?: Analyzer; after?: Analyzer } = {},
  stats?: DiffStats,
  paths: DiffPaths = {},
): ConnectionChange[] {
  /** Direction results' allowed sets, numbered across both sides: equal numbers, equal sets. */
  const dirs = new SetNumbers();
  const dirSets = dirs.sets;
  const side = (model: Model, analyzer: Analyzer = new Analyzer()): Side => {
    const { compiled, classes } = analyzer.classes(model);
    const nets = new Map<string, Net>();
    const labelOf = endpointLabeler(model.endpoints);
    const labels = new Map(model.endpoints.map((e) => [e.id, labelOf(e)]));
    for (const { classes: v, hasAcls } of classes) {
      const byId = new Map<EndpointId, number[]>();
      v.members.forEach((m, i) => {
        const list = byId.get(m.endpoint.id);
        if (list) list.push(i);
        else byId.set(m.endpoint.id, [i]);
      });
      nets.set(v.network, { v, hasAcls, rows: new SideRows(v, dirs), allowed: new Map(), byId });
    }
    return { nets, subnets: compiled.subnets, labels, locked: compiled.layout.locked };
  };
  const b = side(before, analyzers.before);
  const shared = analyzers.before !== undefined && analyzers.before === analyzers.after;
  if (shared) for (const n of b.nets.values()) n.rows.seal();
  const a = side(after, analyzers.after);
  /** One object per distinct allowed set across both sides: unchanged pairs compare by identity. */
  const pairSets = new SetNumbers();
  const canonical = (c: ConnSet): ConnSet => pairSets.canonical(c);
  /** What member i may send member j on `n` (policies, and Subnet ACLs where there are any). */
  const allowedOf = (s: Side, n: Net, i: number, j: number): ConnSet => {
    const r = n.rows.rows;
    const e = r.value(r.egressRow[i] as number, j);
    const g = r.value(r.ingressRow[j] as number, i);
    const key = e * 2 ** 32 + g;
    let allowed = n.allowed.get(key);
    if (!allowed) {
      const results = n.rows.results;
      n.allowed.set(
        key,
        (allowed = canonical(
          intersectConns(
            directionAllowed(results[e] as DirectionResult),
            directionAllowed(results[g] as DirectionResult),
          ),
        )),
      );
    }
    if (!n.hasAcls) return allowed;
    const src = n.v.members[i] as Member;
    const dst = n.v.members[j] as Member;
    const acl = aclPair(s.subnets, n.v.network, src, dst);
    const afterAcl = acl ? canonical(intersectConns(allowed, acl.allowed)) : allowed;
    const lock =
      n.v.network === DEFAULT_NETWORK && s.locked
        ? lockPair(s.locked, src.endpoint, dst.endpoint)
        : undefined;
    return lock ? canonical(intersectConns(afterAcl, lock.allowed)) : afterAcl;
  };
  /** The pair from → to under network key `key` on one side, if it exists (R4.3, R4.5). */
  const pairOf = (
    s: Side,
    n: Net,
    key: string,
    froms: readonly number[] | undefined,
    tos: readonly number[] | undefined,
  ): ConnSet | undefined => {
    if (!froms || !tos) return undefined;
    for (const i of froms) {
      for (const j of tos) {
        const src = n.v.members[i] as Member;
        const dst = n.v.members[j] as Member;
        if (i === j || src.endpoint.id === dst.endpoint.id) continue;
        if (src.endpoint.kind === 'External' && dst.endpoint.kind === 'External') continue;
        if (n.v.network !== DEFAULT_NETWORK && src.nad !== key && dst.nad !== key) continue;
        return allowedOf(s, n, i, j);
      }
    }
    return undefined;
  };
  // network keys: `default`, or each NAD key of a logical network's members
  const keysOf = (s: Side) => {
    const out = new Map<string, string>(); // key → logical network
    for (const [netId, n] of s.nets)
      for (const m of n.v.members) out.set(netId === DEFAULT_NETWORK ? DEFAULT_NETWORK : m.nad, netId);
    return out;
  };
  const kb = keysOf(b);
  const ka = keysOf(a);
  const memo = new Map<ConnSet, Map<ConnSet, { gained: ConnSet; lost: ConnSet }>>();
  const out: ConnectionChange[] = [];
  /**
   * Per endpoint id, on one side: its member (-1 none, -2 several: the general path), and whether
   * it is external and on the key's NAD — so the common pair costs a few array reads.
   */
  const prepare = (n: Net | undefined, key: string, endpoints: readonly EndpointId[]): Ends => {
    const idx = new Int32Array(endpoints.length).fill(-1);
    const ext = new Uint8Array(endpoints.length);
    const onKey = new Uint8Array(endpoints.length);
    endpoints.forEach((l, k) => {
      const list = n?.byId.get(l);
      if (!n || !list) return;
      if (list.length > 1) {
        idx[k] = -2;
        return;
      }
      const m = n.v.members[list[0] as number] as Member;
      idx[k] = list[0] as number;
      ext[k] = m.endpoint.kind === 'External' ? 1 : 0;
      onKey[k] = n.v.network === DEFAULT_NETWORK || m.nad === key ? 1 : 0;
    });
    return { idx, ext, onKey, rows: n?.rows };
  };
  /**
   * A pair's two direction sets as one number (0: no such pair; -1: the general path, for Subnet
   * ACLs, locked UDN ends and endpoints with several members): typed-array reads only.
   */
  const codeOf = (n: Net | undefined, p: Ends, f: number, t: number): number => {
    if (!n) return 0;
    const i = p.idx[f] as number;
    const j = p.idx[t] as number;
    if (i === -1 || j === -1) return 0;
    if (i === -2 || j === -2 || n.hasAcls) return -1;
    // R4.5: f !== t are two endpoint ids, and an endpoint with one member: i === j only for f === t
    if (i === j) return 0;
    if (p.ext[f] && p.ext[t]) return 0; // R4.3
    if (!p.onKey[f] && !p.onKey[t]) return 0;
    const r = n.rows;
    return r.at(r.rows.egressRow[i] as number, j) * 2 ** 26 + r.at(r.rows.ingressRow[j] as number, i) + 1;
  };
  /** The pair under the general path (code -1): several members, Subnet ACLs, locked ends. */
  const general = (s: Side, n: Net, p: Ends, key: string, f: number, t: number, lists: Lists) => {
    if (p.idx[f] === -2 || p.idx[t] === -2) return pairOf(s, n, key, lists[f], lists[t]);
    return allowedOf(s, n, p.idx[f] as number, p.idx[t] as number);
  };
  const byCode = new Map<number, ConnSet>();
  const allowedOfCode = (c: number): ConnSet | undefined => {
    if (c === 0) return undefined;
    let x = byCode.get(c);
    if (!x) {
      const e = Math.floor((c - 1) / 2 ** 26);
      const g = (c - 1) % 2 ** 26;
      byCode.set(c, (x = canonical(intersectConns(dirSets[e] as ConnSet, dirSets[g] as ConnSet))));
    }
    return x;
  };
  type Lists = readonly (readonly number[] | undefined)[];
  let celled = 0;
  for (const key of new Set([...kb.keys(), ...ka.keys()])) {
    const nb = b.nets.get(kb.get(key) ?? '\u0000');
    const na = a.nets.get(ka.get(key) ?? '\u0000');
    const ids = [...new Set([...(nb?.byId.keys() ?? []), ...(na?.byId.keys() ?? [])])];
    const labels = ids.map((id) => a.labels.get(id) ?? b.labels.get(id) ?? id);
    const lb = ids.map((l) => nb?.byId.get(l));
    const la = ids.map((l) => na?.byId.get(l));
    const pb = prepare(nb, key, ids);
    const pa = prepare(na, key, ids);
    const compare = (f: number, t: number): void => {
      const xc = codeOf(nb, pb, f, t);
      const yc = codeOf(na, pa, f, t);
      if (xc === yc && xc !== -1) return; // same direction sets (or absent on both sides)
      const x = xc === -1 ? general(b, nb as Net, pb, key, f, t, lb) : allowedOfCode(xc);
      const y = yc === -1 ? general(a, na as Net, pa, key, f, t, la) : allowedOfCode(yc);
      if (x === y) return; // unchanged
      const xx = x ?? NO_CONNS;
      const yy = y ?? NO_CONNS;
      let byY = memo.get(xx);
      if (!byY) memo.set(xx, (byY = new Map()));
      let d = byY.get(yy);
      if (!d) byY.set(yy, (d = { gained: subtractConns(yy, xx), lost: subtractConns(xx, yy) }));
      const from = labels[f] as string;
      const to = labels[t] as string;
      const fromId = ids[f] as EndpointId;
      const toId = ids[t] as EndpointId;
      if (!isEmptyConns(d.gained))
        out.push({ from, to, fromId, toId, network: key, change: 'gained', conns: d.gained });
      if (!isEmptyConns(d.lost))
        out.push({ from, to, fromId, toId, network: key, change: 'lost', conns: d.lost });
    };
    // Subnet ACLs and locked UDN ends decide by address: every pair is compared
    if (nb?.hasAcls || na?.hasAcls) {
      for (let f = 0; f < ids.length; f++) for (let t = 0; t < ids.length; t++) if (f !== t) compare(f, t);
    } else if (nb && na && !paths.everyRow)
      celled += eachCandidate(pb, pa, ids.length, rowMatcher(nb.rows, na.rows), compare);
    else eachCandidate(pb, pa, ids.length, () => false, compare, !paths.everyRow);
  }
  // (never seen: the tables hold every class) a class BEFORE's tables lacked was asked for after
  // the shared analyzer moved on to AFTER: start again with an analyzer per side
  if ([...b.nets.values()].some((n) => n.rows.stale)) return diffModels(before, after, {}, stats, paths);
  if (stats) stats.cells = (stats.cells ?? 0) + celled;
  if (stats)
    for (const n of [...b.nets.values(), ...a.nets.values()]) {
      stats.rows += n.rows.rows.count;
      stats.built += n.rows.rows.builds - n.rows.builtForReads;
      stats.builtForReads = (stats.builtForReads ?? 0) + n.rows.builtForReads;
    }
  return byPairOrder(out);
}
