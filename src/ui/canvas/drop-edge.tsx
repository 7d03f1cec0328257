import { memo } from 'react';
import { BaseEdge, type EdgeProps } from '@xyflow/react';
import { setEdgeProps } from './edge-props';

/**
 * An attachment: a vertical drop from the workload to its network's bus (the bus spans the
 * workloads above it, so the drop meets it straight below), labelled with the interface's IP.
 */
function DropEdgeView(p: EdgeProps) {
  const path = `M ${p.sourceX},${p.sourceY} L ${p.sourceX},${p.targetY + 4}`;
  return (
    <BaseEdge
      id={p.id}
      path={path}
      {...setEdgeProps(p, ['style', 'labelStyle', 'labelBgStyle'])}
      label={p.label}
      labelX={p.sourceX}
      labelY={p.sourceY + Math.min(26, (p.targetY - p.sourceY) / 2)}
      labelShowBg
      labelBgPadding={[4, 2]}
      labelBgBorderRadius={3}
    />
  );
}

export const DropEdge = memo(DropEdgeView);
