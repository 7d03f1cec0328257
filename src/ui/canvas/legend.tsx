import { useState, type ReactNode } from 'react';

/** Below this window height the legend starts folded (at 1024x768 it hid a third of the canvas). */
const FOLD_BELOW = 860;

function Frame({ children }: { children: ReactNode }) {
  const [open] = useState(() => window.innerHeight >= FOLD_BELOW);
  return (
    <details className="canvas-legend" data-testid="legend" open={open}>
      <summary className="legend-title">Legend</summary>
      {children}
    </details>
  );
}

/** What the lines and chips mean, for the view on screen. */
export function Legend({ mode }: { mode: 'topology' | 'reachability' | 'policy' }) {
  if (mode === 'topology')
    return (
      <Frame>
        <div>
          <span className="legend-bar" style={{ background: '#0f766e' }} /> layer2 NAD
        </div>
        <div>
          <span className="legend-bar" style={{ background: '#4f46e5' }} /> localnet NAD
        </div>
        <div>
          <span className="legend-bar" style={{ background: '#475569' }} /> pod network (faded when empty)
        </div>
        <div>
          <span className="legend-line ok" /> reaches · on hover or selection (press 2 for every group)
        </div>
      </Frame>
    );
  return (
    <Frame>
      <div>
        <span className="legend-line ok" /> <span className="edge-chip chip-all">all</span> allowed · all
        ports
      </div>
      <div>
        <span className="legend-line ok" /> <span className="edge-chip chip-some">TCP 443</span> allowed ·
        some ports
      </div>
      <div>
        <span className="legend-line bad" /> <span className="edge-chip chip-none">none</span>{' '}
        {mode === 'policy' ? 'not admitted · isolated' : 'denied'}
      </div>
      {mode === 'reachability' && (
        <>
          <div>
            <span className="legend-sym">↻</span> within a group
          </div>
          <div>
            <span className="edge-chip chip-all">
              <span className="chip-coverage">8 of 40</span>
            </span>{' '}
            pairs allowed in a folded namespace
          </div>
        </>
      )}
    </Frame>
  );
}
