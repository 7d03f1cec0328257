import { expect, test, type Page } from '@playwright/test';
import { freshPage, loadExample } from './helpers';

// The new user's pass at 1024 px (session 10): the canvas comes first, and what is added is in view.
test.use({ viewport: { width: 1024, height: 768 } });

const width = async (page: Page, testId: string): Promise<number> =>
  (await page.getByTestId(testId).boundingBox())?.width ?? 0;

test('at 1024 px the inspector is a rail until something is selected, and folds again when nothing is', async ({
  page,
}) => {
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await expect(page.getByTestId('inspector')).toHaveCount(0);
  await expect(page.getByTestId('expand-inspector')).toBeVisible();
  expect(await width(page, 'expand-inspector')).toBeLessThan(40);
  const wide = await width(page, 'canvas');
  expect(wide).toBeGreaterThan(740); // 1024 - palette - rail - separators

  await page.getByTestId('node-default/vm1').click();
  await expect(page.getByTestId('inspector').getByRole('heading', { name: 'VirtualMachine' })).toBeVisible();
  await expect(page.getByTestId('inspector').getByLabel('Name', { exact: true })).toHaveValue('vm1');
  expect(await width(page, 'inspector')).toBeGreaterThan(230);

  // a click on the empty canvas clears the selection: the rail is back, the canvas as wide as before
  const pane = await page.locator('.react-flow__pane').boundingBox();
  await page.mouse.click((pane?.x ?? 0) + (pane?.width ?? 0) / 2, (pane?.y ?? 0) + (pane?.height ?? 0) - 12);
  await expect(page.getByTestId('inspector')).toHaveCount(0);
  await expect.poll(() => width(page, 'canvas')).toBeGreaterThan(wide - 3);

  // the person may open the empty inspector by its rail: it stays open
  await page.getByTestId('expand-inspector').click();
  await expect(page.getByTestId('inspector')).toContainText('Select a workload, network or policy');
  await page.waitForTimeout(300);
  await expect(page.getByTestId('inspector')).toBeVisible();
});

/** Answers of the analysis worker are held back `ms` (a slow machine's engine). */
async function slowEngine(page: Page, ms: number): Promise<void> {
  await page.addInitScript((delay: number) => {
    const Real = window.Worker;
    window.Worker = class extends Real {
      override set onmessage(f: ((ev: MessageEvent) => void) | null) {
        super.onmessage = f && ((ev: MessageEvent) => void setTimeout(() => f.call(this, ev), delay));
      }
    } as typeof Worker;
  }, ms);
}

test('after adding a workload on a slow engine, the view is fitted again once its arcs are drawn', async ({
  page,
}) => {
  await slowEngine(page, 700);
  await freshPage(page);
  const kinds = ['add-VirtualMachine', 'add-Pod', 'add-VirtualMachine', 'add-Pod'];
  for (const [k, kind] of kinds.entries()) {
    await page.getByTestId(kind).click();
    // the engine's answer for it is in (held back 700 ms)
    await expect(page.getByTestId('analysis-status')).toContainText(`${(k + 1) * k} connections analysed`);
  }
  // the new pod is selected: its arcs (both ways) to the three others rise above the cards
  await expect(page.locator('.react-flow__edge-path')).toHaveCount(10); // 4 drops to the pod network, 6 arcs
  // "Draw connection" sits under the bar at the right; this wide picture is fitted below it
  const bar = await page.getByTestId('connect-toggle').boundingBox();
  const legend = await page.getByTestId('legend').boundingBox();
  if (!bar || !legend) throw new Error('no Draw connection button or legend');
  // fitted with the arcs: the picture sits in the middle of the band between the button and the
  // legend (fitted before the answer, the arcs rose to the bar with the empty band below the cards)
  const gaps = async (): Promise<number[]> => {
    const boxes = await page
      .locator('.react-flow__node, .react-flow__edge-path, .edge-chip')
      .evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.top, r.bottom]));
    const top = Math.min(...boxes.map((b) => b[0] ?? 0));
    const bottom = Math.max(...boxes.map((b) => b[1] ?? 0));
    return [Math.round(top - bar.y - bar.height), Math.round(legend.y - bottom)];
  };
  await expect
    .poll(async () => {
      const [above = 0, below = 0] = await gaps();
      return above > 20 && below > 20 && Math.abs(above - below) < 30;
    })
    .toBe(true);
});
