import { useEffect, useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { createAppStore } from '../store/app-store';
import { StoreContext, useApp } from './store-context';
import { useAnalysis } from './use-analysis';
import { restoreDesign, useAutosave } from './use-persistence';
import { useShortcuts } from './use-shortcuts';
import { Toolbar } from './toolbar';
import { Palette } from './palette';
import { Canvas } from './canvas/canvas';
import { Inspector } from './inspector/inspector';
import { BottomPanel } from './panels/bottom-panel';
import { EmptyState } from './gallery-view';
import { NoticeBar } from './notice-bar';
import { StatusBar } from './status-bar';

function makeStore() {
  const store = createAppStore();
  restoreDesign(store);
  // test hooks only outside production: the e2e build runs in mode `e2e` (statically false here otherwise)
  if (import.meta.env.MODE === 'e2e' || import.meta.env.DEV)
    void import('./test-hooks').then((m) => m.installTestHooks(store));
  return store;
}

function Workspace() {
  const empty = useApp((s) => s.objects.length === 0);
  return (
    <main className="workspace">
      <Palette />
      <section className="center">
        <div className="canvas-wrap">
          <Canvas />
          {empty && <EmptyState />}
        </div>
        <BottomPanel />
      </section>
      <Inspector />
    </main>
  );
}

export function App() {
  const [store] = useState(makeStore);
  useAnalysis(store);
  useAutosave(store);
  useShortcuts(store);
  useEffect(() => () => undefined, []);
  return (
    <StoreContext.Provider value={store}>
      <ReactFlowProvider>
        <div className="app">
          <Toolbar />
          <NoticeBar />
          <Workspace />
          <StatusBar />
        </div>
      </ReactFlowProvider>
    </StoreContext.Provider>
  );
}
