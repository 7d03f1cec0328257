import { useCallback, useEffect, useRef, type RefObject } from 'react';
import type { Edge, Node, ReactFlowInstance, Viewport } from '@xyflow/react';
import { fitAll } from './fit';

/** The view is still where the last fit put it (the person has not panned or zoomed since). */
const unmoved = (now: Viewport, fitted: Viewport | undefined): boolean =>
  !!fitted &&
  Math.abs(now.x - fitted.x) < 0.5 &&
  Math.abs(now.y - fitted.y) < 0.5 &&
  Math.abs(now.zoom - fitted.zoom) < 1e-4;

/**
 * The canvas's fit (see fitAll), and the same fit again when the canvas changes size while the
 * view is still as the last fit left it: at 1024 px the inspector opens on a selection and takes
 * its width from the canvas, and the fitted picture ran off the right edge and under "Draw
 * connection" (which keeps to the canvas's right edge). A view the person moved stays as it is.
 */
export function useFit(
  rf: ReactFlowInstance<Node, Edge> | null,
  root: RefObject<HTMLDivElement | null>,
  arcs: boolean,
): () => void {
  const fitted = useRef<Viewport | undefined>(undefined);
  const fit = useCallback(() => {
    if (!rf) return;
    fitAll(rf, root.current, { arcs });
    fitted.current = rf.getViewport();
  }, [rf, root, arcs]);
  useEffect(() => {
    const el = root.current;
    if (!rf || !el) return;
    let size = `${el.clientWidth}x${el.clientHeight}`;
    let t: ReturnType<typeof setTimeout> | undefined;
    const seen = new ResizeObserver(() => {
      const now = `${el.clientWidth}x${el.clientHeight}`;
      if (now === size) return;
      size = now;
      clearTimeout(t);
      // once the panels have settled
      t = setTimeout(() => {
        if (unmoved(rf.getViewport(), fitted.current)) fit();
      }, 100);
    });
    seen.observe(el);
    return () => {
      seen.disconnect();
      clearTimeout(t);
    };
  }, [rf, root, fit]);
  return fit;
}
