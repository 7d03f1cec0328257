import type { Backend } from '../../engine/protocol';
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

/** What the person is looking at: selection, the chosen pair, filters and the notice bar. */
export interface UiSlice {
  readonly selection: readonly string[];
  readonly pair: PairSelection | undefined;
  readonly notice: Notice | undefined;
  readonly showDenied: boolean;
  readonly networkFilter: string;
  /** Which cluster policies the analysis applies (a preference, see prefs.ts). */
  readonly backend: Backend;
  /** Bumped by `showWhy`: the results pane opens on the Why panel and focuses it. */
  readonly whyAsked: number;
  select: (ids: readonly string[]) => void;
  selectPair: (p: PairSelection | undefined) => void;
  setNotice: (n: Notice | undefined) => void;
  setShowDenied: (v: boolean) => void;
  setNetworkFilter: (n: string) => void;
  /** A new profile re-analyses the design and the baseline (the old answers are for the other one). */
  setBackend: (b: Backend) => void;
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
  whyAsked: 0,
  select: (selection) => set({ selection }),
  selectPair: (pair) => set({ pair }),
  setNotice: (notice) => set({ notice }),
  setShowDenied: (showDenied) => set({ showDenied }),
  setNetworkFilter: (networkFilter) => set({ networkFilter }),
  setBackend: (backend) => set({ backend, baselineAnalysis: undefined, largeDiff: undefined }),
  showWhy: () => set({ whyAsked: get().whyAsked + 1 }),
});
