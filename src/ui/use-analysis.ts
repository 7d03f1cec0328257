import { useEffect } from 'react';
import { AnalysisClient } from '../engine/client';
import { parseObjects } from '../io/k8s-to-model';
import type { AppStore } from '../store/app-store';

let current: AnalysisClient | undefined;

/** Test hook used by the e2e suite (window.__netpol.crashWorker()). */
export function crashWorkerForTest(): void {
  current?.crashWorker();
}

/** Sends every model revision to the engine worker; stale answers are dropped. */
export function useAnalysis(store: AppStore): void {
  useEffect(() => {
    const client = new AnalysisClient(
      () => new Worker(new URL('../engine/worker.ts', import.meta.url), { type: 'module' }),
      (message) => store.getState().setNotice({ kind: 'error', text: `The analysis worker stopped (${message}). It was restarted and your design is intact.` }),
    );
    const baselineClient = new AnalysisClient(() => new Worker(new URL('../engine/worker.ts', import.meta.url), { type: 'module' }));
    current = client;
    const run = (): void => {
      const { model, rev } = store.getState();
      client.analyze(model, rev).then(
        (ok) => ok && store.getState().setAnalysis({ rev: ok.rev, result: ok.result, findings: ok.findings, ms: ok.ms }),
        (e: unknown) => store.getState().setEngineError(e instanceof Error ? e.message : String(e)),
      );
    };
    run();
    const unsub = store.subscribe((s, prev) => {
      if (s.model !== prev.model) run();
      if (s.baseline !== prev.baseline && s.baseline) {
        const model = parseObjects(s.baseline.objects.map((o) => o.obj)).model;
        void baselineClient.analyze(model, 0).then((ok) => ok && store.getState().baseline === s.baseline && store.getState().setBaselineAnalysis(ok.result));
      }
    });
    return () => {
      unsub();
      client.dispose();
      baselineClient.dispose();
      if (current === client) current = undefined;
    };
  }, [store]);
}
