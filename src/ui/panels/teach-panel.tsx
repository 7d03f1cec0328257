import { useApp, useAppStore } from '../store-context';
import { isPolicy } from '../../store/kinds';
import { SCENARIOS } from '../gallery';
import { findConnection, probe } from '../../store/selectors';

/** The story's own probe ("vm4 can no longer ping vm1") on the current design. */
export function StoryProbe() {
  const scenarioId = useApp((s) => s.scenarioId);
  const analysis = useApp((s) => s.analysis?.result);
  const info = SCENARIOS.find((x) => x.id === scenarioId);
  if (!info) return null;
  const c = info.claim;
  const conn = findConnection(analysis, c.from, c.to, c.network);
  const verdict = conn ? probe(conn, c.protocol, c.port) : undefined;
  const what = `${c.protocol === 'ICMP' ? 'ping' : `${c.protocol}/${c.port}`} ${c.from} → ${c.to}`;
  return (
    <div
      className={`story-probe ${verdict === undefined ? '' : verdict ? 'allowed' : 'denied'}`}
      data-testid="story-probe"
    >
      <strong>{what}</strong>:{' '}
      {verdict === undefined ? 'not on the same network' : verdict ? 'allowed' : 'denied'}
      <span className="hint small"> — the story says: {c.text}</span>
    </div>
  );
}

/** Teaching mode: apply the design's policies one at a time and watch what each changes. */
export function TeachPanel() {
  const store = useAppStore();
  const teaching = useApp((s) => s.teaching);
  const objects = useApp((s) => s.objects);
  const count = objects.filter(isPolicy).length;
  if (!teaching) {
    return (
      <div className="teach" data-testid="teach-panel">
        <button
          type="button"
          disabled={count === 0}
          onClick={() => store.getState().startTeaching()}
          data-testid="teach-start"
        >
          Step through the {count} polic{count === 1 ? 'y' : 'ies'}
        </button>
        <StoryProbe />
      </div>
    );
  }
  const names = teaching.order.map((id) => id.split('/').slice(1).join('/'));
  return (
    <div className="teach" data-testid="teach-panel">
      <ol className="steps">
        <li className={teaching.step === 0 ? 'current' : ''}>
          <button type="button" onClick={() => store.getState().teachStep(0)}>
            no policies
          </button>
        </li>
        {names.map((n, k) => (
          <li key={n} className={teaching.step === k + 1 ? 'current' : teaching.step > k ? 'done' : ''}>
            <button
              type="button"
              onClick={() => store.getState().teachStep(k + 1)}
              data-testid={`teach-step-${k + 1}`}
            >
              apply {n}
            </button>
          </li>
        ))}
      </ol>
      <div className="teach-tools">
        <button
          type="button"
          disabled={teaching.step === 0}
          onClick={() => store.getState().teachStep(teaching.step - 1)}
        >
          ‹ Back
        </button>
        <button
          type="button"
          disabled={teaching.step >= names.length}
          onClick={() => store.getState().teachStep(teaching.step + 1)}
          data-testid="teach-next"
        >
          Next ›
        </button>
        <button type="button" onClick={() => store.getState().stopTeaching()} data-testid="teach-stop">
          Done
        </button>
      </div>
      <StoryProbe />
    </div>
  );
}
