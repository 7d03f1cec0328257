import { useState } from 'react';
import { useApp } from '../store-context';
import { MatrixView } from './matrix-view';
import { WhyPanel } from './why-panel';
import { ProbeBox } from './probe-box';
import { FindingsPanel } from './findings-panel';
import { DiffPanel } from './diff-panel';

type Tab = 'matrix' | 'findings' | 'diff';

export function BottomPanel() {
  const [tab, setTab] = useState<Tab>('matrix');
  const findings = useApp(
    (s) =>
      (s.analysis?.findings ?? []).filter((f) => f.severity !== 'info').length +
      s.modelDiagnostics.filter((d) => d.severity === 'error').length,
  );
  const staged = useApp((s) => s.baseline !== undefined);
  return (
    <section className="bottom" aria-label="Results">
      <div className="tabs" role="tablist">
        <button
          role="tab"
          aria-selected={tab === 'matrix'}
          className={tab === 'matrix' ? 'tab active' : 'tab'}
          onClick={() => setTab('matrix')}
        >
          Reachability
        </button>
        <button
          role="tab"
          aria-selected={tab === 'findings'}
          className={tab === 'findings' ? 'tab active' : 'tab'}
          onClick={() => setTab('findings')}
          data-testid="tab-findings"
        >
          Findings{' '}
          {findings > 0 && (
            <span className="count-badge" data-testid="findings-count">
              {findings}
            </span>
          )}
        </button>
        <button
          role="tab"
          aria-selected={tab === 'diff'}
          className={tab === 'diff' ? 'tab active' : 'tab'}
          onClick={() => setTab('diff')}
          data-testid="tab-diff"
        >
          Before / after{staged ? ' •' : ''}
        </button>
      </div>
      <div className="tab-body">
        {tab === 'matrix' && (
          <div className="matrix-layout">
            <MatrixView />
            <div className="side">
              <WhyPanel />
              <ProbeBox />
            </div>
          </div>
        )}
        {tab === 'findings' && <FindingsPanel />}
        {tab === 'diff' && <DiffPanel />}
      </div>
    </section>
  );
}
