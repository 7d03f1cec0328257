import { useCallback, useMemo, useState } from 'react';
import { useApp, useAppStore } from '../store-context';
import { endpointsOn, networksOf } from '../../store/selectors';
import { endpointObjectId } from '../../store/layout';
import { endpointLabel, type Protocol } from '../../model/types';
import { MatrixGrid } from './matrix-grid';
import { TabButton } from '../shared/tab-button';
import { naturalSort } from './grid-nav';
import { IntentBar, IntentToggle, useIntentCells } from '../intent/matrix-intent';

export function MatrixView() {
  const store = useAppStore();
  const analysis = useApp((s) => s.analysis?.result);
  const filter = useApp((s) => s.networkFilter);
  const setFilter = useApp((s) => s.setNetworkFilter);
  const pair = useApp((s) => s.pair);
  const [ns, setNs] = useState('');
  const [name, setName] = useState('');
  const [protocol, setProtocol] = useState<'all' | Protocol | 'ICMP'>('all');
  const networks = networksOf(analysis);
  const network = filter !== 'all' && networks.includes(filter) ? filter : networks[0];
  const intent = useIntentCells(network ?? '');
  const everyone = useMemo(
    () => (analysis && network ? naturalSort(endpointsOn(analysis, network)) : []),
    [analysis, network],
  );
  const needle = name.trim().toLowerCase();
  const names = useMemo(
    () =>
      everyone.filter(
        (e) =>
          (!ns || e.startsWith(`${ns}/`) || !e.includes('/')) &&
          (!needle || e.toLowerCase().includes(needle)),
      ),
    [everyone, ns, needle],
  );
  // per answer, not per render (a render follows every edit, and this reads every workload)
  const namespaces = useMemo(
    () => [...new Set(everyone.filter((e) => e.includes('/')).map((e) => e.split('/')[0] as string))],
    [everyone],
  );
  const pick = useCallback(
    (from: string, to: string): void => {
      if (!network) return;
      const { model } = store.getState();
      // the pair is also selected on the canvas (source first: its arcs are the ones drawn)
      const ids = [from, to]
        .map((l) => model.endpoints.find((e) => endpointLabel(e) === l))
        .filter((e) => e !== undefined)
        .map(endpointObjectId);
      store.getState().selectPair({ from, to, network });
      store.getState().select(ids);
    },
    [store, network],
  );
  if (!analysis || !network) {
    return (
      <div className="matrix empty" data-testid="matrix">
        <p className="hint">
          No two workloads share a network yet: add workloads and attach them to a network.
        </p>
      </div>
    );
  }
  return (
    <div className="matrix" data-testid="matrix">
      <div className="matrix-tools">
        <div role="tablist" aria-label="Networks">
          {networks.map((n) => (
            <TabButton key={n} selected={n === network} onSelect={() => setFilter(n)}>
              {n === 'default' ? 'pod network' : n}
            </TabButton>
          ))}
        </div>
        {/* before the filters: from the protocol filter, Tab goes straight to the grid */}
        <IntentToggle />
        <input
          type="search"
          aria-label="Filter the matrix by workload name"
          data-testid="matrix-filter"
          placeholder="workload name"
          size={12}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
        {namespaces.length > 0 && (
          <select aria-label="Matrix namespace filter" value={ns} onChange={(e) => setNs(e.target.value)}>
            <option value="">all namespaces</option>
            {namespaces.map((n) => (
              <option key={n}>{n}</option>
            ))}
          </select>
        )}
        <select
          aria-label="Matrix protocol filter"
          value={protocol}
          onChange={(e) => setProtocol(e.target.value as typeof protocol)}
        >
          {['all', 'TCP', 'UDP', 'SCTP', 'ICMP'].map((p) => (
            <option key={p} value={p}>
              {p === 'all' ? 'all protocols' : p}
            </option>
          ))}
        </select>
        <span className="hint small" data-testid="matrix-count">
          {names.length === everyone.length
            ? `${everyone.length} × ${everyone.length}`
            : `${names.length} of ${everyone.length} shown`}
        </span>
        <span className="legend" aria-hidden="true">
          <i className="sw all" /> all <i className="sw some" /> some ports <i className="sw none" /> denied
        </span>
      </div>
      <IntentBar network={network} />
      {names.length ? (
        <MatrixGrid
          analysis={analysis}
          network={network}
          names={names}
          protocol={protocol}
          selected={pair?.network === network ? pair : undefined}
          onPick={pick}
          {...intent}
        />
      ) : (
        <p className="hint">No workload on this network matches “{name}”.</p>
      )}
    </div>
  );
}
