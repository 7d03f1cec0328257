import { useEffect, useRef, useState, type ReactNode } from 'react';
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
  foldWhen,
  children,
}: {
  id: string;
  label: string;
  side: 'left' | 'right';
  defaultPx: number;
  minPx: number;
  /**
   * Folded to its rail while true, opened again when it turns false (the person may still open
   * or fold it in between: only the changes of `foldWhen` move it).
   */
  foldWhen?: boolean | undefined;
  children: ReactNode;
}) {
  const ref = usePanelRef();
  const [collapsed, setCollapsed] = useState(false);
  const folded = useRef<boolean | undefined>(undefined);
  useEffect(() => {
    const panel = ref.current;
    if (!panel || folded.current === foldWhen) return;
    if (foldWhen === undefined) {
      // no longer asked (a wider window): a panel this folded opens again
      if (folded.current && panel.isCollapsed()) panel.expand();
      folded.current = undefined;
      return;
    }
    folded.current = foldWhen;
    if (foldWhen) panel.collapse();
    else if (panel.isCollapsed()) panel.expand();
  }, [foldWhen, ref]);
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
