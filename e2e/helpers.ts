import { expect, type Locator, type Page } from '@playwright/test';
import type { Obj } from '../src/testing/generate';
import { toYaml } from '../src/testing/fuzz-harness';

/** Once `window.__netpol` is set: the app sets it after mounting, which can come after the first paint. */
export async function hooksReady(page: Page): Promise<void> {
  await page.waitForFunction(() => 'store' in ((window as { __netpol?: object }).__netpol ?? {}));
}

/** Replace the design with generated objects through the store's import (as a paste would). */
export async function replaceWithObjects(page: Page, objs: readonly Obj[]): Promise<void> {
  await hooksReady(page);
  await page.evaluate(
    `window.__netpol.store.getState().importYaml(${JSON.stringify(toYaml(objs))}, 'replace')`,
  );
}

/** A fresh page with no autosaved design. */
export async function freshPage(page: Page): Promise<void> {
  await page.goto('/');
  await page.evaluate(() => localStorage.clear());
  await page.goto('/');
  await expect(page.getByTestId('empty-state')).toBeVisible();
}

export async function loadExample(page: Page, id: string): Promise<void> {
  const empty = page.getByTestId('empty-state');
  if (await empty.isVisible()) await page.getByTestId(`scenario-${id}`).click();
  else {
    await page.getByTestId('examples-menu').click();
    await page.getByTestId('gallery').getByTestId(`scenario-${id}`).click();
  }
  await expect(page.getByTestId('notice')).toContainText('Loaded');
}

export async function cellState(page: Page, from: string, to: string): Promise<string | null> {
  return page.getByTestId(`cell-${from}-${to}`).getAttribute('data-state');
}

export async function probe(
  page: Page,
  o: { network: string; from: string; to: string; protocol: string; port?: number },
): Promise<string> {
  const p = page.getByTestId('probe');
  await p.getByLabel('Probe network').selectOption(o.network);
  // big designs render the endpoint options once the picker is focused, as a user's would be
  for (const [label, value] of [
    ['Probe from', o.from],
    ['Probe to', o.to],
  ] as const) {
    await p.getByLabel(label).focus();
    await p.getByLabel(label).selectOption(value);
  }
  await p.getByLabel('Probe protocol').selectOption(o.protocol);
  if (o.port !== undefined) await p.getByLabel('Probe port').fill(String(o.port));
  return (await page.getByTestId('probe-verdict').innerText()).split(':')[0]?.trim() ?? '';
}

export async function importYaml(
  page: Page,
  text: string,
  mode: 'merge' | 'replace' = 'replace',
): Promise<void> {
  await page.getByTestId('open-import').click();
  await (await importEditor(page)).fill(text);
  await page.getByLabel(mode === 'merge' ? 'merge into the design' : 'replace the design').check();
  await page.getByTestId('import-run').click();
}

/**
 * The Import dialog's editor once CodeMirror has replaced its stand-in textarea: text filled into
 * the stand-in at the moment it is swapped out is lost (seen on a loaded CI machine).
 */
export async function importEditor(page: Page): Promise<Locator> {
  const editor = page.locator('.cm-content[data-testid="import-text"]');
  await editor.waitFor();
  return editor;
}

/**
 * Hold back the lazy chunk whose asset name starts with `chunk` (e.g. `schemas`, `yaml-editor`)
 * until `release()`: the page runs without it meanwhile, as on a slow link.
 */
export async function holdChunk(page: Page, chunk: string): Promise<() => void> {
  let release = (): void => undefined;
  const gate = new Promise<void>((r) => (release = r));
  await page.route(`**/assets/${chunk}-*.js`, async (route) => {
    await gate;
    await route.continue();
  });
  return release;
}

/**
 * The canvas fits again 120 ms after the engine's answer for a new shape is drawn (canvas.tsx), and
 * again when the canvas is resized while the view is as the fit left it (use-fit.ts):
 * wait until its viewport stays put, as a person waits for the picture to settle before pointing
 * (a hover or click right after the answer could land where the card was before the fit).
 */
export async function settled(page: Page): Promise<void> {
  const viewport = page.getByTestId('canvas').locator('.react-flow__viewport').first();
  await expect
    .poll(
      async () => {
        const before = await viewport.getAttribute('style');
        await page.waitForTimeout(400);
        return before === (await viewport.getAttribute('style'));
      },
      { timeout: 20_000 },
    )
    .toBe(true);
}
