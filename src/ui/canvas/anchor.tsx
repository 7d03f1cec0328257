import type { CSSProperties } from 'react';

/**
 * An edge anchor React Flow measures like a <Handle> (same classes and data attributes), without
 * the Handle component's store subscription: 1,000 workloads x 3 handles made every store update
 * run 3,000 selectors. Nothing in the canvas creates edges by dragging from a handle.
 */
export function Anchor({
  type,
  position,
  id,
  style,
  className,
}: {
  type: 'source' | 'target';
  position: 'top' | 'bottom';
  id: string;
  style?: CSSProperties;
  className?: string;
}) {
  return (
    <div
      className={`react-flow__handle react-flow__handle-${position} ${type}${className ? ` ${className}` : ''}`}
      data-handleid={id}
      data-handlepos={position}
      style={style}
    />
  );
}
