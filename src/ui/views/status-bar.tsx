import { useApp } from '../store-context';

export function StatusBar() {
  const model = useApp((s) => s.model);
  const analysis = useApp((s) => s.analysis);
  const ms = useApp((s) => s.analysisMs);
  const err = useApp((s) => s.engineError);
  const stale = useApp((s) => s.analysisRev !== s.rev);
  return (
    <footer className="statusbar" data-testid="status">
      <span>{model.endpoints.length} endpoints · {model.nads.length} networks · {model.policies.length} policies</span>
      <span>{analysis ? `${analysis.connections.length} connections analysed in ${ms.toFixed(1)} ms` : 'analysing…'}{stale ? ' (updating…)' : ''}</span>
      {err && <span className="diag error" role="alert">{err}</span>}
    </footer>
  );
}
