import { useEffect } from 'react';
import type { AppStore } from '../store/app-store';
import { loadAllowIcmp, loadBackend, saveAllowIcmp, saveBackend } from '../store/prefs';

let current: AppStore | undefined;

/** Test hooks used by the e2e suite (window.__netpol.crashWorker(), crashLintWorker()). */
export function dieWorkerForTest(lint = false): void {
  current?.getState().dieWorkerForTest(lint);
}

function localStore(): Storage | undefined {
  try {
    return window.localStorage;
  } catch {
    return undefined; // blocked (privacy mode): the preference is not remembered
  }
}

/** Connects the store's analysis slice to engine workers while the app is mounted. */
export function useAnalysis(store: AppStore): void {
  useEffect(() => {
    current = store;
    // the backend profile preference, before the first analysis asks for it
    const storage = localStore();
    store.getState().setBackend(loadBackend(storage));
    store.getState().setAllowIcmp(loadAllowIcmp(storage));
    const unsubPref = store.subscribe((s, prev) => {
      if (s.backend !== prev.backend) saveBackend(storage, s.backend);
      if (s.allowIcmp !== prev.allowIcmp) saveAllowIcmp(storage, s.allowIcmp);
    });
    const disconnect = store
      .getState()
      .connectEngine(() => new Worker(new URL('../engine/worker.ts', import.meta.url), { type: 'module' }));
    return () => {
      unsubPref();
      disconnect();
      if (current === store) current = undefined;
    };
  }, [store]);
}
