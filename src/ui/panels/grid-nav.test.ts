import { describe, expect, it } from 'vitest';
import { moveCell, naturalSort, visibleRange } from './grid-nav';

describe('matrix grid navigation', () => {
  it('sorts names naturally', () => {
    expect(naturalSort(['vm10', 'vm2', 'vm1', 'ns/b', 'VM3'])).toEqual(['ns/b', 'vm1', 'vm2', 'VM3', 'vm10']);
  });
  it('moves by arrows and clamps at the edges', () => {
    expect(moveCell({ r: 0, c: 0 }, 'ArrowLeft', false, 5, 4, 3)).toEqual({ r: 0, c: 0 });
    expect(moveCell({ r: 0, c: 3 }, 'ArrowRight', false, 5, 4, 3)).toEqual({ r: 0, c: 3 });
    expect(moveCell({ r: 4, c: 1 }, 'ArrowDown', false, 5, 4, 3)).toEqual({ r: 4, c: 1 });
    expect(moveCell({ r: 2, c: 1 }, 'ArrowUp', false, 5, 4, 3)).toEqual({ r: 1, c: 1 });
  });
  it('Home/End move in the row, with Ctrl to the corners; pages move by the page size', () => {
    expect(moveCell({ r: 2, c: 2 }, 'Home', false, 5, 4, 3)).toEqual({ r: 2, c: 0 });
    expect(moveCell({ r: 2, c: 2 }, 'End', false, 5, 4, 3)).toEqual({ r: 2, c: 3 });
    expect(moveCell({ r: 2, c: 2 }, 'End', true, 5, 4, 3)).toEqual({ r: 4, c: 3 });
    expect(moveCell({ r: 2, c: 2 }, 'Home', true, 5, 4, 3)).toEqual({ r: 0, c: 0 });
    expect(moveCell({ r: 1, c: 2 }, 'PageDown', false, 5, 4, 3)).toEqual({ r: 4, c: 2 });
    expect(moveCell({ r: 1, c: 2 }, 'PageUp', false, 5, 4, 3)).toEqual({ r: 0, c: 2 });
    expect(moveCell({ r: 1, c: 2 }, 'x', false, 5, 4, 3)).toBeUndefined();
  });
  it('computes the visible window with overscan', () => {
    expect(visibleRange(0, 100, 25, 1000, 2)).toEqual([0, 6]);
    expect(visibleRange(500, 100, 25, 1000, 2)).toEqual([18, 26]);
    expect(visibleRange(24900, 100, 25, 1000, 2)).toEqual([994, 999]);
  });
});
