import { expect, test, type Page } from '@playwright/test';
import { freshPage, loadExample, settled } from './helpers';

interface Box {
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

const overlap = (a: Box, b: Box): boolean =>
  a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

/** The boxes of what the canvas draws: cards, edge paths (arcs) and their chips. */
async function drawing(page: Page): Promise<Box[]> {
  return page
    .getByTestId('canvas')
    .locator('.react-flow__node, .react-flow__edge-path, .react-flow__edge-textwrapper')
    .evaluateAll((els) =>
      els
        .map((el) => el.getBoundingClientRect())
        .filter((r) => r.width > 0 || r.height > 0)
        .map((r) => ({ x: r.x, y: r.y, width: r.width, height: r.height })),
    );
}

// Topology: the arcs of a workload (drawn when it is selected or pointed at, after the fit) ran
// over "Draw connection" and under the canvas bar; at 1024 px the inspector opening on the
// selection narrowed the canvas and the picture ran under the button and off the right edge.
for (const [width, height] of [
  [1024, 768],
  [1440, 900],
] as const)
  for (const [example, workload] of [
    ['kubevirt-blog', 'VirtualMachine/default/vm1'],
    ['localnet-db', 'Pod/default/podclient'],
  ] as const)
    test(`${example} at ${width}x${height}: a selected workload's arcs stay clear of Draw connection and the bar`, async ({
      page,
    }) => {
      await page.setViewportSize({ width, height });
      await freshPage(page);
      await loadExample(page, example);
      await expect(page.getByTestId('canvas')).toHaveAttribute('data-mode', 'topology');
      await settled(page);
      await page.locator(`.react-flow__node[data-id="${workload}"]`).click();
      await expect(page.getByTestId('inspector').getByLabel('Name', { exact: true })).toBeVisible();
      await expect.poll(() => page.locator('.react-flow__edge-arc').count()).toBeGreaterThan(1);
      await settled(page);
      const button = await page.getByTestId('connect-toggle').boundingBox();
      const bar = await page.getByTestId('canvas-bar').boundingBox();
      const pane = await page.locator('.react-flow__pane').boundingBox();
      if (!button || !bar || !pane) throw new Error('no button, bar or pane');
      const boxes = await drawing(page);
      expect(boxes.length).toBeGreaterThan(6);
      expect(boxes.filter((b) => overlap(b, button))).toEqual([]);
      expect(boxes.filter((b) => b.y < bar.y + bar.height)).toEqual([]);
      // nothing runs off the canvas either
      expect(boxes.filter((b) => b.x < pane.x || b.x + b.width > pane.x + pane.width)).toEqual([]);
      await page.screenshot({ path: `test-results/topology-fit-${example}-${width}.png` });
    });
