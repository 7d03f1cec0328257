import type { NewKind } from '../../io/edit/create';
import { autoLayout, type XY } from '../layout';
import type { Slice } from './types';

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

const isNetId = (id: string) => id.startsWith('NetworkAttachmentDefinition/') || id === 'net:default';

/** Where a new node goes: workloads at the end of the top row, networks on a row below. */
export function placeNew(layout: Readonly<Record<string, XY>>, kind: NewKind): XY | undefined {
  const isNet = kind === 'NetworkAttachmentDefinition';
  if (!isNet && kind !== 'Pod' && kind !== 'VirtualMachine' && kind !== 'ExternalHost') return undefined;
  const entries = Object.entries(layout);
  const nets = entries.filter(([id]) => isNetId(id)).map(([, p]) => p);
  const wls = entries.filter(([id]) => !isNetId(id)).map(([, p]) => p);
  const top = wls.length ? Math.min(...wls.map((p) => p.y)) : 40;
  const bottom = wls.length ? Math.max(...wls.map((p) => p.y)) : 40;
  if (isNet)
    return {
      x: nets.length ? Math.max(...nets.map((p) => p.x)) + 260 : 40,
      y: nets.length ? (nets[0]?.y ?? bottom + 200) : bottom + 200,
    };
  return { x: wls.length ? Math.max(...wls.filter((p) => p.y === top).map((p) => p.x)) + 200 : 40, y: top };
}
