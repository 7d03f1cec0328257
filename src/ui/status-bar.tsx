import { useApp } from './store-context';

export function StatusBar() {
  const model = useApp((s) => s.model);
  const analysis = useApp((s) => s.analysis);
  const err = useApp((s) => s.engineError);
  const stale = useApp((s) => (s.analysis?.rev ?? -1) < s.rev);
  return (
    <footer className="statusbar" data-testid="status">
      <span>
        {model.endpoints.length} endpoints · {model.nads.length} secondary networks · {model.policies.length}{' '}
        policies{model.subnets.length ? ` · ${model.subnets.length} Kube-OVN subnets` : ''}
      </span>
      <span data-testid="analysis-status">
        {analysis
          ? `${analysis.result.connections.length} connections analysed in ${analysis.ms.toFixed(1)} ms in the worker`
          : 'analysing…'}
        {stale ? ' (updating…)' : ''}
      </span>
      <span className="offline">offline · nothing leaves this browser</span>
      {err && (
        <span className="diag error" role="alert">
          {err}
        </span>
      )}
    </footer>
  );
}
