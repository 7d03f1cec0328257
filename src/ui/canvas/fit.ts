import type { ReactFlowInstance, Edge, Node } from '@xyflow/react';

/** Above this many nodes the DOM is not measured: React Flow's own node fit is used. */
const MEASURE_UP_TO = 600;
/** Screen pixels the canvas bar covers at the top. */
const TOP_BAR = 90;
/** Screen pixels the legend covers at the bottom left. */
const LEGEND = 60;

/**
 * Fit the view to everything drawn: nodes, edge paths (arcs rise above the nodes) and edge labels
 * (chips sit off the line), measured in the DOM and turned into flow coordinates. React Flow's
 * fitView looks at nodes only and clipped arcs and their labels.
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
  // keep the top clear of the canvas bar (tabs, find, summary: about 90 px on screen)
  // and the bottom clear of the legend
  const z = Math.min(
    box.width / Math.max(1, b.x - a.x),
    (box.height - TOP_BAR - LEGEND) / Math.max(1, b.y - a.y),
  );
  const top = TOP_BAR / Math.max(z, 0.05);
  const bottom = LEGEND / Math.max(z, 0.05);
  void rf.fitBounds(
    { x: a.x, y: a.y - top, width: b.x - a.x, height: b.y - a.y + top + bottom },
    { padding: 0.08, duration },
  );
}
