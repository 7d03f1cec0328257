// Reachability view: per network, workloads the engine treats alike are one card, each group pair
// one edge (see engine/view/groups). Large networks fold namespaces into cards with counts; a
// person unfolds one (a container of its groups) and unfolds a group into its workloads.
import type { Edge, Node } from '@xyflow/react';
import type { Endpoint, Model } from '../../model/types';
import { DEFAULT_NETWORK, endpointLabel } from '../../model/types';
import { groupSet, unitEdges, type GroupEdge, type GroupSet } from '../../store/reach-groups';
import type { AnalysisResult } from '../../store/reach-groups';
import type { BundleData } from './bundle-edge';
import type { GroupCardData, NamespaceCardData } from './group-node';
import type { Lights } from './lights';
import { groupTitle, reachWords } from './unit-names';

/** Above this many workloads on a network, namespaces start folded. */
export const FOLD_ABOVE = 40;
/** Edges drawn without a hover or focus (the rest appear when a card is pointed at). */
const EDGE_CAP = 30;
/** With namespaces folded almost every pair of cards has traffic: only the heaviest bundles. */
const FOLDED_EDGE_CAP = 12;

export type ReachNode =
  Node<GroupCardData, 'reachgroup'> | Node<NamespaceCardData, 'namespace'> | Node<NamespaceCardData, 'nsbox'>;

export interface ReachSummary {
  readonly groups: number;
  readonly units: number;
  readonly shown: number;
  readonly edges: number;
  readonly pairs: number;
  readonly complete: boolean;
  readonly folded: boolean;
}

const nsOf = (label: string): string => (label.includes('/') ? label.split('/')[0] || '' : 'outside');

/** The groups of a network (namespaces kept apart when folded); their edges are read per layout. */
export function groupsFor(a: AnalysisResult, network: string, fold: boolean): GroupSet {
  return groupSet(a, network, fold ? { splitBy: nsOf } : {});
}

/**
 * Before the first analysis of a large design: one group per namespace, from the model alone, so
 * the folded picture is drawn at once (the engine's groups and reach words follow with its answer).
 */
export function pendingGroups(model: Model): GroupSet {
  const by = new Map<string, string[]>();
  let n = 0;
  for (const e of model.endpoints) {
    // the pod network's workloads and outside hosts: what its tab, the first, shows once analysed
    if (!e.attachments.some((a) => a.nad === DEFAULT_NETWORK)) continue;
    n++;
    const l = endpointLabel(e);
    const ns = nsOf(l);
    const list = by.get(ns);
    if (list) list.push(l);
    else by.set(ns, [l]);
  }
  const groups = [...by].map(([ns, members]) => ({ id: `g::${ns}`, members }));
  return { network: DEFAULT_NETWORK, groups, endpoints: n };
}

export interface Unit {
  readonly id: string;
  readonly kind: 'ns' | 'group' | 'member';
  readonly members: string[];
  readonly ns: string;
  readonly group: string;
}

const CARD_W = 260;
const CARD_H = 150;
const NS_W = 230;
const NS_H = 110;
const GAP_X = 120;
const GAP_Y = 130;
const ROW_W = 1300;
/** Width over height of the card grid when many cards need more than ROW_W (a wide canvas). */
const ASPECT = 1.8;

export interface ReachInput {
  readonly model: Model;
  readonly groups: GroupSet;
  readonly fold: boolean;
  /** No analysis yet: namespace cards from the model alone, their reach words wait for the engine. */
  readonly pending?: boolean;
  readonly expanded: ReadonlySet<string>;
  readonly lit: string | undefined;
  readonly focus: string | undefined;
  readonly showDenied: boolean;
}

/** The picture without what the pointer lights up: cards, their layout, and the edges to choose from. */
export interface ReachLayout {
  readonly nodes: ReachNode[];
  readonly units: ReadonlyMap<string, Unit>;
  /** Every unit-to-unit bundle (the groups' edges rolled up to the cards drawn). */
  readonly all: readonly GroupEdge[];
  /** The bundles drawn without a pointer on a card (the heaviest, up to the cap). */
  readonly kept: ReadonlySet<GroupEdge>;
  /** Denied bundles are drawn too (Show denied, or a picture of a few cards). */
  readonly denyAll: boolean;
  readonly focusUnit: string | undefined;
  readonly groups: GroupSet;
  /** False when the network has too many groups to read every pair: edges touch unfolded ones only. */
  readonly complete: boolean;
  readonly fold: boolean;
}

export type ReachPicture = {
  nodes: ReachNode[];
  edges: Edge<BundleData>[];
  /** What is lit (the cards read their role from it: see lights.ts). */
  lights: Lights;
  summary: ReachSummary;
};

/**
 * Cards and their layout, with no card lit. A pointer resting on a card changes none of this, so
 * the canvas computes it once per set of groups and unfolds, and re-lights it per hover (at 5,000
 * workloads rebuilding it all was 0.1-0.5 s of a frozen page each time the pointer crossed a card).
 */
export function reachLayout(o: Omit<ReachInput, 'lit'>): ReachLayout {
  const r = o.groups;
  const byLabel = new Map<string, Endpoint>(o.model.endpoints.map((e) => [endpointLabel(e), e]));
  const units = new Map<string, Unit>();
  const unitOfLabel = new Map<string, string>();
  for (const g of r.groups) {
    for (const l of g.members) {
      const ns = nsOf(l);
      const id = o.fold && !o.expanded.has(`ns:${ns}`) ? `ns:${ns}` : o.expanded.has(g.id) ? `m:${l}` : g.id;
      const kind = id.startsWith('ns:') ? 'ns' : id.startsWith('m:') ? 'member' : 'group';
      const u = units.get(id) ?? { id, kind, members: [], ns, group: g.id };
      u.members.push(l);
      units.set(id, u);
      unitOfLabel.set(l, id);
    }
  }
  // on a network with too many groups for every pair, the edges of the unfolded namespaces' and
  // the focused workload's groups (each unit pair once, never an object per group pair)
  const focus = new Set<string>();
  if (o.focus) focus.add(o.focus);
  for (const g of r.groups) for (const l of g.members) if (o.expanded.has(`ns:${nsOf(l)}`)) focus.add(l);
  const { edges: all, complete } = unitEdges(r, (l) => unitOfLabel.get(l) as string, { focus });
  const size = (u: string): number => units.get(u)?.members.length ?? 1;
  const others = Math.max(0, r.endpoints - 1);
  const reach = new Map<string, { to: number; from: number }>();
  for (const e of all) {
    const f = reach.get(e.from) ?? { to: 0, from: 0 };
    f.to += e.allowedPairs / size(e.from);
    reach.set(e.from, f);
    const t = reach.get(e.to) ?? { to: 0, from: 0 };
    t.from += e.allowedPairs / size(e.to);
    reach.set(e.to, t);
  }
  // namespace cards: how many other cards they reach and are reached from
  const reachNs = new Map<string, { to: Set<string>; from: Set<string> }>();
  for (const e of all) {
    if (e.allowedPairs === 0 || e.from === e.to) continue;
    const f = reachNs.get(e.from) ?? { to: new Set<string>(), from: new Set<string>() };
    f.to.add(e.to);
    reachNs.set(e.from, f);
    const t = reachNs.get(e.to) ?? { to: new Set<string>(), from: new Set<string>() };
    t.from.add(e.from);
    reachNs.set(e.to, t);
  }
  const focusUnit = o.focus ? unitOfLabel.get(o.focus) : undefined;

  // order: folded namespaces and unfolded ones by name; groups by size, then title
  const titles = new Map<Unit, string>();
  for (const u of units.values()) titles.set(u, u.kind === 'ns' ? u.ns : groupTitle(u.members));
  const list = [...units.values()].sort(
    (x, y) =>
      x.ns.localeCompare(y.ns) ||
      y.members.length - x.members.length ||
      (titles.get(x) as string).localeCompare(titles.get(y) as string),
  );
  type Box = { box: string; ns: string; children: Unit[] };
  const top: (Unit | Box)[] = [];
  const boxes = new Map<string, Box>();
  for (const u of list) {
    if (o.fold && u.kind !== 'ns') {
      const box = boxes.get(u.ns);
      if (box) box.children.push(u);
      else {
        const b = { box: `ns:${u.ns}`, ns: u.ns, children: [u] };
        boxes.set(u.ns, b);
        top.push(b);
      }
    } else top.push(u);
  }
  // group sizes per namespace, once (per card it was groups x namespaces: seconds at 5,000)
  const groupSizes = new Map<string, number[]>();
  if (!o.pending)
    for (const g of r.groups) {
      const ns = nsOf(g.members[0] ?? '');
      const list = groupSizes.get(ns);
      if (list) list.push(g.members.length);
      else groupSizes.set(ns, [g.members.length]);
    }
  const nodes: ReachNode[] = [];
  const card = (u: Unit, x: number, y: number, parentId?: string): ReachNode => {
    const shown = u.members.slice(0, 6);
    const rc = reach.get(u.id) ?? { to: 0, from: 0 };
    const words = (k: number) => reachWords(Math.round(k), others);
    return {
      id: u.id,
      type: 'reachgroup',
      position: { x, y },
      ...(parentId ? { parentId } : {}),
      data: {
        unit: u.id,
        title: groupTitle(u.members),
        count: u.members.length,
        members: shown.map((l) => ({
          label: l,
          name: byLabel.get(l)?.name ?? l,
          kind: byLabel.get(l)?.kind ?? 'External',
        })),
        more: u.members.length - shown.length,
        namespaces: [...new Set(u.members.map((l) => byLabel.get(l)?.namespace ?? ''))]
          .filter(Boolean)
          .slice(0, 3),
        reaches: words(rc.to),
        from: words(rc.from),
        expandable: u.kind === 'member' || u.members.length > 1,
        expanded: u.kind === 'member',
        toggleId: u.group,
      },
    };
  };
  const nsData = (
    ns: string,
    unit: string,
    members: readonly string[],
    expanded: boolean,
  ): NamespaceCardData => {
    const kinds = new Map<string, number>();
    for (const l of members) {
      const k = byLabel.get(l)?.kind ?? 'External';
      kinds.set(k, (kinds.get(k) ?? 0) + 1);
    }
    const groups = [...(groupSizes.get(ns) ?? [])];
    return {
      unit,
      ns,
      count: members.length,
      kinds: [...kinds]
        .map(([k, n]) => `${n} ${k === 'External' ? 'external' : k === 'VM' ? 'VMs' : 'pods'}`)
        .join(', '),
      groups: groups.sort((a, b) => b - a),
      expanded,
      focusName: o.focus && nsOf(o.focus) === ns ? o.focus : undefined,
      reaches: reachNs.get(unit)?.to.size ?? 0,
      from: reachNs.get(unit)?.from.size ?? 0,
      pending: !!o.pending,
    };
  };
  // many cards: rows as wide as the screen's shape wants (a 4-wide column of 200 namespaces is unreadable)
  const cellW = (o.fold ? NS_W : CARD_W) + GAP_X;
  const cellH = (o.fold ? NS_H : CARD_H) + GAP_Y;
  const rowW = Math.max(ROW_W, Math.ceil(Math.sqrt((top.length * ASPECT * cellH) / cellW)) * cellW);
  let x = 0;
  let y = 0;
  let rowH = 0;
  for (const t of top) {
    let w: number;
    let h: number;
    if ('box' in t) {
      const cols = Math.min(3, Math.ceil(Math.sqrt(t.children.length)));
      const rows = Math.ceil(t.children.length / cols);
      w = cols * CARD_W + (cols - 1) * GAP_X + 40;
      h = 60 + rows * CARD_H + (rows - 1) * (GAP_Y - 30) + 40;
      if (x > 0 && x + w > rowW) {
        x = 0;
        y += rowH + GAP_Y;
        rowH = 0;
      }
      nodes.push({
        id: t.box,
        type: 'nsbox',
        position: { x, y },
        style: { width: w, height: h },
        data: nsData(
          t.ns,
          t.box,
          t.children.flatMap((c) => c.members),
          true,
        ),
      });
      t.children.forEach((c, k) =>
        nodes.push(
          card(
            c,
            20 + (k % cols) * (CARD_W + GAP_X),
            90 + Math.floor(k / cols) * (CARD_H + GAP_Y - 30),
            t.box,
          ),
        ),
      );
    } else {
      w = t.kind === 'ns' ? NS_W : CARD_W;
      h = t.kind === 'ns' ? NS_H : CARD_H;
      if (x > 0 && x + w > rowW) {
        x = 0;
        y += rowH + GAP_Y;
        rowH = 0;
      }
      nodes.push(
        t.kind === 'ns'
          ? { id: t.id, type: 'namespace', position: { x, y }, data: nsData(t.ns, t.id, t.members, false) }
          : card(t, x, y),
      );
    }
    x += w + GAP_X;
    rowH = Math.max(rowH, h);
  }

  // edges: every allowed bundle while few; denied with Show denied or when the picture is small
  const allowed = all.filter((e) => e.state !== 'none');
  const cap = o.fold ? FOLDED_EDGE_CAP : EDGE_CAP;
  const ranked =
    allowed.length > cap ? [...allowed].sort((p, q) => q.allowedPairs - p.allowedPairs) : allowed;
  const kept = new Set(ranked.slice(0, cap));
  const denyAll = o.showDenied || units.size <= 6;
  return { nodes, units, all, kept, denyAll, focusUnit, groups: r, complete, fold: o.fold };
}
