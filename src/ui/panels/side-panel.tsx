import { useState, type ReactNode } from 'react';
import { Panel, usePanelRef } from 'react-resizable-panels';

const RAIL_PX = 34;

/**
 * A collapsible side panel: folded, it leaves a rail with one button that opens it again
 * (so a collapsed panel is never out of reach by mouse or keyboard).
 */
export function SidePanel({
  id,
  label,
  side,
  defaultPx,
  minPx,
  children,
}: {
  id: string;
  label: string;
  side: 'left' | 'right';
  defaultPx: number;
  minPx: number;
  children: ReactNode;
}) {
  const ref = usePanelRef();
  const [collapsed, setCollapsed] = useState(false);
  // one toggle: on the rail it opens the panel (arrow pointing in), in the panel it folds it
  const inward = side === 'left' ? '›' : '‹';
  const outward = side === 'left' ? '‹' : '›';
  const verb = collapsed ? 'Show' : 'Hide';
  const toggle = (
    <button
      type="button"
      className={collapsed ? 'rail-toggle' : 'collapse-toggle'}
      aria-label={`${verb} ${label}`}
      aria-expanded={!collapsed}
      title={collapsed ? undefined : `Hide ${label}`}
      data-testid={`${collapsed ? 'expand' : 'collapse'}-${id}`}
      onClick={() => (collapsed ? ref.current?.expand() : ref.current?.collapse())}
    >
      {collapsed ? inward : outward}
      {collapsed && <span className="rail-label">{label}</span>}
    </button>
  );
  return (
    <Panel
      id={`${id}-panel`}
      panelRef={ref}
      collapsible
      collapsedSize={`${RAIL_PX}px`}
      minSize={`${minPx}px`}
      maxSize="45%"
      defaultSize={`${defaultPx}px`}
      groupResizeBehavior="preserve-pixel-size"
      onResize={(s) => setCollapsed(s.inPixels <= RAIL_PX + 1)}
      className={`side-panel side-${side}`}
    >
      {collapsed ? (
        <div className="rail">{toggle}</div>
      ) : (
        <div className="side-body">
          {toggle}
          {children}
        </div>
      )}
    </Panel>
  );
}
