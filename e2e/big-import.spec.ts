import { expect, test, type Page } from '@playwright/test';
import { freshPage } from './helpers';
import { manifest } from './fixtures';

// Issue 20 item 6: a 10 MB import parses in a worker; the page stays responsive, with progress.

const docsRead = async (page: Page): Promise<number> =>
  Number(
    (
      await page
        .getByTestId('import-progress-docs')
        .innerText({ timeout: 1000 })
        .catch(() => '-1')
    ).replace(/,/g, ''),
  );

test('a 10 MB file imports off the main thread: progress advances, menus open meanwhile, all pods land', async ({
  page,
}) => {
  test.setTimeout(180_000);
  await freshPage(page);
  const text = manifest(2500);
  expect(text.length).toBeGreaterThan(10 * 1024 * 1024);
  await page.getByTestId('open-import').click();
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'big.yaml', mimeType: 'application/yaml', buffer: Buffer.from(text) });
  await expect(page.getByTestId('import-big-file')).toContainText(
    'big.yaml (10.3 MB) is read in the background',
  );
  await page.getByLabel('replace the design').check();
  await page.getByTestId('import-run').click();

  const progress = page.getByTestId('import-progress');
  await expect(progress).toBeVisible();
  await expect(progress).toContainText('Importing big.yaml');
  const first = await docsRead(page);
  // the page answers while the worker parses: a round trip to the page is quick, a menu opens
  const t0 = Date.now();
  await page.evaluate(() => document.title);
  expect(Date.now() - t0).toBeLessThan(500);
  await page.getByTestId('examples-menu').click();
  await expect(page.getByRole('menu')).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(page.getByRole('menu')).toBeHidden();
  // progress advances (documents read)
  await expect.poll(() => docsRead(page), { timeout: 30_000 }).toBeGreaterThan(first);
  expect(await progress.isVisible()).toBe(true);

  // the end: every pod is in the design, the progress is gone
  await expect(page.getByTestId('status')).toContainText('2500 endpoints', { timeout: 150_000 });
  await expect(progress).toBeHidden();
  // (its autosave goes to IndexedDB: big-autosave.spec.ts)
});

test('cancelling a big import keeps the design the user had', async ({ page }) => {
  test.setTimeout(120_000);
  await freshPage(page);
  await page.getByTestId('scenario-kubevirt-blog').click();
  await expect(page.getByTestId('status')).toContainText('6 endpoints');
  await page.getByTestId('open-import').click();
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'big.yaml', mimeType: 'application/yaml', buffer: Buffer.from(manifest(2500)) });
  await expect(page.getByTestId('import-big-file')).toBeVisible();
  await page.getByLabel('replace the design').check();
  await page.getByTestId('import-run').click();
  await expect(page.getByTestId('import-progress')).toBeVisible();
  await page.getByTestId('import-cancel').click();
  await expect(page.getByTestId('import-progress')).toBeHidden();
  await expect(page.getByTestId('notice')).toContainText('Import cancelled; the design is unchanged.');
  await expect(page.getByTestId('status')).toContainText('6 endpoints');
});
