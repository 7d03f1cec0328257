import type { ReactFlowInstance, Edge, Node } from '@xyflow/react';

/** Above this many nodes the DOM is not measured: React Flow's own node fit is used. */
const MEASURE_UP_TO = 600;
/** Screen pixels the canvas bar covers at the top when it cannot be measured. */
const TOP_BAR = 90;
/** Screen pixels the legend covers at the bottom when it cannot be measured. */
const LEGEND = 60;
/** Fitting never zooms a small design past this (two nodes would be drawn huge). */
const MAX_FIT_ZOOM = 1.25;
/** Screen pixels left free around the picture. */
const MARGIN = 12;

/** How far the overlays (canvas bar and summary at the top, legend and minimap at the bottom) reach in. */
function overlays(root: HTMLElement, box: DOMRect): { top: number; bottom: number } {
  let top = 0;
  let bottom = 0;
  root.querySelectorAll('.canvas-bar, .reach-summary, .stale-banner').forEach((el) => {
    top = Math.max(top, el.getBoundingClientRect().bottom - box.top);
  });
  root.querySelectorAll('.canvas-legend, .react-flow__minimap').forEach((el) => {
    bottom = Math.max(bottom, box.bottom - el.getBoundingClientRect().top);
  });
  const fits = top + bottom < box.height * 0.6;
  return fits ? { top: top || TOP_BAR, bottom: bottom || LEGEND } : { top: TOP_BAR, bottom: LEGEND };
}

/**
 * Fit the view to everything drawn: nodes, edge paths (arcs rise above the nodes) and edge labels
 * (chips sit off the line), measured in the DOM and turned into flow coordinates, into the part of
 * the canvas the bar, the legend and the minimap leave free (measured too: at 1024x768 they take
 * half the height, and a fixed allowance drew the blog's six VMs at 40% behind the legend).
 * React Flow's fitView looks at nodes only and clipped arcs and their labels.
 */
export function fitAll(rf: ReactFlowInstance<Node, Edge>, root: HTMLElement | null, duration = 0): void {
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
  const { top, bottom } = overlays(root, box);
  const w = Math.max(1, box.width - 2 * MARGIN);
  const h = Math.max(1, box.height - top - bottom - 2 * MARGIN);
  const z = Math.max(0.05, Math.min(MAX_FIT_ZOOM, w / Math.max(1, b.x - a.x), h / Math.max(1, b.y - a.y)));
  void rf.setViewport(
    {
      x: MARGIN + (w - (b.x - a.x) * z) / 2 - a.x * z,
      y: top + MARGIN + (h - (b.y - a.y) * z) / 2 - a.y * z,
      zoom: z,
    },
    { duration },
  );
}
