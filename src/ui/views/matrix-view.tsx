import { useApp } from '../store-context';
import { cellState, endpointsOn, findConnection, formatConns, networksOf } from '../../store/selectors';

export function MatrixView() {
  const analysis = useApp((s) => s.analysis);
  const chosen = useApp((s) => s.network);
  const setNetwork = useApp((s) => s.setNetwork);
  const select = useApp((s) => s.select);
  const selection = useApp((s) => s.selection);
  const networks = networksOf(analysis);
  const network = chosen && networks.includes(chosen) ? chosen : networks[0];
  if (!analysis || !network) {
    return (
      <div className="panel matrix empty" data-testid="matrix">
        <h2>Reachability</h2>
        <p>No two workloads share a network yet. Paste or open manifests to see who reaches whom.</p>
      </div>
    );
  }
  const eps = endpointsOn(analysis, network);
  return (
    <div className="panel matrix" data-testid="matrix">
      <div className="panel-head">
        <h2>Reachability</h2>
        <div role="tablist" aria-label="Networks">
          {networks.map((n) => (
            <button key={n} role="tab" aria-selected={n === network} className={n === network ? 'tab active' : 'tab'} onClick={() => setNetwork(n)}>
              {n}
            </button>
          ))}
        </div>
      </div>
      <div className="matrix-scroll">
        <table>
          <thead>
            <tr>
              <th className="corner">from ↓ / to →</th>
              {eps.map((e) => <th key={e} scope="col" title={e}>{e}</th>)}
            </tr>
          </thead>
          <tbody>
            {eps.map((from) => (
              <tr key={from}>
                <th scope="row">{from}</th>
                {eps.map((to) => {
                  const c = findConnection(analysis, from, to, network);
                  if (!c) return <td key={to} className="self">—</td>;
                  const state = cellState(c.allowed);
                  const isSel = selection?.from === from && selection.to === to && selection.network === network;
                  return (
                    <td key={to} className={`cell ${state}${isSel ? ' selected' : ''}`} data-testid={`cell-${from}-${to}`} data-state={state}>
                      <button type="button" onClick={() => select({ from, to, network })} title={`${from} → ${to}: ${formatConns(c.allowed)}`}>
                        {formatConns(c.allowed)}
                      </button>
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </div>
  );
}
