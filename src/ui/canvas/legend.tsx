/** What the lines and chips mean, for the view on screen. */
export function Legend({ mode }: { mode: 'topology' | 'reachability' | 'policy' }) {
  if (mode === 'topology')
    return (
      <div className="canvas-legend" data-testid="legend">
        <div className="legend-title">Legend</div>
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
      </div>
    );
  return (
    <div className="canvas-legend" data-testid="legend">
      <div className="legend-title">Legend</div>
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
    </div>
  );
}
