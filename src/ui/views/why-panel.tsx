import { useApp } from '../store-context';
import { explainConnection, findConnection } from '../../store/selectors';

export function WhyPanel() {
  const analysis = useApp((s) => s.analysis);
  const sel = useApp((s) => s.selection);
  const c = sel ? findConnection(analysis, sel.from, sel.to, sel.network) : undefined;
  return (
    <div className="panel why" data-testid="why-panel">
      <h2>Why</h2>
      {c ? (
        <ol>{explainConnection(c).map((l, k) => <li key={k}>{l}</li>)}</ol>
      ) : (
        <p className="hint">Select a cell of the matrix to see which policies isolate each side and which rules admit the traffic.</p>
      )}
    </div>
  );
}
