import { create } from 'zustand';

export type CanvasMode = 'topology' | 'reachability';

/**
 * How the canvas looks at the design (never saved, never undone): the view, which namespaces and
 * groups are unfolded, what the pointer rests on, and the workload a search focused.
 */
interface CanvasView {
  readonly mode: CanvasMode;
  /** The person chose the view (large designs open on Reachability until then). */
  readonly picked: boolean;
  readonly expanded: ReadonlySet<string>;
  readonly hovered: string | undefined;
  /** A card clicked: its edges stay lit until Esc or a click on the pane. */
  readonly pinned: string | undefined;
  /** A workload label the search focused (its namespace unfolds, it and its neighbours stay lit). */
  readonly focus: string | undefined;
  /** A card is being dragged: the lit card's own bundles wait for the drop (see `lightUp`). */
  readonly dragging: boolean;
  setMode: (m: CanvasMode) => void;
  toggle: (unit: string) => void;
  collapseAll: () => void;
  setHovered: (u: string | undefined) => void;
  setPinned: (u: string | undefined) => void;
  setFocus: (label: string | undefined, expand?: readonly string[]) => void;
  setDragging: (on: boolean) => void;
}

export const useCanvasView = create<CanvasView>()((set, get) => ({
  mode: 'topology',
  picked: false,
  expanded: new Set(),
  hovered: undefined,
  pinned: undefined,
  focus: undefined,
  dragging: false,
  setMode: (mode) => set({ mode, picked: true, hovered: undefined, pinned: undefined }),
  setPinned: (pinned) => set({ pinned, ...(pinned ? {} : { focus: undefined }) }),
  toggle: (unit) => {
    const next = new Set(get().expanded);
    if (next.has(unit)) next.delete(unit);
    else next.add(unit);
    set({ expanded: next });
  },
  collapseAll: () => set({ expanded: new Set(), focus: undefined }),
  setHovered: (hovered) => {
    if (get().hovered !== hovered) set({ hovered });
  },
  setDragging: (dragging) => {
    if (get().dragging !== dragging) set({ dragging });
  },
  setFocus: (focus, expand = []) => set({ focus, expanded: new Set([...get().expanded, ...expand]) }),
}));
