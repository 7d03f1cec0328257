import { createStore } from 'zustand/vanilla';
import type { Diagnostic } from '../model/diagnostic';
import { emptyModel, type Model } from '../model/types';
import type { AnalysisResult } from '../engine/analyze';
import { parseManifests } from '../io/k8s-to-model';

export interface Selection {
  readonly from: string;
  readonly to: string;
  readonly network: string;
}

export interface AppState {
  readonly source: string;
  readonly model: Model;
  readonly diagnostics: readonly Diagnostic[];
  readonly rev: number;
  readonly analysis: AnalysisResult | undefined;
  readonly analysisRev: number;
  readonly analysisMs: number;
  readonly engineError: string | undefined;
  readonly selection: Selection | undefined;
  readonly network: string | undefined;
  importYaml: (text: string) => void;
  setAnalysis: (rev: number, result: AnalysisResult, ms: number) => void;
  setEngineError: (message: string | undefined) => void;
  select: (s: Selection | undefined) => void;
  setNetwork: (n: string | undefined) => void;
}

export type AppStore = ReturnType<typeof createAppStore>;

export function createAppStore() {
  return createStore<AppState>()((set, get) => ({
    source: '',
    model: emptyModel(),
    diagnostics: [],
    rev: 0,
    analysis: undefined,
    analysisRev: -1,
    analysisMs: 0,
    engineError: undefined,
    selection: undefined,
    network: undefined,
    importYaml: (text) => {
      const parsed = parseManifests([{ text, file: 'editor' }]);
      set({ source: text, model: parsed.model, diagnostics: parsed.diagnostics, rev: get().rev + 1 });
    },
    setAnalysis: (rev, result, ms) => {
      // A late answer never overwrites a newer one.
      if (rev < get().analysisRev || rev > get().rev) return;
      set({ analysis: result, analysisRev: rev, analysisMs: ms, engineError: undefined });
    },
    setEngineError: (message) => set({ engineError: message }),
    select: (selection) => set({ selection }),
    setNetwork: (network) => set({ network }),
  }));
}
