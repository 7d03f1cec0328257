import { useEffect } from 'react';
import { AnalysisClient } from '../engine/client';
import { parseObjects } from '../io/k8s-to-model';
import type { AppState, AppStore } from '../store/app-store';
import type { Model } from '../model/types';
import { viewOf } from '../store/selectors';

let current: AnalysisClient | undefined;

/** Test hook used by the e2e suite (window.__netpol.crashWorker()). */
export function crashWorkerForTest(): void {
  current?.dieForTest();
}

/** Sends every model revision to the engine worker; stale answers are dropped. */
export function useAnalysis(store: AppStore): void {
  useEffect(() => {
    const client = new AnalysisClient(
      () => new Worker(new URL('../engine/worker.ts', import.meta.url), { type: 'module' }),
      (message) =>
        store.getState().setNotice({
          kind: 'error',
          text: `The analysis worker stopped (${message}). It was restarted and your design is intact.`,
        }),
    );
    const baselineClient = new AnalysisClient(
      () => new Worker(new URL('../engine/worker.ts', import.meta.url), { type: 'module' }),
    );
    // large designs: the before/after diff is computed in its own worker (started on first use)
    const diffClient = new AnalysisClient(
      () => new Worker(new URL('../engine/worker.ts', import.meta.url), { type: 'module' }),
    );
    const baselineModels = new WeakMap<object, Model>();
    const baselineModel = (b: NonNullable<AppState['baseline']>): Model => {
      let m = baselineModels.get(b);
      if (!m) baselineModels.set(b, (m = parseObjects(b.objects.map((o) => o.obj)).model));
      return m;
    };
    const runDiff = (s: AppState): void => {
      const b = s.baseline;
      const a = s.analysis;
      if (!b || !a || a.rev !== s.rev) return;
      const large =
        viewOf(a.result).large || (s.baselineAnalysis !== undefined && viewOf(s.baselineAnalysis).large);
      if (!large || (s.largeDiff?.baseline === b && s.largeDiff.rev === s.rev)) return;
      const rev = s.rev;
      diffClient.diff(baselineModel(b), s.model, rev).then(
        (ok) =>
          ok &&
          store.getState().baseline === b &&
          store.getState().setLargeDiff({ baseline: b, rev, diff: ok.diff }),
        (e: unknown) =>
          store.getState().setNotice({
            kind: 'error',
            text: `The before/after comparison failed: ${e instanceof Error ? e.message : String(e)}`,
          }),
      );
    };
    current = client;
    const run = (): void => {
      const { model, rev } = store.getState();
      client.analyze(model, rev).then(
        (ok) =>
          ok &&
          store.getState().setAnalysis({ rev: ok.rev, result: ok.result, findings: ok.findings, ms: ok.ms }),
        (e: unknown) => store.getState().setEngineError(e instanceof Error ? e.message : String(e)),
      );
    };
    run();
    const unsub = store.subscribe((s, prev) => {
      if (s.model !== prev.model) run();
      if (
        s.analysis !== prev.analysis ||
        s.baseline !== prev.baseline ||
        s.baselineAnalysis !== prev.baselineAnalysis
      )
        runDiff(s);
      if (s.baseline !== prev.baseline && s.baseline) {
        const model = baselineModel(s.baseline);
        void baselineClient
          .analyze(model, 0)
          .then(
            (ok) =>
              ok &&
              store.getState().baseline === s.baseline &&
              store.getState().setBaselineAnalysis(ok.result),
          );
      }
    });
    return () => {
      unsub();
      client.dispose();
      baselineClient.dispose();
      diffClient.dispose();
      if (current === client) current = undefined;
    };
  }, [store]);
}
