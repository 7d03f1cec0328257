import { describe, expect, it } from 'vitest';
import { arcTop, byNetwork, placement, type Overlays } from './fit';

/** The picture's box on screen once placed. */
function onScreen(
  at: { x: number; y: number },
  size: { width: number; height: number },
  p: ReturnType<typeof placement>,
) {
  const left = at.x * p.zoom + p.x;
  const top = at.y * p.zoom + p.y;
  return { left, top, right: left + size.width * p.zoom, bottom: top + size.height * p.zoom };
}

// a 1024x768 window's canvas: the bar down to 40 px, the legend up 60 px, "Draw connection"
// down to 72 px and 130 px in from the right
const W = 600;
const H = 500;
const bars: Overlays = { top: 40, bottom: 60 };
const withButton: Overlays = { ...bars, corner: { bottom: 72, width: 130 } };

describe('placement: the fitted viewport clear of the overlays', () => {
  it('without the button: the picture fills the space between the bar and the legend, centred', () => {
    const at = { x: 0, y: 0 };
    const size = { width: 1000, height: 200 };
    const p = placement(at, size, W, H, bars);
    expect(p.zoom).toBeCloseTo((W - 24) / 1000, 6);
    const box = onScreen(at, size, p);
    expect(box.left).toBeCloseTo(12, 6);
    expect(box.right).toBeCloseTo(W - 12, 6);
    expect((box.top + box.bottom) / 2).toBeCloseTo(40 + (H - 40 - 60) / 2, 6);
  });

  it('a wide picture goes below the button (a strip across the top), at the same zoom', () => {
    const at = { x: -50, y: -300 };
    const size = { width: 1000, height: 380 };
    const p = placement(at, size, W, H, withButton);
    expect(p.zoom).toBeCloseTo((W - 24) / 1000, 6);
    const box = onScreen(at, size, p);
    expect(box.top).toBeGreaterThanOrEqual(72 + 12 - 1e-6);
    expect(box.bottom).toBeLessThanOrEqual(H - 60 - 12 + 1e-6);
  });

  it('a tall picture goes left of the button (a strip down the right), which keeps more zoom', () => {
    const at = { x: 0, y: 0 };
    const size = { width: 300, height: 800 };
    const p = placement(at, size, W, H, withButton);
    // the top strip would give (500 - 72 - 60 - 24) / 800; the right strip (500 - 40 - 60 - 24) / 800
    expect(p.zoom).toBeCloseTo((H - 40 - 60 - 24) / 800, 6);
    const box = onScreen(at, size, p);
    expect(box.right).toBeLessThanOrEqual(W - 130 - 12 + 1e-6);
    expect(box.top).toBeCloseTo(40 + 12, 6);
  });
});

describe("arcTop and byNetwork: the room the topology's arcs can take above the cards", () => {
  const cards = new Map([
    ['a', { x: 0, y: 100, width: 100 }],
    ['b', { x: 200, y: 100, width: 100 }],
    ['c', { x: 600, y: 100, width: 100 }],
  ]);
  const drop = (source: string, target: string) => ({
    id: `${source}>${target}`,
    source,
    target,
    type: 'drop',
  });

  it('the widest pair bounds the arcs: three quarters of its lift and the chip above the cards', () => {
    // anchors from 0 + 35 to 600 + 65: lift 40 + 0.3 * 630 = 229
    expect(arcTop([...cards.values()])).toBeCloseTo(100 - 0.75 * 229 - 12, 6);
    // a lift is at most 260, plus a fifth of the rows' height apart
    expect(
      arcTop([
        { x: 0, y: 0, width: 100 },
        { x: 5000, y: 300, width: 100 },
      ]),
    ).toBeCloseTo(-0.75 * (260 + 60) - 12, 6);
    expect(arcTop([{ x: 0, y: 0, width: 100 }])).toBeUndefined();
  });

  it('cards are grouped by the network they drop to (no arc joins two networks), else all together', () => {
    const groups = byNetwork(cards, [drop('a', 'n1'), drop('b', 'n1'), drop('c', 'n2')]);
    expect(groups.map((g) => g.map((c) => c.x))).toEqual([[0, 200], [600]]);
    // a and b only: lift 40 + 0.3 * (265 - 35) = 109
    expect(Math.min(...groups.map((g) => arcTop(g) ?? Infinity))).toBeCloseTo(100 - 0.75 * 109 - 12, 6);
    expect(byNetwork(cards, [drop('a', 'n1')]).map((g) => g.length)).toEqual([3]);
  });
});
