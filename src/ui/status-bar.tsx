import { useMemo } from 'react';
import { useApp } from './store-context';
import { pairCount } from '../store/pair-count';

export function StatusBar() {
  const model = useApp((s) => s.model);
  const analysis = useApp((s) => s.analysis);
  const err = useApp((s) => s.engineError);
  const stale = useApp((s) => (s.analysis?.rev ?? -1) < s.rev);
  // large designs ship compact tables, not a list: count the pairs either way
  const pairs = useMemo(() => (analysis ? pairCount(analysis.result) : 0), [analysis]);
  return (
    <footer className="statusbar" data-testid="status">
      <span>
        {model.endpoints.length} endpoints · {model.nads.length} secondary networks · {model.policies.length}{' '}
        policies{model.subnets.length ? ` · ${model.subnets.length} Kube-OVN subnets` : ''}
      </span>
      <span data-testid="analysis-status">
        {analysis
          ? `${pairs.toLocaleString('en')} ${pairs === 1 ? 'connection' : 'connections'} analysed in ${analysis.ms.toFixed(1)} ms in the worker`
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
