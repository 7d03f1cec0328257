import { memo } from 'react';
import { BaseEdge, EdgeLabelRenderer, useInternalNode, type Edge, type EdgeProps } from '@xyflow/react';
import { setEdgeProps } from './edge-props';

export interface BundleData extends Record<string, unknown> {
  readonly state: 'all' | 'some' | 'none';
  readonly chip: string;
  readonly title: string;
  /** "12 of 24": not every pair of the bundle is allowed (folded namespaces). */
  readonly coverage: string | undefined;
  readonly testId: string;
  readonly dim: boolean;
  readonly from?: string;
  readonly to?: string;
  readonly network?: string;
}

export type BundleEdgeType = Edge<BundleData, 'bundle'>;

interface Box {
  x: number;
  y: number;
  w: number;
  h: number;
}

function boxOf(n: ReturnType<typeof useInternalNode>): Box | undefined {
  if (!n) return undefined;
  const p = n.internals.positionAbsolute;
  const w = n.measured.width ?? 0;
  const h = n.measured.height ?? 0;
  return w && h ? { x: p.x, y: p.y, w, h } : undefined;
}

/** Where the line from the box's centre towards (tx, ty) leaves the box. */
function border(b: Box, tx: number, ty: number): { x: number; y: number } {
  const cx = b.x + b.w / 2;
  const cy = b.y + b.h / 2;
  const dx = tx - cx;
  const dy = ty - cy;
  if (dx === 0 && dy === 0) return { x: cx, y: cy };
  const s = Math.min(Math.abs(b.w / 2 / (dx || 1e-9)), Math.abs(b.h / 2 / (dy || 1e-9)));
  return { x: cx + dx * s, y: cy + dy * s };
}

/**
 * One edge per group pair, from border to border: A→B bends to one side and B→A to the other, so
 * the two directions never overlap; a pair within one group is a loop on top of the card. The
 * label is an HTML chip coloured like the matrix cell.
 */
function BundleEdgeView(p: EdgeProps<BundleEdgeType>) {
  const s = boxOf(useInternalNode(p.source));
  const t = boxOf(useInternalNode(p.target));
  const d = p.data;
  if (!s || !t || !d) return null;
  let path: string;
  let lx: number;
  let ly: number;
  if (p.source === p.target) {
    const cx = s.x + s.w / 2;
    const x0 = cx - 34;
    const x1 = cx + 34;
    const top = s.y - 70;
    path = `M ${x0},${s.y} C ${x0 - 10},${top} ${x1 + 10},${top} ${x1},${s.y}`;
    lx = cx;
    ly = s.y - 52;
  } else {
    const a = border(s, t.x + t.w / 2, t.y + t.h / 2);
    const b = border(t, s.x + s.w / 2, s.y + s.h / 2);
    const mx = (a.x + b.x) / 2;
    const my = (a.y + b.y) / 2;
    const len = Math.hypot(b.x - a.x, b.y - a.y) || 1;
    // bend to the left of the direction of travel: A→B and B→A take opposite sides
    const bend = Math.min(60, 18 + len * 0.12);
    const nx = -(b.y - a.y) / len;
    const ny = (b.x - a.x) / len;
    const cx = mx + nx * bend * 2;
    const cy = my + ny * bend * 2;
    path = `M ${a.x},${a.y} Q ${cx},${cy} ${b.x},${b.y}`;
    lx = mx + nx * bend;
    ly = my + ny * bend;
  }
  const color = d.state === 'none' ? '#c2341f' : '#1a7f37';
  return (
    <>
      <BaseEdge
        id={p.id}
        path={path}
        {...setEdgeProps(p, ['markerEnd', 'markerStart'])}
        style={{
          stroke: color,
          strokeWidth: p.selected ? 3 : 2,
          strokeDasharray: d.state === 'none' ? '6 4' : undefined,
          opacity: d.dim ? 0.18 : 1,
        }}
        interactionWidth={14}
      />
      <EdgeLabelRenderer>
        <div
          className={`edge-chip chip-${d.state}${d.dim ? ' dim' : ''}`}
          data-testid={d.testId}
          title={d.title}
          style={{ transform: `translate(-50%, -50%) translate(${lx}px, ${ly}px)` }}
        >
          {d.chip}
          {d.coverage && <span className="chip-coverage">{d.coverage}</span>}
        </div>
      </EdgeLabelRenderer>
    </>
  );
}

export const BundleEdge = memo(BundleEdgeView);
