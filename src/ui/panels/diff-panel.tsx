import { useApp, useAppStore } from '../store-context';
import { diffChanges, viewOf } from '../../store/selectors';
import { TeachPanel } from './teach-panel';

export function DiffPanel() {
  const store = useAppStore();
  const baseline = useApp((s) => s.baseline);
  const before = useApp((s) => s.baselineAnalysis);
  const after = useApp((s) => s.analysis?.result);
  const largeDiff = useApp((s) => s.largeDiff);
  const rev = useApp((s) => s.rev);
  if (!baseline) {
    return (
      <div className="diff" data-testid="diff-panel">
        <TeachPanel />
        <p className="hint">
          Stage the current design as “before”, then add, edit or remove policies: every connection gained or
          lost is listed here and highlighted on the canvas.
        </p>
        <button type="button" onClick={() => store.getState().stageBaseline('staged design')}>
          Stage current design as “before”
        </button>
      </div>
    );
  }
  const tooLarge = (before && viewOf(before).large) || (after && viewOf(after).large);
  // large designs: the rows come from the diff worker (the first DIFF_ROWS; the totals are exact)
  const large =
    tooLarge && largeDiff?.baseline === baseline && largeDiff.rev === rev ? largeDiff.diff : undefined;
  const changes = tooLarge ? (large?.rows ?? []) : before && after ? diffChanges(before, after) : [];
  const gained = large ? large.gained : changes.filter((c) => c.change === 'gained').length;
  const lost = large ? large.lost : changes.filter((c) => c.change === 'lost').length;
  return (
    <div className="diff" data-testid="diff-panel">
      <TeachPanel />
      <div className="diff-tools">
        <span data-testid="diff-summary">
          Comparing with <strong>{baseline.label}</strong>:{' '}
          {tooLarge && !large
            ? 'comparing…'
            : `${gained.toLocaleString('en')} gained, ${lost.toLocaleString('en')} lost`}
        </span>
        <button type="button" onClick={() => store.getState().stageBaseline('staged design')}>
          Re-stage
        </button>
        <button type="button" onClick={() => store.getState().clearBaseline()}>
          Stop comparing
        </button>
      </div>
      {large && gained + lost > large.rows.length && (
        <p className="hint">
          Showing the first {large.rows.length.toLocaleString('en')} of {(gained + lost).toLocaleString('en')}{' '}
          changed pairs; <code>npm run cli -- diff</code> lists them all.
        </p>
      )}
      {tooLarge && !large ? (
        <p className="hint">Comparing every pair of this large design…</p>
      ) : changes.length === 0 ? (
        <p className="hint">No change in reachability yet.</p>
      ) : (
        <table className="diff-table">
          <thead>
            <tr>
              <th>change</th>
              <th>from</th>
              <th>to</th>
              <th>network</th>
              <th>connections</th>
            </tr>
          </thead>
          <tbody>
            {changes.map((c, k) => (
              <tr key={k} className={c.change} data-testid={`diff-${c.change}-${c.from}-${c.to}`}>
                <td>{c.change === 'gained' ? '+ gained' : '− lost'}</td>
                <td>{c.from}</td>
                <td>{c.to}</td>
                <td>{c.network}</td>
                <td>{c.text}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
