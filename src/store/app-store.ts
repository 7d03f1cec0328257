import { temporal } from 'zundo';
import { createStore, type StateCreator, type StoreMutatorIdentifier } from 'zustand/vanilla';
import type { DesignObject } from '../io/design';
import type { XY } from './layout';
import { patchDerived } from './derive-patch';
import { createAnalysisSlice } from './slices/analysis';
import { createDesignSlice, derive } from './slices/design';
import { createImportSlice } from './slices/import';
import { createLayoutSlice } from './slices/layout';
import { createTeachingSlice, teachingBaseline } from './slices/teaching';
import type { AppState } from './slices/types';
import { createUiSlice } from './slices/ui';

export type { AppState } from './slices/types';
export type { PairSelection, Notice, ConnectDraft } from './slices/ui';
export type { AnalysisState } from './slices/analysis';
export type { Baseline, Teaching } from './slices/teaching';
export type { ImportStatus } from './slices/import';
export { derive } from './slices/design';

type Mutable<T> = { -readonly [K in keyof T]?: T[K] };

/**
 * Derived state joins the update it derives from — edits, undo and redo alike — so one change
 * notifies once and is analysed once (defect 3): the model from the objects (with the next
 * revision), and in teaching mode the step's baseline from the step (defect 7).
 */
export function withDerived(prev: AppState, next: Partial<AppState>): Partial<AppState> {
  const out: Mutable<AppState> = { ...next };
  // an update that brings its own derivation (an import derives to lay out) is not derived again
  const derivedFrom = next.derivedFrom !== undefined ? next.derivedFrom : prev.derivedFrom;
  if (next.objects !== undefined && next.objects !== derivedFrom) {
    const t0 = performance.now();
    // an edit in place swaps the edited objects' values in the model; anything else joins them all
    Object.assign(out, patchDerived(prev, next.objects) ?? derive(next.objects));
    performance.measure('netpol:derive', { start: t0 }); // read by the app bench
    if (next.rev === undefined) out.rev = prev.rev + 1;
  }
  if ('teaching' in next && next.teaching !== prev.teaching) {
    out.baseline = teachingBaseline(next.teaching);
    out.baselineAnalysis = undefined;
  }
  return out;
}

type Update = AppState | Partial<AppState> | ((s: AppState) => Partial<AppState>);

/** Middleware (outside zundo, so its undo and redo pass through it): see `withDerived`. */
function deriving<Mcs extends [StoreMutatorIdentifier, unknown][]>(
  config: StateCreator<AppState, [], Mcs>,
): StateCreator<AppState, [], Mcs> {
  return (set, get, api) => {
    const resolve = (p: Update) => withDerived(get(), typeof p === 'function' ? p(get()) : p);
    const state = config(((p: Update) => set(resolve(p))) as typeof set, get, api);
    // store.setState from outside (persistence, tests) too; zundo has wrapped it by now
    const outer = api.setState;
    api.setState = ((p: Update) => outer(resolve(p))) as typeof api.setState;
    return state;
  };
}

export type AppStore = ReturnType<typeof createAppStore>;

/** One store of slices: design (undoable, with teaching), layout, ui, analysis, baseline/teaching. */
export function createAppStore(
  initial: { objects?: readonly DesignObject[]; layout?: Record<string, XY> } = {},
) {
  return createStore<AppState>()(
    deriving(
      temporal(
        (set, get, api) => ({
          ...createDesignSlice(initial.objects ?? [])(set, get, api),
          ...createLayoutSlice(initial.layout)(set, get, api),
          ...createUiSlice(set, get, api),
          ...createAnalysisSlice(set, get, api),
          ...createTeachingSlice(set, get, api),
          ...createImportSlice(set, get, api),
        }),
        {
          // the teaching step is undone with the objects it shows (defect 7)
          partialize: (s) => ({ objects: s.objects, teaching: s.teaching }),
          equality: (a, b) => a.objects === b.objects && a.teaching === b.teaching,
          limit: 200,
        },
      ),
    ),
  );
}
