import { useState } from 'react';
import { useApp } from '../store-context';
import {
  cellStateFor,
  endpointsOn,
  findConnection,
  formatConns,
  formatFor,
  networksOf,
} from '../../store/selectors';
import type { Protocol } from '../../model/types';

const PAGE = 40;

export function MatrixView() {
  const analysis = useApp((s) => s.analysis?.result);
  const filter = useApp((s) => s.networkFilter);
  const setFilter = useApp((s) => s.setNetworkFilter);
  const select = useApp((s) => s.selectPair);
  const selection = useApp((s) => s.pair);
  const [ns, setNs] = useState('');
  const [page, setPage] = useState(0);
  const [protocol, setProtocol] = useState<'all' | Protocol | 'ICMP'>('all');
  const networks = networksOf(analysis);
  const network = filter !== 'all' && networks.includes(filter) ? filter : networks[0];
  if (!analysis || !network) {
    return (
      <div className="matrix empty" data-testid="matrix">
        <p className="hint">
          No two workloads share a network yet: add workloads and attach them to a network.
        </p>
      </div>
    );
  }
  const all = endpointsOn(analysis, network).filter((e) => !ns || e.startsWith(`${ns}/`) || !e.includes('/'));
  const pages = Math.max(1, Math.ceil(all.length / PAGE));
  const p = Math.min(page, pages - 1);
  const rows = all.slice(p * PAGE, (p + 1) * PAGE);
  const namespaces = [
    ...new Set(
      endpointsOn(analysis, network)
        .filter((e) => e.includes('/'))
        .map((e) => e.split('/')[0] as string),
    ),
  ];
  return (
    <div className="matrix" data-testid="matrix">
      <div className="matrix-tools">
        <div role="tablist" aria-label="Networks">
          {networks.map((n) => (
            <button
              key={n}
              role="tab"
              aria-selected={n === network}
              className={n === network ? 'tab active' : 'tab'}
              onClick={() => setFilter(n)}
            >
              {n === 'default' ? 'pod network' : n}
            </button>
          ))}
        </div>
        <label className="inline">
          Namespace{' '}
          <select aria-label="Matrix namespace filter" value={ns} onChange={(e) => setNs(e.target.value)}>
            <option value="">all</option>
            {namespaces.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        </label>
        <label className="inline">
          Protocol{' '}
          <select
            aria-label="Matrix protocol filter"
            value={protocol}
            onChange={(e) => setProtocol(e.target.value as typeof protocol)}
          >
            {['all', 'TCP', 'UDP', 'SCTP', 'ICMP'].map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
        {pages > 1 && (
          <span className="pager">
            <button onClick={() => setPage(Math.max(0, p - 1))}>‹</button> {p + 1}/{pages}{' '}
            <button onClick={() => setPage(Math.min(pages - 1, p + 1))}>›</button>
          </span>
        )}
        <span className="legend">
          <i className="sw all" /> all <i className="sw some" /> some ports <i className="sw none" /> denied
        </span>
      </div>
      <div className="matrix-scroll">
        <table>
          <thead>
            <tr>
              <th className="corner">from ↓ / to →</th>
              {all.slice(0, 60).map((e) => (
                <th key={e} scope="col" title={e}>
                  {e}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {rows.map((from) => (
              <tr key={from}>
                <th scope="row">{from}</th>
                {all.slice(0, 60).map((to) => {
                  const c = findConnection(analysis, from, to, network);
                  if (!c)
                    return (
                      <td key={to} className="self">
                        —
                      </td>
                    );
                  const state = cellStateFor(c.allowed, protocol);
                  const isSel =
                    selection?.from === from && selection.to === to && selection.network === network;
                  return (
                    <td
                      key={to}
                      className={`cell ${state}${isSel ? ' selected' : ''}`}
                      data-testid={`cell-${from}-${to}`}
                      data-state={state}
                    >
                      <button
                        type="button"
                        onClick={() => select({ from, to, network })}
                        title={`${from} → ${to}: ${formatConns(c.allowed)}`}
                      >
                        {formatFor(c.allowed, protocol)}
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
