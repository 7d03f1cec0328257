import type { Slice } from './types';

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
  /** Bumped by `showWhy`: the results pane opens on the Why panel and focuses it. */
  readonly whyAsked: number;
  select: (ids: readonly string[]) => void;
  selectPair: (p: PairSelection | undefined) => void;
  setNotice: (n: Notice | undefined) => void;
  setShowDenied: (v: boolean) => void;
  setNetworkFilter: (n: string) => void;
  /** Bring the Why of the chosen pair into view (the inspector's pair card links to it). */
  showWhy: () => void;
}

export const createUiSlice: Slice<UiSlice> = (set, get) => ({
  selection: [],
  pair: undefined,
  notice: undefined,
  showDenied: false,
  networkFilter: 'all',
  whyAsked: 0,
  select: (selection) => set({ selection }),
  selectPair: (pair) => set({ pair }),
  setNotice: (notice) => set({ notice }),
  setShowDenied: (showDenied) => set({ showDenied }),
  setNetworkFilter: (networkFilter) => set({ networkFilter }),
  showWhy: () => set({ whyAsked: get().whyAsked + 1 }),
});
