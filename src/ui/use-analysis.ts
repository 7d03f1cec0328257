import { useEffect } from 'react';
import type { AppStore } from '../store/app-store';

let current: AppStore | undefined;

/** Test hook used by the e2e suite (window.__netpol.crashWorker()). */
export function dieWorkerForTest(): void {
  current?.getState().dieWorkerForTest();
}

/** Connects the store's analysis slice to engine workers while the app is mounted. */
export function useAnalysis(store: AppStore): void {
  useEffect(() => {
    current = store;
    const disconnect = store
      .getState()
      .connectEngine(() => new Worker(new URL('../engine/worker.ts', import.meta.url), { type: 'module' }));
    return () => {
      disconnect();
      if (current === store) current = undefined;
    };
  }, [store]);
}
