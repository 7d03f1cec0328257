import { useEffect, useState } from 'react';
import { Panel, Separator, usePanelRef } from 'react-resizable-panels';
import { useApp } from '../store-context';
import { SavedGroup } from './saved-group';
import { Palette } from '../palette';
import { Canvas } from '../canvas/canvas';
import { Inspector } from '../inspector/inspector';
import { EmptyState } from '../gallery-view';
import { BottomPanel } from './bottom-panel';
import { SidePanel } from './side-panel';

/** Tab strip height: the bottom pane folds down to it. */
const DOCK_PX = 36;
/** Narrower windows fold the inspector to its rail while nothing is selected (the canvas comes first). */
const NARROW = '(max-width: 1199px)';

function useNarrow(): boolean {
  const [narrow, setNarrow] = useState(() => window.matchMedia(NARROW).matches);
  useEffect(() => {
    const m = window.matchMedia(NARROW);
    const on = () => setNarrow(m.matches);
    m.addEventListener('change', on);
    return () => m.removeEventListener('change', on);
  }, []);
  return narrow;
}

/**
 * Palette | (canvas / results) | inspector, all resizable; the side panels and the results pane
 * fold, and their sizes are remembered in localStorage (react-resizable-panels' own format).
 */
export function Workspace() {
  // no examples offered while a design is read in (a saved one being restored, a big import)
  const empty = useApp((s) => s.objects.length === 0 && !s.importing);
  const bottom = usePanelRef();
  const [docked, setDocked] = useState(false);
  // picking a pair (an edge on the canvas) opens a folded results pane on Why and Probe
  const pair = useApp((s) => s.pair);
  const whyAsked = useApp((s) => s.whyAsked);
  // at 1024 px an empty inspector took 300 px of the canvas: a rail until something is selected
  const narrow = useNarrow();
  const idle = useApp((s) => s.selection.length === 0);
  useEffect(() => {
    if (pair && bottom.current?.isCollapsed()) bottom.current.expand();
  }, [pair, whyAsked, bottom]);
  return (
    <main className="workspace">
      <SavedGroup layout="h" orientation="horizontal" id="ws-h" className="ws-group">
        <SidePanel id="palette" label="palette" side="left" defaultPx={180} minPx={150}>
          <Palette />
        </SidePanel>
        <Separator className="sep-v" aria-label="Resize the palette" data-testid="sep-palette" />
        <Panel id="center-panel" minSize="360px" className="center">
          <SavedGroup layout="v" orientation="vertical" id="ws-v" className="ws-group">
            <Panel id="canvas-panel" minSize="120px" className="canvas-wrap">
              <Canvas />
              {empty && <EmptyState />}
            </Panel>
            <Separator className="sep-h" aria-label="Resize the results pane" data-testid="sep-bottom" />
            <Panel
              id="results-panel"
              panelRef={bottom}
              collapsible
              collapsedSize={`${DOCK_PX}px`}
              minSize="140px"
              defaultSize="40%"
              onResize={(s) => setDocked(s.inPixels <= DOCK_PX + 1)}
              className="bottom-panel"
            >
              <BottomPanel
                docked={docked}
                onExpand={() => bottom.current?.expand()}
                onCollapse={() => bottom.current?.collapse()}
              />
            </Panel>
          </SavedGroup>
        </Panel>
        <Separator className="sep-v" aria-label="Resize the inspector" data-testid="sep-inspector" />
        <SidePanel
          id="inspector"
          label="inspector"
          side="right"
          defaultPx={300}
          minPx={240}
          foldWhen={narrow ? idle : undefined}
        >
          <Inspector />
        </SidePanel>
      </SavedGroup>
    </main>
  );
}
