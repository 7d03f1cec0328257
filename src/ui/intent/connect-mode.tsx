import { useCallback, useEffect } from 'react';
import { create } from 'zustand';
import type { Node } from '@xyflow/react';
import { endpointObjectId } from '../../store/layout';
import type { AppStore } from '../../store/app-store';

/**
 * Drawing a connection on the canvas (issue 17): with "Draw connection" on, drag from one
 * workload to another (or click the source, then the destination); the connect dialog opens.
 * Never saved, never undone: it only picks the pair.
 */
interface ConnectMode {
  readonly on: boolean;
  /** Object id of the source picked so far. */
  readonly source: string | undefined;
  toggle: () => void;
  setSource: (id: string | undefined) => void;
}

export const useConnectMode = create<ConnectMode>()((set, get) => ({
  on: false,
  source: undefined,
  toggle: () => set({ on: !get().on, source: undefined }),
  setSource: (source) => set({ source }),
}));

/** The endpoint id behind a workload card's object id. */
function endpointOf(store: AppStore, objectId: string): string | undefined {
  return store.getState().model.endpoints.find((e) => endpointObjectId(e) === objectId)?.id;
}

function open(store: AppStore, from: string, to: string): void {
  const a = endpointOf(store, from);
  const b = endpointOf(store, to);
  useConnectMode.getState().setSource(undefined);
  if (!a || !b || a === b) return;
  store.getState().setConnectDraft({ from: a, to: b, mode: 'allow' });
}

/** The card a press started on (one pointer at a time). */
let pressed: string | undefined;

const workloadAt = (x: number, y: number): string | undefined =>
  document
    .elementsFromPoint(x, y)
    .map((el) => el.closest<HTMLElement>('.react-flow__node-workload'))
    .find((el) => el)?.dataset.id;

/**
 * The canvas's hooks: `onNodeClick` (true when it consumed the click) and pointer handlers for
 * the canvas root (a drag from one workload card to another). Nodes do not move while it is on.
 */
export function useConnectGesture(store: AppStore) {
  const on = useConnectMode((s) => s.on);
  const onNodeClick = useCallback(
    (n: Node): boolean => {
      const mode = useConnectMode.getState();
      if (!mode.on) return false;
      if (n.type !== 'workload') return true;
      if (!mode.source) mode.setSource(n.id);
      else if (mode.source !== n.id) open(store, mode.source, n.id);
      return true;
    },
    [store],
  );
  // a drag is a press on one card and a release on another; a click on one card is left to onNodeClick
  useEffect(() => {
    if (!on) return;
    const down = (e: globalThis.PointerEvent) => {
      pressed = workloadAt(e.clientX, e.clientY);
    };
    const up = (e: globalThis.PointerEvent) => {
      const id = workloadAt(e.clientX, e.clientY);
      if (pressed && id && id !== pressed) open(store, pressed, id);
      pressed = undefined;
    };
    document.addEventListener('pointerdown', down, true);
    document.addEventListener('pointerup', up, true);
    return () => {
      document.removeEventListener('pointerdown', down, true);
      document.removeEventListener('pointerup', up, true);
    };
  }, [on, store]);
  return { on, onNodeClick };
}

/** The canvas button that turns drawing on and off, and the hint of what to do next. */
export function ConnectButton() {
  const { on, source, toggle } = useConnectMode();
  return (
    <>
      <button
        className={`connect-toggle${on ? ' active' : ''}`}
        aria-pressed={on}
        data-testid="connect-toggle"
        title="Draw a connection: drag from one workload to another to allow it"
        onClick={toggle}
        style={{ position: 'absolute', right: 10, top: 44, zIndex: 6 }}
      >
        ⇢ Draw connection
      </button>
      {on && (
        <div className="connect-hint" role="status" data-testid="connect-hint">
          {source
            ? `From ${source.split('/').pop()}: drop on (or click) the destination`
            : 'Drag from a workload to another (or click the source, then the destination)'}
        </div>
      )}
    </>
  );
}
