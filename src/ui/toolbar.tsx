import { useCallback, useRef, useState } from 'react';
import { useStore } from 'zustand';
import { useApp, useAppStore } from './store-context';
import { ImportDialog } from './dialogs/import-dialog';
import { ExportDialog } from './dialogs/export-dialog';
import { ExamplesMenu } from './examples-menu';
import { preloadYamlEditor } from './code/lazy-yaml-editor';
import { shareUrl } from './use-persistence';
import { RecentDesigns } from './recent-designs';
import { networksOf } from '../store/selectors';
import { BACKENDS, type Backend } from '../store/slices/ui';

const BACKEND_LABEL: Readonly<Record<Backend, string>> = {
  api: 'API semantics',
  'ovn-kubernetes': 'OVN-Kubernetes',
};

const HISTORY = [
  { id: 'undo', text: 'Undo', keys: 'Ctrl+Z' },
  { id: 'redo', text: 'Redo', keys: 'Ctrl+Shift+Z' },
] as const;

export function Toolbar() {
  const store = useAppStore();
  const [dialog, setDialog] = useState<'import' | 'export' | 'examples' | undefined>();
  const canUndo = useStore(store.temporal, (t) => t.pastStates.length > 0);
  const canRedo = useStore(store.temporal, (t) => t.futureStates.length > 0);
  const filter = useApp((s) => s.networkFilter);
  const analysis = useApp((s) => s.analysis?.result);
  const title = useApp((s) => s.title);
  const backend = useApp((s) => s.backend);
  const allowIcmp = useApp((s) => s.allowIcmp);
  const examplesButton = useRef<HTMLButtonElement>(null);
  const closeMenu = useCallback((refocus: boolean) => {
    setDialog(undefined);
    if (refocus) examplesButton.current?.focus();
  }, []);
  const share = (): void => {
    const url = shareUrl(store);
    // copied, never put in the address bar: a reload there would bring the snapshot back
    void navigator.clipboard?.writeText(url).catch(() => undefined);
    store.getState().setNotice({
      kind: 'info',
      text: `Share link copied (${(url.length / 1024).toFixed(1)} KB). Anyone who opens it gets this design; nothing is uploaded.`,
    });
  };
  return (
    <header className="topbar">
      <h1>netpol-studio</h1>
      <span className="design-title" title={title}>
        {title}
      </span>
      <div className="tools">
        <button
          ref={examplesButton}
          type="button"
          onClick={() => setDialog(dialog === 'examples' ? undefined : 'examples')}
          onKeyDown={(e) => {
            if (e.key === 'ArrowDown' || e.key === 'ArrowUp') {
              e.preventDefault();
              setDialog('examples');
            }
          }}
          aria-haspopup="menu"
          aria-expanded={dialog === 'examples'}
          aria-controls={dialog === 'examples' ? 'examples-menu' : undefined}
          data-testid="examples-menu"
        >
          Examples ▾
        </button>
        <button
          type="button"
          onClick={() => setDialog('import')}
          onPointerEnter={preloadYamlEditor}
          onFocus={preloadYamlEditor}
          data-testid="open-import"
        >
          Import
        </button>
        <button type="button" onClick={() => setDialog('export')} data-testid="open-export">
          Export
        </button>
        <button type="button" onClick={share} data-testid="share">
          Share link
        </button>
        <RecentDesigns />
        <span className="sep" />
        {HISTORY.map((h) => (
          <button
            key={h.id}
            type="button"
            disabled={!(h.id === 'undo' ? canUndo : canRedo)}
            onClick={() => store.temporal.getState()[h.id]()}
            title={`${h.text} (${h.keys})`}
            data-testid={h.id}
          >
            {h.text}
          </button>
        ))}
        <span className="sep" />
        <button
          type="button"
          onClick={() => store.getState().relayout()}
          title="Automatic layout (networks as lanes)"
        >
          Layout
        </button>
        <label className="check">
          <select
            aria-label="Network filter"
            value={filter}
            onChange={(e) => store.getState().setNetworkFilter(e.target.value)}
          >
            <option value="all">all networks</option>
            {networksOf(analysis).map((n) => (
              <option key={n} value={n}>
                {n === 'default' ? 'pod network' : n}
              </option>
            ))}
          </select>
        </label>
        <label className="check">
          <select
            aria-label="Backend profile"
            title="Backend profile: which cluster policies apply: every ANP and ClusterNetworkPolicy as the API defines them, or only what OVN-Kubernetes programs (no ANP above priority 99, no ClusterNetworkPolicy)"
            className="backend"
            value={backend}
            onChange={(e) => store.getState().setBackend(e.target.value as Backend)}
            data-testid="backend-profile"
          >
            {BACKENDS.map((b) => (
              <option key={b} value={b}>
                {BACKEND_LABEL[b]}
              </option>
            ))}
          </select>
        </label>
        {/* backend options: a menu, so the toolbar keeps its width at 1024 px (toolbar-fit) */}
        <details className={`backend-options${allowIcmp ? ' on' : ''}`} data-testid="backend-options">
          <summary
            aria-label="Backend options"
            title={`Backend options: allow-icmp-network-policy ${allowIcmp ? 'on' : 'off'}`}
          >
            ⚙
          </summary>
          <label
            className="check"
            title="OVN-Kubernetes allow-icmp-network-policy: ICMP and ICMPv6 pass the default-deny of pods a NetworkPolicy or MultiNetworkPolicy isolates, on the networks OVN-K enforces (AdminNetworkPolicy rules still decide first)"
          >
            <input
              type="checkbox"
              checked={allowIcmp}
              onChange={(e) => store.getState().setAllowIcmp(e.target.checked)}
              data-testid="allow-icmp"
            />
            allow ICMP (OVN-K allow-icmp-network-policy)
          </label>
        </details>
      </div>
      {dialog === 'examples' && <ExamplesMenu onClose={closeMenu} button={examplesButton} />}
      {dialog === 'import' && <ImportDialog onClose={() => setDialog(undefined)} />}
      {dialog === 'export' && <ExportDialog onClose={() => setDialog(undefined)} />}
    </header>
  );
}
