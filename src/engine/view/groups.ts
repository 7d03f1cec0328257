// Reachability groups for the canvas, from the engine's verdicts (shared/ui/README "Grouping rule").
// Per network, two workloads share a group when the engine treats them alike: on networks listed
// pair by pair, identical rows and columns of the matrix (the two cells between them compared with
// each other); on compact networks, equal factor-table signatures (the engine's own equivalence).
// Every group pair then has exactly one value, drawn as one edge.
import type { AnalysisResult } from '../analyze';
import { equalConns, formatConns, isAllConns, isEmptyConns, unionConns, type ConnSet } from '../conn';
import { nsClassOf, selClassOf } from '../classes/compact';
import { networkCells, type NetworkCells } from './pairs';

export type GroupCell = 'all' | 'some' | 'none';

export interface ReachGroup {
  readonly id: string;
  /** Endpoint labels (ns/name, or an external's name), sorted. */
  readonly members: readonly string[];
}

export interface GroupEdge {
  readonly from: string;
  readonly to: string;
  readonly state: GroupCell;
  readonly conns: ConnSet;
  readonly text: string;
  /** Ordered pairs the edge stands for, and how many of them are allowed. */
  readonly pairs: number;
  readonly allowedPairs: number;
  /** One pair of the edge (for Why: every pair of a group edge has the same answer). */
  readonly sample: { readonly from: string; readonly to: string };
}

export interface ReachGroups extends GroupSet {
  readonly edges: readonly GroupEdge[];
  /** False when the network is too large to scan every group pair: edges touch `focus` only. */
  readonly complete: boolean;
}

export interface GroupOptions {
  /** Never put two members with different keys in one group (namespaces, for folding). */
  readonly splitBy?: (label: string) => string;
  /** On networks too large for every group pair: the labels whose group edges are wanted. */
  readonly focus?: ReadonlySet<string>;
  /** Group pairs scanned at most (tests; default GROUP_PAIR_BUDGET). */
  readonly budget?: number;
}

/** Group pairs scanned at most (about 100 ms on the main thread). */
export const GROUP_PAIR_BUDGET = 250_000;

export const cellOf = (c: ConnSet): GroupCell => (isAllConns(c) ? 'all' : isEmptyConns(c) ? 'none' : 'some');

function matrixGroups(find: (i: number, j: number) => number, n: number): number[][] {
  const groups: number[][] = [];
  for (let i = 0; i < n; i++) {
    const home = groups.find((g) => {
      const r = g[0] as number;
      if (find(i, r) !== find(r, i)) return false;
      if (g.length > 1 && find(i, r) !== find(g[1] as number, r)) return false;
      for (let k = 0; k < n; k++) {
        if (k === i || k === r) continue;
        if (find(i, k) !== find(r, k) || find(k, i) !== find(k, r)) return false;
      }
      return true;
    });
    if (home) home.push(i);
    else groups.push([i]);
  }
  return groups;
}

/** Signatures from the factor tables; per-factor peer classes when that stays small. */
function signatures(c: NonNullable<NetworkCells['compact']>): string[] {
  const { net, index } = c;
  const t = net.tables;
  const fine = index.length * t.factors.length <= 2_000_000;
  const sels = fine
    ? t.factors.map((f) => {
        const m = new Map<number, number>();
        for (let k = 0; k < f.sel.length; k += 2) m.set(f.sel[k] as number, f.sel[k + 1] as number);
        return m;
      })
    : [];
  return index.map((i) => {
    const m = net.members[i];
    const head = `${m?.external ? 'x' : 'w'}|${m?.nad ?? ''}|${t.egressOf[i]}|${t.ingressOf[i]}`;
    if (!fine) return `${head}|${t.groupOf[i]}|${t.slotOf[i]}|${t.atomOf[i]}|${t.npOf[i]}`;
    const parts: number[] = [];
    t.factors.forEach((f, k) =>
      parts.push(
        f.ip[t.atomOf[i] as number] ?? 0,
        nsClassOf(f, t, i),
        sels[k] ? selClassOf(f, sels[k], t, i) : 0,
        f.usesNamed ? (t.npOf[i] ?? 0) : 0,
      ),
    );
    return `${head}|${parts.join(',')}`;
  });
}

/** Each part split by `key` (first appearance order, members in their order): also the CLI's grouping. */
export function split(parts: readonly (readonly number[])[], key: (i: number) => string): number[][] {
  return parts.flatMap((g) => {
    const by = new Map<string, number[]>();
    for (const i of g) {
      const k = key(i);
      const list = by.get(k);
      if (list) list.push(i);
      else by.set(k, [i]);
    }
    return [...by.values()];
  });
}

/** The groups of one network, and how to read the verdict of a pair of their members. */
export interface GroupSet {
  readonly network: string;
  readonly groups: readonly ReachGroup[];
  readonly endpoints: number;
  /** The groups' members as label indices, and pair cells between them (absent: not analysed yet). */
  readonly pairs?: GroupPairs;
}

export interface GroupPairs {
  readonly parts: readonly (readonly number[])[];
  readonly labels: readonly string[];
  /** Cell id of labels[i] → labels[j] (-1: no such pair); equal ids, equal connections. */
  cell(i: number, j: number): number;
  conns(id: number): ConnSet;
}

/** The groups of one network (no edges: see `reachGroups` and `unitEdges`). */
export function groupSet(
  a: AnalysisResult,
  network: string,
  o: Pick<GroupOptions, 'splitBy'> = {},
): GroupSet {
  const cells = networkCells(a, network);
  const { labels } = cells;
  let parts: number[][];
  if (cells.compact) {
    const sigs = signatures(cells.compact);
    parts = split([labels.map((_, i) => i)], (i) => sigs[i] as string);
  } else parts = matrixGroups(cells.cell, labels.length);
  if (o.splitBy) {
    const by = o.splitBy;
    parts = split(parts, (i) => by(labels[i] as string));
  }
  const groups: ReachGroup[] = parts.map((g) => {
    const members = g.map((i) => labels[i] as string);
    return { id: `g:${network}:${members[0] ?? ''}`, members };
  });
  const pairs: GroupPairs = { parts, labels, cell: cells.cell, conns: (id) => cells.conns[id] as ConnSet };
  return { network, groups, endpoints: labels.length, pairs };
}

/**
 * The group pairs whose edges are read: every one while the groups are few enough (`complete`),
 * else only pairs with a focused group on one side. `visit(si, di, from, to)` gets each pair's
 * groups and the two members its cell is read from (self-pairs of one-member groups skipped).
 */
function eachGroupPair(
  p: GroupPairs,
  o: Pick<GroupOptions, 'focus' | 'budget'>,
  visit: (si: number, di: number, f: number, t: number) => void,
): boolean {
  const { parts, labels } = p;
  const complete = parts.length * parts.length <= (o.budget ?? GROUP_PAIR_BUDGET);
  // decided once per group: the pair loop visits every group pair (up to the budget) or, on a
  // network too large for that, only pairs with a focused group on one side
  const want = parts.map((g) => complete || g.some((i) => o.focus?.has(labels[i] as string) ?? false));
  const all = parts.map((_, k) => k);
  const focused = all.filter((k) => want[k]);
  parts.forEach((s, si) => {
    for (const di of want[si] ? all : focused) {
      const d = parts[di] as readonly number[];
      const self = si === di;
      if (self && s.length < 2) continue;
      visit(si, di, s[0] as number, (self ? s[1] : d[0]) as number);
    }
  });
  return complete;
}

/** The groups of one network and one edge per ordered group pair (self-loops included). */
export function reachGroups(a: AnalysisResult, network: string, o: GroupOptions = {}): ReachGroups {
  const set = groupSet(a, network, o);
  const p = set.pairs as GroupPairs;
  const { parts, labels } = p;
  const groups = set.groups;
  const edges: GroupEdge[] = [];
  const texts: string[] = [];
  const complete = eachGroupPair(p, o, (si, di, f, t) => {
    const id = p.cell(f, t);
    if (id < 0) return;
    const conns = p.conns(id);
    const s = parts[si] as readonly number[];
    const pairs = si === di ? s.length * (s.length - 1) : s.length * (parts[di] as readonly number[]).length;
    const state = cellOf(conns);
    edges.push({
      from: (groups[si] as ReachGroup).id,
      to: (groups[di] as ReachGroup).id,
      state,
      conns,
      text: (texts[id] ??= formatConns(conns)),
      pairs,
      allowedPairs: state === 'none' ? 0 : pairs,
      sample: { from: labels[f] as string, to: labels[t] as string },
    });
  });
  return { ...set, edges, complete };
}

/**
 * Edges between units (a folded namespace, a group, or one member of an expanded group): the
 * union of the ports of the group edges they stand for, and how many of their pairs are allowed.
 */
export function rollUp(r: ReachGroups, unitOf: (label: string, g: ReachGroup) => string): GroupEdge[] {
  const unitsOf = new Map<string, Map<string, number>>();
  for (const g of r.groups) {
    const m = new Map<string, number>();
    for (const l of g.members) {
      const u = unitOf(l, g);
      m.set(u, (m.get(u) ?? 0) + 1);
    }
    unitsOf.set(g.id, m);
  }
  // accumulated in place, in first-seen order; a merged edge's text is formatted once at the end
  // (per merge it was most of an unfold's time at 5,000 workloads)
  type Acc = { -readonly [K in keyof GroupEdge]: GroupEdge[K] } & { merged: boolean };
  const order: Acc[] = [];
  // unions of the same two port sets repeat across unit pairs: each is made once, and one that
  // adds nothing is the set itself (so the next merge with it is an identity check)
  const unions = new Map<ConnSet, Map<ConnSet, ConnSet>>();
  const union = (x: ConnSet, y: ConnSet): ConnSet => {
    let m = unions.get(x);
    if (!m) unions.set(x, (m = new Map()));
    let u = m.get(y);
    if (!u) {
      u = unionConns(x, y);
      m.set(y, (u = equalConns(u, x) ? x : u));
    }
    return u;
  };
  const out = new Map<string, Map<string, Acc>>();
  for (const e of r.edges) {
    const self = e.from === e.to;
    const froms = unitsOf.get(e.from);
    const tos = unitsOf.get(e.to);
    if (!froms || !tos) continue;
    for (const [from, ca] of froms) {
      let row = out.get(from);
      if (!row) out.set(from, (row = new Map()));
      for (const [to, cb] of tos) {
        const pairs = self && from === to ? ca * (ca - 1) : ca * cb;
        if (pairs === 0) continue;
        const allowed = e.allowedPairs > 0 ? pairs : 0;
        const cur = row.get(to);
        if (!cur) {
          const acc: Acc = {
            from,
            to,
            state: e.state,
            conns: e.conns,
            text: e.text,
            pairs,
            allowedPairs: allowed,
            sample: e.sample,
            merged: false,
          };
          row.set(to, acc);
          order.push(acc);
          continue;
        }
        if (cur.conns !== e.conns) cur.conns = union(cur.conns, e.conns);
        cur.merged = true;
        if (!(cur.allowedPairs > 0 || allowed === 0)) cur.sample = e.sample;
        cur.pairs += pairs;
        cur.allowedPairs += allowed;
      }
    }
  }
  return order.map(({ merged, ...e }) =>
    merged ? { ...e, state: cellOf(e.conns), text: formatConns(e.conns) } : e,
  );
}

/**
 * The edges between units straight from the group pairs (`rollUp` of `reachGroups` with the same
 * focus and budget, without an object per group pair: at 10,000 workloads an unfolded namespace
 * meets ~775,000 of them). Edges in first-seen order, as `rollUp` gives them.
 */
export function unitEdges(
  set: GroupSet,
  unitOf: (label: string) => string,
  o: Pick<GroupOptions, 'focus' | 'budget'> = {},
): { edges: GroupEdge[]; complete: boolean } {
  const p = set.pairs;
  if (!p) return { edges: [], complete: false };
  const ids = new Map<string, number>();
  const names: string[] = [];
  // per group: its units (as numbers) and how many of its members each holds
  // (flat: unit, count, unit, count, ...)
  const unitsOf = set.groups.map((g) => {
    const m = new Map<number, number>();
    for (const l of g.members) {
      const u = unitOf(l);
      let k = ids.get(u);
      if (k === undefined) ids.set(u, (k = names.push(u) - 1));
      m.set(k, (m.get(k) ?? 0) + 1);
    }
    return Int32Array.from([...m].flat());
  });
  const span = names.length;
  type Acc = { -readonly [K in keyof GroupEdge]: GroupEdge[K] } & { merged: boolean };
  const order: Acc[] = [];
  const acc = new Map<number, Acc>();
  const unions = new Map<ConnSet, Map<ConnSet, ConnSet>>();
  const union = (x: ConnSet, y: ConnSet): ConnSet => {
    let m = unions.get(x);
    if (!m) unions.set(x, (m = new Map()));
    let u = m.get(y);
    if (!u) m.set(y, (u = equalConns((u = unionConns(x, y)), x) ? x : u));
    return u;
  };
  const texts: string[] = [];
  const complete = eachGroupPair(p, o, (si, di, f, t) => {
    const id = p.cell(f, t);
    if (id < 0) return;
    const conns = p.conns(id);
    const none = isEmptyConns(conns);
    const self = si === di;
    const us = unitsOf[si] as Int32Array;
    const ud = unitsOf[di] as Int32Array;
    // (the loops below run ~775,000 times for one unfolded namespace at 10,000: no allocation)
    for (let a = 0; a < us.length; a += 2)
      for (let b = 0; b < ud.length; b += 2) {
        const from = us[a] as number;
        const to = ud[b] as number;
        const ca = us[a + 1] as number;
        const pairs = self && from === to ? ca * (ca - 1) : ca * (ud[b + 1] as number);
        if (pairs === 0) continue;
        const allowed = none ? 0 : pairs;
        const key = from * span + to;
        const cur = acc.get(key);
        if (!cur) {
          const a: Acc = {
            from: names[from] as string,
            to: names[to] as string,
            state: cellOf(conns),
            conns,
            text: (texts[id] ??= formatConns(conns)),
            pairs,
            allowedPairs: allowed,
            sample: { from: p.labels[f] as string, to: p.labels[t] as string },
            merged: false,
          };
          acc.set(key, a);
          order.push(a);
          continue;
        }
        if (cur.conns !== conns) cur.conns = union(cur.conns, conns);
        cur.merged = true;
        if (!(cur.allowedPairs > 0 || allowed === 0))
          cur.sample = { from: p.labels[f] as string, to: p.labels[t] as string };
        cur.pairs += pairs;
        cur.allowedPairs += allowed;
      }
  });
  const edges = order.map(({ merged, ...e }) =>
    merged ? { ...e, state: cellOf(e.conns), text: formatConns(e.conns) } : e,
  );
  return { edges, complete };
}
