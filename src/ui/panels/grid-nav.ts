/** Where a key moves the active cell of an n-row × m-column grid (WAI-ARIA grid pattern). */
export interface Cell {
  readonly r: number;
  readonly c: number;
}

export function moveCell(
  at: Cell,
  key: string,
  ctrl: boolean,
  rows: number,
  cols: number,
  page: number,
): Cell | undefined {
  const clamp = (v: number, n: number): number => Math.max(0, Math.min(n - 1, v));
  switch (key) {
    case 'ArrowRight':
      return { r: at.r, c: clamp(at.c + 1, cols) };
    case 'ArrowLeft':
      return { r: at.r, c: clamp(at.c - 1, cols) };
    case 'ArrowDown':
      return { r: clamp(at.r + 1, rows), c: at.c };
    case 'ArrowUp':
      return { r: clamp(at.r - 1, rows), c: at.c };
    case 'Home':
      return ctrl ? { r: 0, c: 0 } : { r: at.r, c: 0 };
    case 'End':
      return ctrl ? { r: rows - 1, c: cols - 1 } : { r: at.r, c: cols - 1 };
    case 'PageDown':
      return { r: clamp(at.r + page, rows), c: at.c };
    case 'PageUp':
      return { r: clamp(at.r - page, rows), c: at.c };
    default:
      return undefined;
  }
}

/** The first and last index (inclusive) of fixed-size items visible in a window, with overscan. */
export function visibleRange(
  scroll: number,
  viewport: number,
  size: number,
  count: number,
  overscan = 3,
): [number, number] {
  const first = Math.max(0, Math.floor(scroll / size) - overscan);
  const last = Math.min(count - 1, Math.ceil((scroll + viewport) / size) + overscan);
  return [first, last];
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

/** Natural order: vm1, vm2, vm10 (not vm1, vm10, vm2). */
export function naturalSort(items: readonly string[]): string[] {
  return [...items].sort(collator.compare);
}
