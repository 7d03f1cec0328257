import { useEffect, useRef, useState } from 'react';
import { endpointLabel, type Model } from '../../model/types';
import { endpointObjectId } from '../../store/layout';
import { useApp, useAppStore } from '../store-context';
import { firstInvalid, useDraftStatus } from '../inspector/draft-status';
import { useCanvasView } from './view-state';
import type { ReachSummary } from './reach-flow';
import { LARGE_DESIGN } from './flow-model';

const typing = (t: EventTarget | null): boolean => {
  const el = t as HTMLElement | null;
  return (
    !!el &&
    (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)
  );
};

/** A workload by name, label (ns/name) or IP; the first match. */
export function findWorkload(model: Model, q: string) {
  const s = q.trim().toLowerCase();
  if (!s) return undefined;
  return (
    model.endpoints.find((e) => endpointLabel(e).toLowerCase() === s || e.name.toLowerCase() === s) ??
    model.endpoints.find(
      (e) =>
        endpointLabel(e).toLowerCase().includes(s) ||
        e.attachments.some((a) => a.ips.some((ip) => ip.split('/')[0] === s)),
    )
  );
}

export function CanvasBar({
  networks,
  network,
  summary,
  policyOpen,
  onFit,
  onFound,
}: {
  networks: readonly { key: string; count: number }[];
  network: string | undefined;
  summary: ReachSummary | undefined;
  policyOpen: boolean;
  onFit: () => void;
  onFound: (label: string) => void;
}) {
  const store = useAppStore();
  const picked = useCanvasView((s) => s.picked);
  const chosen = useCanvasView((s) => s.mode);
  const large = useApp((s) => s.model.endpoints.length > LARGE_DESIGN);
  const mode = large && !picked ? 'reachability' : chosen;
  const setMode = useCanvasView((s) => s.setMode);
  const showDenied = useApp((s) => s.showDenied);
  const model = useApp((s) => s.model);
  const stale = useDraftStatus(firstInvalid);
  const [q, setQ] = useState('');
  const [miss, setMiss] = useState(false);
  const search = useRef<HTMLInputElement>(null);
  useEffect(() => {
    const onKey = (e: KeyboardEvent): void => {
      if (typing(e.target) || e.ctrlKey || e.metaKey || e.altKey) return;
      if (e.key === '1') setMode('topology');
      else if (e.key === '2') setMode('reachability');
      else if (e.key === 'd' || e.key === 'D') store.getState().setShowDenied(!store.getState().showDenied);
      else if (e.key === 'f' || e.key === 'F') onFit();
      else if (e.key === '/') {
        e.preventDefault();
        search.current?.focus();
      } else if (e.key === 'Escape') {
        useCanvasView.getState().setPinned(undefined);
        if (store.getState().selection.length) store.getState().select([]);
      } else return;
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [store, setMode, onFit]);
  const find = (): void => {
    const e = findWorkload(model, q);
    setMiss(!e);
    if (!e) return;
    if (mode === 'topology') store.getState().select([endpointObjectId(e)]);
    onFound(endpointLabel(e));
  };
  return (
    <>
      <div className="canvas-bar" data-testid="canvas-bar">
        <div role="group" aria-label="Canvas view" className="view-tabs">
          {(['topology', 'reachability'] as const).map((m, k) => (
            <button
              key={m}
              aria-pressed={!policyOpen && mode === m}
              className={!policyOpen && mode === m ? 'tab active' : 'tab'}
              data-testid={`view-${m}`}
              onClick={() => {
                if (policyOpen) store.getState().select([]);
                setMode(m);
              }}
            >
              {m === 'topology' ? 'Topology' : 'Reachability'} <kbd>{k + 1}</kbd>
            </button>
          ))}
          {policyOpen && (
            <button aria-pressed className="tab active" data-testid="view-policy">
              Policy
            </button>
          )}
        </div>
        {mode === 'reachability' && !policyOpen && (
          <div role="group" aria-label="Network" className="net-tabs">
            {networks.map((n) => (
              <button
                key={n.key}
                aria-pressed={n.key === network}
                className={n.key === network ? 'tab active' : 'tab'}
                data-testid={`net-tab-${n.key}`}
                onClick={() => store.getState().setNetworkFilter(n.key)}
              >
                {n.key === 'default' ? 'pod network' : n.key} <span className="tab-count">{n.count}</span>
              </button>
            ))}
          </div>
        )}
        <form
          className="canvas-find"
          onSubmit={(e) => {
            e.preventDefault();
            find();
          }}
        >
          <input
            ref={search}
            type="search"
            aria-label="Find workload"
            placeholder="Find workload, IP  ( / )"
            value={q}
            aria-invalid={miss || undefined}
            onChange={(e) => {
              setQ(e.target.value);
              setMiss(false);
            }}
          />
          {miss && <span className="find-miss">no match</span>}
        </form>
        <label className="check denied-toggle" title="Show denied (D)">
          <input
            type="checkbox"
            checked={showDenied}
            data-testid="canvas-show-denied"
            onChange={(e) => store.getState().setShowDenied(e.target.checked)}
          />{' '}
          Show denied <kbd>D</kbd>
        </label>
        <button
          type="button"
          className="fit-button"
          data-testid="fit-all"
          onClick={onFit}
          title="Fit everything (F)"
        >
          Fit
        </button>
      </div>
      {mode === 'reachability' && !policyOpen && summary && network && (
        <p className="reach-summary" data-testid="reach-summary">
          <b>
            {summary.groups} group{summary.groups === 1 ? '' : 's'}
          </b>{' '}
          on {network === 'default' ? 'the pod network' : network}
          {summary.folded ? ` · namespaces folded (${summary.units} cards)` : ''} · {summary.shown} of{' '}
          {summary.edges} edges shown for {summary.pairs.toLocaleString('en')} pairs
          {summary.shown < summary.edges ? ' (point at a card for its own)' : ''}
          {summary.complete
            ? ''
            : ' · edges of the unfolded or found workloads only (design too large for all)'}
          {' · '}a group = workloads with the same row and column in this network&apos;s matrix
        </p>
      )}
      {stale && (
        <p className="stale-banner" role="status" data-testid="stale-banner">
          Showing the last valid analysis · {stale.field}: {stale.message}
        </p>
      )}
    </>
  );
}
