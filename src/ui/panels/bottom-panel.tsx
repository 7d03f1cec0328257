import { useRef, useState, type KeyboardEvent } from 'react';
import { Panel, Separator } from 'react-resizable-panels';
import { useApp } from '../store-context';
import { SavedGroup } from './saved-group';
import { MatrixView } from './matrix-view';
import { WhyPanel } from './why-panel';
import { ProbeBox } from './probe-box';
import { FindingsPanel, dedupe } from './findings-panel';
import { DiffPanel } from './diff-panel';

type Tab = 'matrix' | 'findings' | 'diff';
const TABS: readonly Tab[] = ['matrix', 'findings', 'diff'];

function MatrixLayout() {
  return (
    <SavedGroup layout="matrix" orientation="horizontal" id="matrix-split" className="matrix-layout">
      <Panel id="matrix-panel" minSize="200px" defaultSize="62%">
        <MatrixView />
      </Panel>
      <Separator className="sep-v" aria-label="Resize the Why and Probe column" />
      <Panel id="why-probe-panel" minSize="220px" defaultSize="38%">
        <div className="side">
          <WhyPanel />
          <ProbeBox />
        </div>
      </Panel>
    </SavedGroup>
  );
}

/** Results dock: Reachability (matrix, Why, Probe), Findings, Before/after; folds to its tab strip. */
export function BottomPanel({
  docked,
  onExpand,
  onCollapse,
}: {
  docked: boolean;
  onExpand: () => void;
  onCollapse: () => void;
}) {
  const [tab, setTab] = useState<Tab>('matrix');
  const tabRefs = useRef<Partial<Record<Tab, HTMLButtonElement | null>>>({});
  // the same list the Findings panel shows (errors and warnings), so the badge and the panel agree
  const findings = useApp(
    (s) =>
      dedupe([...s.importDiagnostics, ...s.modelDiagnostics, ...(s.analysis?.findings ?? [])]).filter(
        (d) => d.severity !== 'info',
      ).length,
  );
  const staged = useApp((s) => s.baseline !== undefined);
  // "Why?" from the inspector's pair card: the Why panel lives on the Reachability tab
  const whyAsked = useApp((s) => s.whyAsked);
  const [whySeen, setWhySeen] = useState(whyAsked);
  if (whyAsked !== whySeen) {
    setWhySeen(whyAsked);
    setTab('matrix');
  }
  const open = (t: Tab): void => {
    setTab(t);
    if (docked) onExpand();
  };
  // WAI-ARIA tabs: arrows move between tabs (automatic activation), one tab stop
  const onKey = (e: KeyboardEvent): void => {
    const k = TABS.indexOf(tab);
    const next =
      e.key === 'ArrowRight'
        ? TABS[(k + 1) % TABS.length]
        : e.key === 'ArrowLeft'
          ? TABS[(k + TABS.length - 1) % TABS.length]
          : e.key === 'Home'
            ? TABS[0]
            : e.key === 'End'
              ? TABS[TABS.length - 1]
              : undefined;
    if (!next) return;
    e.preventDefault();
    open(next);
    tabRefs.current[next]?.focus();
  };
  const tabProps = (t: Tab) => ({
    role: 'tab' as const,
    id: `dock-tab-${t}`,
    'aria-selected': tab === t,
    'aria-controls': 'dock-body',
    tabIndex: tab === t ? 0 : -1,
    className: tab === t ? 'tab active' : 'tab',
    onClick: () => open(t),
    ref: (el: HTMLButtonElement | null) => {
      tabRefs.current[t] = el;
    },
  });
  return (
    <section className="dock" aria-label="Results">
      <div className="tabs">
        <div role="tablist" aria-label="Results" className="tab-strip" onKeyDown={onKey}>
          <button {...tabProps('matrix')} data-testid="tab-matrix">
            Reachability
          </button>
          <button {...tabProps('findings')} data-testid="tab-findings">
            Findings{' '}
            {findings > 0 && (
              <span className="count-badge" data-testid="findings-count">
                {findings}
              </span>
            )}
          </button>
          <button {...tabProps('diff')} data-testid="tab-diff">
            Before / after{staged ? ' •' : ''}
          </button>
        </div>
        <button
          type="button"
          className="dock-toggle"
          aria-expanded={!docked}
          aria-label={docked ? 'Show the results pane' : 'Hide the results pane'}
          title={docked ? 'Show the results pane' : 'Hide the results pane'}
          data-testid="toggle-results"
          onClick={docked ? onExpand : onCollapse}
        >
          {docked ? '▴' : '▾'}
        </button>
      </div>
      {!docked && (
        <div className="tab-body" role="tabpanel" id="dock-body" aria-labelledby={`dock-tab-${tab}`}>
          {tab === 'matrix' && <MatrixLayout />}
          {tab === 'findings' && <FindingsPanel />}
          {tab === 'diff' && <DiffPanel />}
        </div>
      )}
    </section>
  );
}
