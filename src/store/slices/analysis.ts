import type { Diagnostic } from '../../model/diagnostic';
import type { Model } from '../../model/types';
import type { AnalysisResult } from '../../engine/analyze';
import { AnalysisClient, type ClientOptions } from '../../engine/client';
import type { Linted, WorkerDiff } from '../../engine/protocol';
import { parseObjects } from '../../io/k8s-to-model';
import { viewOf } from '../selectors';
import type { Baseline } from './teaching';
import type { AppState, Slice } from './types';

export interface AnalysisState {
  readonly rev: number;
  readonly result: AnalysisResult;
  readonly findings: readonly Diagnostic[];
  readonly ms: number;
  /** Who linted the findings: the lint worker beside the engine, or the engine worker itself. */
  readonly linter?: Linted;
}

/**
 * What the engine said about the design, and the connection to it: three workers (the design,
 * the staged baseline, the before/after diff of large designs), started by `connectEngine`.
 */
export interface AnalysisSlice {
  readonly analysis: AnalysisState | undefined;
  /** Before/after diff computed by a worker for designs too large to ship every pair (valid for `baseline` at `rev`). */
  readonly largeDiff:
    { readonly baseline: Baseline; readonly rev: number; readonly diff: WorkerDiff } | undefined;
  readonly engineError: string | undefined;
  /** OVN-K `allow-icmp-network-policy` is on (a preference beside the backend profile: prefs.ts). */
  readonly allowIcmp: boolean;
  /** Re-analyses the design (and the staged baseline) with the option on or off. */
  setAllowIcmp: (on: boolean) => void;
  setAnalysis: (a: AnalysisState) => void;
  setBaselineAnalysis: (a: AnalysisResult | undefined) => void;
  setLargeDiff: (d: AnalysisSlice['largeDiff']) => void;
  setEngineError: (message: string | undefined) => void;
  /**
   * Analyse every revision of the design in workers made by `makeWorker`; returns the disconnect.
   * A superseded analysis stops (its worker is replaced when it has run long: `options`).
   */
  connectEngine: (makeWorker: () => Worker, options?: ClientOptions) => () => void;
  /**
   * The engine's compile diagnostics of `model` (the import preview's text), in a worker of its
   * own started on first use: it never waits for or stops the design's analysis. Undefined when a
   * newer check superseded it or no engine is connected.
   */
  checkModel: (model: Model) => Promise<readonly Diagnostic[] | undefined>;
  /** Test hook (e2e): make the design's worker die as an engine bug would. */
  /** e2e hook: the analysis worker dies (`lint`: its lint worker). */
  dieWorkerForTest: (lint?: boolean) => void;
}

const errorText = (e: unknown) => (e instanceof Error ? e.message : String(e));

export const createAnalysisSlice: Slice<AnalysisSlice> = (set, get, api) => {
  let crash = (_lint?: boolean): void => undefined;
  let check: AnalysisSlice['checkModel'] = () => Promise.resolve(undefined);
  return {
    analysis: undefined,
    largeDiff: undefined,
    engineError: undefined,
    allowIcmp: false,
    setAllowIcmp: (allowIcmp) => set({ allowIcmp, baselineAnalysis: undefined, largeDiff: undefined }),
    setAnalysis: (a) => {
      // A late answer never overwrites a newer one.
      if (a.rev > get().rev || (get().analysis?.rev ?? -1) > a.rev) return;
      const t0 = performance.now();
      set({ analysis: a, engineError: undefined });
      performance.measure('netpol:apply', { start: t0 }); // read by the app bench
    },
    setBaselineAnalysis: (baselineAnalysis) => set({ baselineAnalysis }),
    setLargeDiff: (largeDiff) => set({ largeDiff }),
    setEngineError: (engineError) => set({ engineError }),
    dieWorkerForTest: (lint) => crash(lint),
    checkModel: (model) => check(model),
    connectEngine: (makeWorker, options) => {
      const client = new AnalysisClient(
        makeWorker,
        (message) =>
          get().setNotice({
            kind: 'error',
            text: `The analysis worker stopped (${message}). It was restarted and your design is intact.`,
          }),
        options,
      );
      // the staged baseline's verdicts only: its findings and summaries are never read
      const baselineClient = new AnalysisClient(makeWorker, undefined, { ...options, findings: false });
      // large designs: the before/after diff is computed in its own worker (started on first use)
      const diffClient = new AnalysisClient(makeWorker, undefined, options);
      // the import preview's checks (a worker slot starts its worker on first use)
      const checkClient = new AnalysisClient(makeWorker, undefined, options);
      check = (model) => checkClient.check(model, get().backend);
      crash = (lint) => client.dieForTest(lint);
      const baselineModels = new WeakMap<object, Model>();
      const baselineModel = (b: Baseline): Model => {
        let m = baselineModels.get(b);
        if (!m) baselineModels.set(b, (m = parseObjects(b.objects.map((o) => o.obj)).model));
        return m;
      };
      const run = (): void => {
        const { model, rev, backend, allowIcmp } = get();
        client.analyze(model, rev, backend, allowIcmp).then(
          // the client's answer is the stored state (revision, result, findings, timings)
          (ok) => ok && get().setAnalysis(ok),
          (e: unknown) => get().setEngineError(errorText(e)),
        );
      };
      const runDiff = (s: AppState): void => {
        const b = s.baseline;
        const a = s.analysis;
        if (!b || !a || a.rev !== s.rev) return;
        const large =
          viewOf(a.result).large || (s.baselineAnalysis !== undefined && viewOf(s.baselineAnalysis).large);
        if (!large || (s.largeDiff?.baseline === b && s.largeDiff.rev === s.rev)) return;
        const rev = s.rev;
        diffClient.diff(baselineModel(b), s.model, rev, s.backend, s.allowIcmp).then(
          (ok) => ok && get().baseline === b && get().setLargeDiff({ baseline: b, rev, diff: ok.diff }),
          (e: unknown) =>
            get().setNotice({ kind: 'error', text: `The before/after comparison failed: ${errorText(e)}` }),
        );
      };
      const runBaseline = (b: Baseline): void => {
        void baselineClient
          .analyze(baselineModel(b), 0, get().backend, get().allowIcmp)
          .then((ok) => ok && get().baseline === b && get().setBaselineAnalysis(ok.result));
      };
      run();
      const unsub = api.subscribe((s, prev) => {
        const profile = s.backend !== prev.backend || s.allowIcmp !== prev.allowIcmp;
        if (s.model !== prev.model || profile) run();
        if (
          s.analysis !== prev.analysis ||
          s.baseline !== prev.baseline ||
          s.baselineAnalysis !== prev.baselineAnalysis
        )
          runDiff(s);
        if ((s.baseline !== prev.baseline || profile) && s.baseline) runBaseline(s.baseline);
        if (s.baseline !== prev.baseline && !s.baseline) {
          // nothing to compare with any more: stop the baseline and diff work still running
          baselineClient.cancel();
          diffClient.cancel();
        }
      });
      return () => {
        unsub();
        client.dispose();
        baselineClient.dispose();
        diffClient.dispose();
        checkClient.dispose();
        crash = () => undefined;
        check = () => Promise.resolve(undefined);
      };
    },
  };
};
