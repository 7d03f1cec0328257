import type { StoreApi } from 'zustand/vanilla';
import type { AnalysisSlice } from './analysis';
import type { DesignSlice } from './design';
import type { ImportSlice } from './import';
import type { LayoutSlice } from './layout';
import type { TeachingSlice } from './teaching';
import type { UiSlice } from './ui';

/** The whole app state: one store composed of slices, each with one job. */
export type AppState = DesignSlice & LayoutSlice & UiSlice & AnalysisSlice & TeachingSlice & ImportSlice;

export type SetState = (partial: Partial<AppState>) => void;

/** A slice: its state and actions, given the composed store's set/get/api. */
export type Slice<T> = (set: SetState, get: () => AppState, api: StoreApi<AppState>) => T;
