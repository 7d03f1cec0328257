import { memo, useLayoutEffect, useRef, useState, type KeyboardEvent } from 'react';
import type { Protocol } from '../../model/types';
import type { AnalysisState } from '../../store/app-store';
import { cellStateFor, findConnection, formatConns, formatFor } from '../../store/selectors';
import { moveCell, visibleRange, type Cell } from './grid-nav';

const ROW_H = 24;
const COL_W = 84;
const HEAD_H = 26;
const ROW_HEAD_W = 150;

interface Props {
  analysis: AnalysisState['result'];
  network: string;
  names: readonly string[];
  protocol: 'all' | Protocol | 'ICMP';
  selected: { from: string; to: string } | undefined;
  onPick: (from: string, to: string) => void;
  /** Intent hooks (issue 17): Shift-click, right-click or an intent-mode click; true when handled. */
  onCellAction?: (from: string, to: string, how: 'shift' | 'context' | 'click') => boolean;
  /** An extra class per cell (intent mode marks verdicts that differ from the intent). */
  cellMark?: (fromId: string, toId: string) => string | undefined;
}

/**
 * The reachability matrix as an ARIA grid: one tab stop (the grid; the active cell is its
 * aria-activedescendant), arrow keys, Home/End (Ctrl: corners), PageUp/PageDown, Enter picks.
 * Only the visible rows and columns are rendered, so 1,000 × 1,000 stays cheap. Memoised: an edit
 * re-renders the matrix view, and the cells only change with the verdicts (or the filters).
 */
export const MatrixGrid = memo(function MatrixGrid({
  analysis,
  network,
  names,
  protocol,
  selected,
  onPick,
  onCellAction,
  cellMark,
}: Props) {
  const ref = useRef<HTMLDivElement>(null);
  const [scroll, setScroll] = useState({ top: 0, left: 0, w: 600, h: 200 });
  const [active, setActive] = useState<Cell>({ r: 0, c: 0 });
  const n = names.length;
  const at: Cell = { r: Math.min(active.r, n - 1), c: Math.min(active.c, n - 1) };
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = (): void =>
      setScroll({ top: el.scrollTop, left: el.scrollLeft, w: el.clientWidth, h: el.clientHeight });
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const [r0, r1] = visibleRange(scroll.top, scroll.h - HEAD_H, ROW_H, n);
  const [c0, c1] = visibleRange(scroll.left, scroll.w - ROW_HEAD_W, COL_W, n);
  const rowIdx = range(r0, r1, at.r);
  const colIdx = range(c0, c1, at.c);
  const id = (r: number, c: number): string => `mx-${r}-${c}`;

  const reveal = (cell: Cell): void => {
    const el = ref.current;
    if (!el) return;
    const top = cell.r * ROW_H;
    const left = cell.c * COL_W;
    if (top < el.scrollTop) el.scrollTop = top;
    else if (top + ROW_H > el.scrollTop + el.clientHeight - HEAD_H)
      el.scrollTop = top + ROW_H - el.clientHeight + HEAD_H;
    if (left < el.scrollLeft) el.scrollLeft = left;
    else if (left + COL_W > el.scrollLeft + el.clientWidth - ROW_HEAD_W)
      el.scrollLeft = left + COL_W - el.clientWidth + ROW_HEAD_W;
  };
  const onKey = (e: KeyboardEvent<HTMLDivElement>): void => {
    if (n === 0) return;
    if (e.key === 'Enter' || e.key === ' ') {
      e.preventDefault();
      const from = names[at.r];
      const to = names[at.c];
      if (from && to && from !== to) onPick(from, to);
      return;
    }
    const page = Math.max(1, Math.floor((scroll.h - HEAD_H) / ROW_H) - 1);
    const next = moveCell(at, e.key, e.ctrlKey || e.metaKey, n, n, page);
    if (!next) return;
    e.preventDefault();
    setActive(next);
    reveal(next);
  };

  return (
    <div
      ref={ref}
      className="mgrid"
      role="grid"
      tabIndex={0}
      aria-label={`Reachability on ${network === 'default' ? 'the pod network' : network}: rows are sources, columns destinations`}
      aria-rowcount={n + 1}
      aria-colcount={n + 1}
      aria-activedescendant={n ? id(at.r, at.c) : undefined}
      data-testid="matrix-grid"
      data-active={n ? `${names[at.r]}|${names[at.c]}` : ''}
      onKeyDown={onKey}
      onScroll={(e) => {
        const el = e.currentTarget;
        setScroll({ top: el.scrollTop, left: el.scrollLeft, w: el.clientWidth, h: el.clientHeight });
      }}
    >
      <div className="mgrid-space" style={{ width: ROW_HEAD_W + n * COL_W, height: HEAD_H + n * ROW_H }}>
        <div role="row" aria-rowindex={1} className="mgrid-head" style={{ height: HEAD_H }}>
          <div role="columnheader" aria-colindex={1} className="mgrid-corner" style={{ width: ROW_HEAD_W }}>
            from ↓ / to →
          </div>
          {colIdx.map((c) => (
            <div
              key={c}
              role="columnheader"
              aria-colindex={c + 2}
              className="mgrid-col"
              title={names[c]}
              style={{ left: ROW_HEAD_W + c * COL_W, width: COL_W }}
            >
              {names[c]}
            </div>
          ))}
        </div>
        {rowIdx.map((r) => {
          const from = names[r] as string;
          return (
            <div
              key={r}
              role="row"
              aria-rowindex={r + 2}
              className="mgrid-row"
              style={{ top: HEAD_H + r * ROW_H, height: ROW_H }}
            >
              <div role="rowheader" aria-colindex={1} className="mgrid-rowhead" title={from}>
                {from}
              </div>
              {colIdx.map((c) => {
                const to = names[c] as string;
                const conn = findConnection(analysis, from, to, network);
                const state = conn ? cellStateFor(conn.allowed, protocol) : 'self';
                const isActive = r === at.r && c === at.c;
                const isSel = selected?.from === from && selected.to === to;
                const mark = conn && cellMark?.(conn.fromId, conn.toId);
                return (
                  <div
                    key={c}
                    id={id(r, c)}
                    role="gridcell"
                    aria-colindex={c + 2}
                    aria-selected={isSel}
                    className={`mgrid-cell ${state}${isSel ? ' selected' : ''}${isActive ? ' active' : ''}${mark ? ` ${mark}` : ''}`}
                    style={{ left: ROW_HEAD_W + c * COL_W, width: COL_W }}
                    data-testid={`cell-${from}-${to}`}
                    data-state={conn ? state : undefined}
                    title={conn ? `${from} → ${to}: ${formatConns(conn.allowed)}` : `${from} (itself)`}
                    onClick={(e) => {
                      setActive({ r, c });
                      ref.current?.focus({ preventScroll: true });
                      if (conn && onCellAction?.(from, to, e.shiftKey ? 'shift' : 'click')) return;
                      if (conn) onPick(from, to);
                    }}
                    onContextMenu={(e) => {
                      if (conn && onCellAction?.(from, to, 'context')) e.preventDefault();
                    }}
                  >
                    {conn ? formatFor(conn.allowed, protocol) : '—'}
                  </div>
                );
              })}
            </div>
          );
        })}
      </div>
    </div>
  );
});

/** first..last, plus `keep` (the active index stays rendered for aria-activedescendant). */
function range(first: number, last: number, keep: number): number[] {
  const out: number[] = [];
  for (let k = first; k <= last; k++) out.push(k);
  if (keep >= 0 && (keep < first || keep > last)) out.push(keep);
  return out;
}
