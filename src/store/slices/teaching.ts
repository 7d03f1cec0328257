import type { AnalysisResult } from '../../engine/analyze';
import type { DesignObject } from '../../io/design';
import { isPolicy } from '../kinds';
import type { Slice } from './types';

export interface Baseline {
  readonly label: string;
  readonly objects: readonly DesignObject[];
}

export interface Teaching {
  /** The full design being taught; restored by stopTeaching. */
  readonly full: readonly DesignObject[];
  /** Policy object ids in the order they are applied. */
  readonly order: readonly string[];
  readonly step: number;
}

/** A staged "before" design to compare with, and teaching mode (policies applied one by one). */
export interface TeachingSlice {
  readonly baseline: Baseline | undefined;
  readonly baselineAnalysis: AnalysisResult | undefined;
  readonly teaching: Teaching | undefined;
  stageBaseline: (label: string) => void;
  clearBaseline: () => void;
  startTeaching: () => void;
  teachStep: (step: number) => void;
  stopTeaching: () => void;
}

/** The design shown at teaching step k: every object but the policies after the k-th. */
export function teachingObjects(t: Teaching, k: number): DesignObject[] {
  const on = new Set(t.order.slice(0, k));
  return t.full.filter((o) => !isPolicy(o) || on.has(o.id));
}

/** The baseline of a teaching step (the step before it); derived, so undo keeps it in step. */
export function teachingBaseline(t: Teaching | undefined): Baseline | undefined {
  if (!t) return undefined;
  return {
    label: t.step === 0 ? 'no policies' : `step ${t.step - 1}`,
    objects: teachingObjects(t, Math.max(0, t.step - 1)),
  };
}

export const createTeachingSlice: Slice<TeachingSlice> = (set, get) => ({
  baseline: undefined,
  baselineAnalysis: undefined,
  teaching: undefined,
  stageBaseline: (label) =>
    set({
      baseline: { label, objects: get().objects },
      baselineAnalysis: get().analysis?.rev === get().rev ? get().analysis?.result : undefined,
    }),
  clearBaseline: () => set({ baseline: undefined, baselineAnalysis: undefined }),
  startTeaching: () => {
    const full = get().objects;
    const teaching = { full, order: full.filter(isPolicy).map((o) => o.id), step: 0 };
    set({ teaching, objects: teachingObjects(teaching, 0) });
  },
  teachStep: (step) => {
    const t = get().teaching;
    if (!t) return;
    const k = Math.max(0, Math.min(step, t.order.length));
    set({ teaching: { ...t, step: k }, objects: teachingObjects(t, k) });
  },
  stopTeaching: () => {
    const t = get().teaching;
    if (t) set({ teaching: undefined, objects: t.full });
  },
});
