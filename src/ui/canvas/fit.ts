import type { ReactFlowInstance, Edge, Node } from '@xyflow/react';

/** Above this many nodes the DOM is not measured: React Flow's own node fit is used. */
const MEASURE_UP_TO = 600;
/** Screen pixels the canvas bar covers at the top when it cannot be measured. */
const TOP_BAR = 90;
/** Screen pixels the legend covers at the bottom when it cannot be measured. */
const LEGEND = 60;
/** Fitting never zooms a small design past this (two nodes would be drawn huge). */
const MAX_FIT_ZOOM = 1.25;
/** Flow units above an arc's highest point its chip (label) and arrow head can reach. */
const ARC_CHIP = 12;
/** Screen pixels left free around the picture. */
const MARGIN = 12;

/** How far the overlays reach in: strips across the top and bottom, and a top-right corner. */
export interface Overlays {
  /** The canvas bar and summary at the top, the legend and minimap at the bottom. */
  readonly top: number;
  readonly bottom: number;
  /** "Draw connection" under the bar at the right: how far down and how far in from the right. */
  readonly corner?: { readonly bottom: number; readonly width: number };
}

function overlays(root: HTMLElement, box: DOMRect): Overlays {
  let top = 0;
  let bottom = 0;
  root.querySelectorAll('.canvas-bar, .reach-summary, .stale-banner').forEach((el) => {
    top = Math.max(top, el.getBoundingClientRect().bottom - box.top);
  });
  root.querySelectorAll('.canvas-legend, .react-flow__minimap').forEach((el) => {
    bottom = Math.max(bottom, box.bottom - el.getBoundingClientRect().top);
  });
  const fits = top + bottom < box.height * 0.6;
  const strips = fits ? { top: top || TOP_BAR, bottom: bottom || LEGEND } : { top: TOP_BAR, bottom: LEGEND };
  const button = root.querySelector('.connect-toggle')?.getBoundingClientRect();
  return button && button.width > 0
    ? { ...strips, corner: { bottom: button.bottom - box.top, width: box.right - button.left } }
    : strips;
}

/** A viewport: offset (screen pixels) and zoom. */
export interface Placement {
  readonly x: number;
  readonly y: number;
  readonly zoom: number;
}

/**
 * The viewport that shows a picture of `size` (flow units, top-left corner at `at`) as large as
 * it fits in a `width` x `height` canvas clear of the overlays. The corner is kept clear by a
 * strip across the top down to its bottom or by a strip down the right as wide as it, whichever
 * leaves the larger zoom (a wide topology gives up a little height, a tall picture some width).
 */
export function placement(
  at: { readonly x: number; readonly y: number },
  size: { readonly width: number; readonly height: number },
  width: number,
  height: number,
  o: Overlays,
): Placement {
  const frames = o.corner
    ? [
        { top: Math.max(o.top, o.corner.bottom), right: 0 },
        { top: o.top, right: o.corner.width },
      ]
    : [{ top: o.top, right: 0 }];
  const fitted = frames.map((f) => {
    const w = Math.max(1, width - f.right - 2 * MARGIN);
    const h = Math.max(1, height - f.top - o.bottom - 2 * MARGIN);
    const zoom = Math.max(
      0.05,
      Math.min(MAX_FIT_ZOOM, w / Math.max(1, size.width), h / Math.max(1, size.height)),
    );
    return {
      x: MARGIN + (w - size.width * zoom) / 2 - at.x * zoom,
      y: f.top + MARGIN + (h - size.height * zoom) / 2 - at.y * zoom,
      zoom,
    };
  });
  return fitted.reduce((p, q) => (q.zoom > p.zoom ? q : p));
}

/** A workload card's box in flow units. */
export interface Card {
  readonly x: number;
  readonly y: number;
  readonly width: number;
}

/**
 * How high (flow y) the topology's arcs can rise above `cards`: they appear for the workload
 * the pointer rests on or that is selected, after the fit, and must not run under the canvas
 * bar or "Draw connection". An arc from one top anchor to another (35% and 65% of a card's
 * width: workload-node.tsx) lifts min(40 + 0.3 |dx|, 260) + 0.2 |dy| (arc-edge.tsx), and its
 * highest point and its chip are three quarters of that above the higher end; the widest and
 * tallest pair bounds them all. Undefined without two cards (no arc).
 */
export function arcTop(cards: readonly Card[]): number | undefined {
  if (cards.length < 2) return undefined;
  let left = Infinity;
  let right = -Infinity;
  let top = Infinity;
  let low = -Infinity;
  for (const c of cards) {
    left = Math.min(left, c.x + 0.35 * c.width);
    right = Math.max(right, c.x + 0.65 * c.width);
    top = Math.min(top, c.y);
    low = Math.max(low, c.y);
  }
  const lift = Math.min(40 + 0.3 * (right - left), 260) + 0.2 * (low - top);
  return top - 0.75 * lift - ARC_CHIP;
}

/**
 * The cards of each network (an arc joins two workloads of one network): read from the lines
 * that drop from each card to its networks; all cards as one when a card has none drawn (a
 * large design draws them for the selection only).
 */
export function byNetwork(cards: ReadonlyMap<string, Card>, edges: readonly Edge[]): Card[][] {
  const groups = new Map<string, Card[]>();
  const dropped = new Set<string>();
  for (const e of edges) {
    const card = e.type === 'drop' ? cards.get(e.source) : undefined;
    if (!card) continue;
    dropped.add(e.source);
    const group = groups.get(e.target);
    if (group) group.push(card);
    else groups.set(e.target, [card]);
  }
  return dropped.size === cards.size ? [...groups.values()] : [[...cards.values()]];
}

/**
 * Fit the view to everything drawn: nodes, edge paths (arcs rise above the nodes) and edge labels
 * (chips sit off the line), measured in the DOM and turned into flow coordinates, into the part of
 * the canvas the bar, the legend, the minimap and "Draw connection" leave free (measured too: at
 * 1024x768 they take half the height, and a fixed allowance drew the blog's six VMs at 40% behind
 * the legend). `arcs` (the topology): also the room the arcs of any one workload would take.
 * React Flow's fitView looks at nodes only and clipped arcs and their labels.
 */
export function fitAll(
  rf: ReactFlowInstance<Node, Edge>,
  root: HTMLElement | null,
  o: { readonly duration?: number; readonly arcs?: boolean } = {},
): void {
  const duration = o.duration ?? 0;
  const pane = root?.querySelector('.react-flow') as HTMLElement | null;
  if (!root || !pane || rf.getNodes().length > MEASURE_UP_TO) {
    void rf.fitView({ padding: 0.12, duration });
    return;
  }
  const els = pane.querySelectorAll(
    '.react-flow__node, .react-flow__edge-path, .react-flow__edge-textwrapper, .edge-chip',
  );
  if (els.length === 0) return;
  const box = pane.getBoundingClientRect();
  const { x: vx, y: vy, zoom } = rf.getViewport();
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  els.forEach((el) => {
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) return;
    x0 = Math.min(x0, r.left);
    y0 = Math.min(y0, r.top);
    x1 = Math.max(x1, r.right);
    y1 = Math.max(y1, r.bottom);
  });
  if (!Number.isFinite(x0)) return;
  const toFlow = (sx: number, sy: number) => ({
    x: (sx - box.left - vx) / zoom,
    y: (sy - box.top - vy) / zoom,
  });
  const a = toFlow(x0, y0);
  const b = toFlow(x1, y1);
  // the topology: room above for the arcs a hover or a selection draws later
  if (o.arcs) {
    const cards = new Map<string, Card>();
    pane.querySelectorAll<HTMLElement>('.react-flow__node-workload').forEach((el) => {
      const r = el.getBoundingClientRect();
      const at = toFlow(r.left, r.top);
      cards.set(el.dataset.id ?? '', { x: at.x, y: at.y, width: r.width / zoom });
    });
    for (const group of byNetwork(cards, rf.getEdges())) a.y = Math.min(a.y, arcTop(group) ?? a.y);
  }
  const to = placement(
    a,
    { width: b.x - a.x, height: b.y - a.y },
    box.width,
    box.height,
    overlays(root, box),
  );
  void rf.setViewport(to, { duration });
}
