import { useState } from 'react';
import { ReactFlowProvider } from '@xyflow/react';
import { createAppStore, type AppStore } from '../store/app-store';
import { StoreContext } from './store-context';
import { useAnalysis } from './use-analysis';
import { restoreDesign, useAutosave } from './use-persistence';
import { useShortcuts } from './use-shortcuts';
import { useParser } from './use-parser';
import { ImportProgress } from './import-progress';
import { Toolbar } from './toolbar';
import { NoticeBar } from './notice-bar';
import { StatusBar } from './status-bar';
import { Workspace } from './panels/workspace';
import { ConnectDialog } from './intent/connect-dialog';

/**
 * One store per page. StrictMode (the dev server) calls a state initialiser twice: a second store
 * was restored again and, its test hook installed last, was the one a script's `importYaml` reached
 * while the page showed the first (the import "did nothing").
 */
let pageStore: AppStore | undefined;

function makeStore(): AppStore {
  if (pageStore) return pageStore;
  const store = createAppStore();
  pageStore = store;
  restoreDesign(store);
  // test hooks only outside production: the e2e build runs in mode `e2e` (statically false here otherwise)
  if (import.meta.env.MODE === 'e2e' || import.meta.env.DEV)
    void import('./test-hooks').then((m) => m.installTestHooks(store));
  return store;
}

export function App() {
  const [store] = useState(makeStore);
  useAnalysis(store);
  useAutosave(store);
  useShortcuts(store);
  useParser(store);
  return (
    <StoreContext.Provider value={store}>
      <ReactFlowProvider>
        <div className="app">
          <Toolbar />
          {/* one grid row: the progress took the workspace's row (a half-empty page) */}
          <div className="notices">
            <NoticeBar />
            <ImportProgress />
          </div>
          <Workspace />
          <StatusBar />
          <ConnectDialog />
        </div>
      </ReactFlowProvider>
    </StoreContext.Provider>
  );
}
