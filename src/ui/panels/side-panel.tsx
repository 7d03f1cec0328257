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
  const open = side === 'left' ? '›' : '‹';
  const close = side === 'left' ? '‹' : '›';
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
        <div className="rail">
          <button
            type="button"
            className="rail-toggle"
            aria-label={`Show ${label}`}
            aria-expanded={false}
            data-testid={`expand-${id}`}
            onClick={() => ref.current?.expand()}
          >
            {open}
            <span className="rail-label">{label}</span>
          </button>
        </div>
      ) : (
        <div className="side-body">
          <button
            type="button"
            className="collapse-toggle"
            aria-label={`Hide ${label}`}
            aria-expanded={true}
            title={`Hide ${label}`}
            data-testid={`collapse-${id}`}
            onClick={() => ref.current?.collapse()}
          >
            {close}
          </button>
          {children}
        </div>
      )}
    </Panel>
  );
}
