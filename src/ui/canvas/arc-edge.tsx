import { memo } from 'react';
import { BaseEdge, type EdgeProps } from '@xyflow/react';
import { setEdgeProps } from './edge-props';

/**
 * An arc above the workloads: height grows with the distance, so edges between nodes of
 * one row nest instead of overlapping (an arc diagram). A→B and B→A use different handles
 * and so different arcs.
 */
function ArcEdgeView(p: EdgeProps) {
  const dx = p.targetX - p.sourceX;
  const lift = Math.min(40 + Math.abs(dx) * 0.3, 260) + Math.abs(p.targetY - p.sourceY) * 0.2;
  const top = Math.min(p.sourceY, p.targetY) - lift;
  const c1x = p.sourceX + dx * 0.15;
  const c2x = p.targetX - dx * 0.15;
  const path = `M ${p.sourceX},${p.sourceY} C ${c1x},${top} ${c2x},${top} ${p.targetX},${p.targetY}`;
  const labelX = (p.sourceX + p.targetX) / 2;
  const labelY = 0.125 * p.sourceY + 0.375 * top + 0.375 * top + 0.125 * p.targetY;
  return (
    <BaseEdge
      id={p.id}
      path={path}
      {...setEdgeProps(p, ['markerEnd', 'style', 'labelStyle', 'labelBgStyle'])}
      label={p.label}
      labelX={labelX}
      labelY={labelY}
      labelShowBg
      interactionWidth={12}
    />
  );
}

export const ArcEdge = memo(ArcEdgeView);
