import { useEffect } from 'react';
import { AnalysisClient } from '../engine/client';
import type { AppStore } from '../store/store';

/** Sends every model revision to the engine worker; stale answers are dropped. */
export function useAnalysis(store: AppStore): void {
  useEffect(() => {
    const client = new AnalysisClient(
      () => new Worker(new URL('../engine/worker.ts', import.meta.url), { type: 'module' }),
      (message) => store.getState().setEngineError(`The analysis worker stopped (${message}); it was restarted.`),
    );
    const run = (): void => {
      const { model, rev } = store.getState();
      client.analyze(model, rev).then(
        (ok) => ok && store.getState().setAnalysis(ok.rev, ok.result, ok.ms),
        (e: unknown) => store.getState().setEngineError(e instanceof Error ? e.message : String(e)),
      );
    };
    run();
    const unsub = store.subscribe((s, prev) => {
      if (s.rev !== prev.rev) run();
    });
    return () => {
      unsub();
      client.dispose();
    };
  }, [store]);
}
