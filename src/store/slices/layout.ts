import type { NewKind } from '../../io/edit/create';
import { autoLayout, type XY } from '../layout';
import type { Slice } from './types';
import { freeSpot } from '../free-space';

/** Node positions on the canvas, by design object id (not undoable: moving is not editing). */
export interface LayoutSlice {
  readonly layout: Readonly<Record<string, XY>>;
  moveNodes: (positions: Readonly<Record<string, XY>>) => void;
  relayout: () => void;
}

export const createLayoutSlice =
  (initial: Record<string, XY> = {}): Slice<LayoutSlice> =>
  (set, get) => ({
    layout: initial,
    moveNodes: (positions) => set({ layout: { ...get().layout, ...positions } }),
    relayout: () => set({ layout: autoLayout(get().model) }),
  });

/** Where a new node goes: the first free spot (workloads and networks never land on another node). */
export function placeNew(layout: Readonly<Record<string, XY>>, kind: NewKind): XY | undefined {
  const isNet = kind === 'NetworkAttachmentDefinition';
  if (!isNet && kind !== 'Pod' && kind !== 'VirtualMachine' && kind !== 'ExternalHost') return undefined;
  return freeSpot(layout, undefined, isNet);
}
