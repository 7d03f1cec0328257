import { NET_H, NODE_H, NODE_W, type XY } from './layout';

const isNet = (id: string): boolean => id.startsWith('NetworkAttachmentDefinition/') || id === 'net:default';

/**
 * The first free spot for a new or pasted node: scanning rows from `near` (default: the top-left
 * of the design) rightwards, then downwards, a place whose box (with a margin) overlaps no node.
 * Networks count as full-width bars (the canvas draws them as buses across their workloads).
 */
export function freeSpot(layout: Readonly<Record<string, XY>>, near?: XY, net = false): XY {
  const boxes = Object.entries(layout).map(([id, p]) =>
    isNet(id)
      ? { x0: -1e6, x1: 1e6, y0: p.y - 10, y1: p.y + NET_H + 10 }
      : { x0: p.x - 20, x1: p.x + NODE_W + 20, y0: p.y - 20, y1: p.y + NODE_H + 20 },
  );
  const w = net ? 240 : NODE_W;
  const h = net ? NET_H : NODE_H;
  const xs = Object.values(layout).map((p) => p.x);
  const ys = Object.values(layout).map((p) => p.y);
  const start = near ?? { x: xs.length ? Math.min(...xs) : 40, y: ys.length ? Math.min(...ys) : 40 };
  const free = (x: number, y: number): boolean =>
    !boxes.some((b) => x < b.x1 && x + w > b.x0 && y < b.y1 && y + h > b.y0);
  for (let row = 0; row < 400; row++) {
    for (let col = 0; col < 12; col++) {
      const x = start.x + col * (NODE_W + 30);
      const y = start.y + row * (NODE_H + 20);
      if (free(x, y)) return { x, y };
    }
  }
  return { x: start.x, y: (ys.length ? Math.max(...ys) : 0) + 200 };
}
