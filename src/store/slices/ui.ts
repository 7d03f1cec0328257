import type { Backend } from '../../engine/protocol';
import type { IntentMemory } from '../propose';
import type { Slice } from './types';

export { BACKENDS, type Backend } from '../../engine/protocol';

export interface PairSelection {
  readonly from: string;
  readonly to: string;
  readonly network: string;
}

export interface Notice {
  readonly kind: 'info' | 'error';
  readonly text: string;
}

/** A connection being drawn (issue 17): the dialog proposes allowing (or denying) it. */
export interface ConnectDraft {
  /** Endpoint ids or labels (both are unique in a result). */
  readonly from: string;
  readonly to: string;
  readonly network?: string;
  readonly mode: 'allow' | 'deny';
}

/** What the person is looking at: selection, the chosen pair, filters and the notice bar. */
export interface UiSlice {
  readonly selection: readonly string[];
  readonly pair: PairSelection | undefined;
  readonly notice: Notice | undefined;
  readonly showDenied: boolean;
  readonly networkFilter: string;
  /** Which cluster policies the analysis applies (a preference, see prefs.ts). */
  readonly backend: Backend;
  readonly connectDraft: ConnectDraft | undefined;
  /** Intent mode: matrix cells are edited, the tool writes the policies (issue 17). */
  readonly intentMode: boolean;
  /** The last applied proposal's intent (intent mode edits build on it) and its findings. */
  readonly intentMemory: IntentMemory | undefined;
  /** Bumped by `showWhy`: the results pane opens on the Why panel and focuses it. */
  readonly whyAsked: number;
  select: (ids: readonly string[]) => void;
  selectPair: (p: PairSelection | undefined) => void;
  setNotice: (n: Notice | undefined) => void;
  setShowDenied: (v: boolean) => void;
  setNetworkFilter: (n: string) => void;
  /** A new profile re-analyses the design and the baseline (the old answers are for the other one). */
  setBackend: (b: Backend) => void;
  setConnectDraft: (d: ConnectDraft | undefined) => void;
  setIntentMode: (on: boolean) => void;
  /** Bring the Why of the chosen pair into view (the inspector's pair card links to it). */
  showWhy: () => void;
}

export const createUiSlice: Slice<UiSlice> = (set, get) => ({
  selection: [],
  pair: undefined,
  notice: undefined,
  showDenied: false,
  networkFilter: 'all',
  backend: 'api',
  connectDraft: undefined,
  intentMode: false,
  intentMemory: undefined,
  whyAsked: 0,
  select: (selection) => set({ selection }),
  selectPair: (pair) => set({ pair }),
  setNotice: (notice) => set({ notice }),
  setShowDenied: (showDenied) => set({ showDenied }),
  setNetworkFilter: (networkFilter) => set({ networkFilter }),
  setBackend: (backend) => set({ backend, baselineAnalysis: undefined, largeDiff: undefined }),
  setConnectDraft: (connectDraft) => set({ connectDraft }),
  setIntentMode: (intentMode) => set({ intentMode }),
  showWhy: () => set({ whyAsked: get().whyAsked + 1 }),
});
