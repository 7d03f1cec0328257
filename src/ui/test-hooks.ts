import type { AppStore } from '../store/app-store';
import { dieWorkerForTest } from './use-analysis';

/**
 * `window.__netpol` for the e2e suite: the store and ways to crash the analysis worker and its
 * lint worker.
 * Loaded only by builds in mode `e2e` (or the dev server); the production bundle has neither.
 */
export function installTestHooks(store: AppStore): void {
  (window as unknown as { __netpol?: unknown }).__netpol = {
    store,
    crashWorker: () => dieWorkerForTest(),
    crashLintWorker: () => dieWorkerForTest(true),
  };
}
