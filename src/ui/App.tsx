import { useState } from 'react';
import { createAppStore } from '../store/store';
import { StoreContext } from './store-context';
import { useAnalysis } from './use-analysis';
import { YamlPanel } from './views/yaml-panel';
import { MatrixView } from './views/matrix-view';
import { WhyPanel } from './views/why-panel';
import { ProbeBox } from './views/probe-box';
import { StatusBar } from './views/status-bar';

export function App() {
  const [store] = useState(createAppStore);
  useAnalysis(store);
  return (
    <StoreContext.Provider value={store}>
      <div className="app">
        <header className="topbar">
          <h1>netpol-studio</h1>
          <span className="tagline">who reaches whom, on which network and port — and why</span>
        </header>
        <main className="workspace">
          <section className="left">
            <YamlPanel />
          </section>
          <section className="right">
            <MatrixView />
            <div className="below">
              <WhyPanel />
              <ProbeBox />
            </div>
          </section>
        </main>
        <StatusBar />
      </div>
    </StoreContext.Provider>
  );
}
