import { useApp, useAppStore } from '../store-context';
import { cellState, findConnection, formatConns } from '../../store/selectors';
import { endpointObjectId } from '../../store/layout';
import { endpointLabel } from '../../model/types';
import type { PairSelection } from '../../store/slices/ui';

/**
 * The picked pair when the selection is exactly its two endpoints (a matrix pick selects both):
 * what the person asked about is the pair, not "2 objects".
 */
export function usePickedPair(): PairSelection | undefined {
  return useApp((s) => {
    const p = s.pair;
    if (!p || s.selection.length !== 2) return undefined;
    const ids = [p.from, p.to].map((l) => {
      const e = s.model.endpoints.find((x) => endpointLabel(x) === l);
      return e && endpointObjectId(e);
    });
    return ids.every((id) => id !== undefined && s.selection.includes(id)) ? p : undefined;
  });
}

/** Source → destination on its network, the verdict, and the way to its Why. */
export function PairCard({ pair }: { pair: PairSelection }) {
  const store = useAppStore();
  const analysis = useApp((s) => s.analysis?.result);
  const c = findConnection(analysis, pair.from, pair.to, pair.network);
  const state = c ? cellState(c.allowed) : undefined;
  const verdict =
    !c || state === undefined
      ? 'not analysed yet'
      : state === 'none'
        ? 'denied'
        : state === 'all'
          ? 'allowed (all traffic)'
          : `allowed: ${formatConns(c.allowed)}`;
  return (
    <section className="pair-card" data-testid="pair-card" aria-label="Selected pair">
      <h2>Pair</h2>
      <p className="pair-ends">
        <b>{pair.from}</b> → <b>{pair.to}</b>
      </p>
      <p className="hint">on {pair.network === 'default' ? 'the pod network' : pair.network}</p>
      <p className={`pair-verdict ${state ?? ''}`} data-testid="pair-verdict">
        {verdict}
      </p>
      <button
        type="button"
        className="link-button"
        data-testid="pair-why"
        onClick={() => store.getState().showWhy()}
      >
        Why?
      </button>
      <p className="hint">Delete removes both objects; Ctrl+C / Ctrl+V copies them.</p>
    </section>
  );
}
