import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import LZString from 'lz-string';
import { freshPage, loadExample } from './helpers';

// Issue 20 items 1-5: no design is lost across tabs, links and reloads.
const slot = (page: Page, key = 'netpol-studio.design') =>
  page.evaluate((k) => {
    const raw = localStorage.getItem(k);
    return raw === null ? null : (JSON.parse(raw) as { yaml: string; writer?: string });
  }, key);

const shareLink = (file: string) =>
  `/#d=${LZString.compressToEncodedURIComponent(JSON.stringify({ v: 1, yaml: readFileSync(file, 'utf8'), layout: {} }))}`;

test('two tabs on one design: the second tab is told, and neither overwrites the other', async ({
  page,
  context,
}) => {
  await freshPage(page);
  await loadExample(page, 'localnet-db');
  await page.waitForTimeout(500); // autosave
  const b = await context.newPage();
  await b.goto('/');
  await expect(b.getByTestId('node-default/vm-server')).toBeVisible();
  await b.getByTestId('add-Pod').click();
  await expect(b.getByTestId('node-default/pod1')).toBeVisible();
  await expect(page.getByTestId('notice')).toContainText('saved by another tab');
  await b.waitForTimeout(500);
  expect((await slot(b))?.yaml).toContain('name: pod1');
  // tab a edits too: its version becomes a separate design, tab b's stays as it is
  await page.getByTestId('add-Pod').click();
  await expect(page.getByTestId('notice')).toContainText('Nothing was overwritten');
  expect((await slot(b))?.yaml).toContain('name: pod1');
  await page.getByTestId('recent-designs').locator('summary').click();
  await expect(page.getByTestId('recent-designs').getByRole('button')).toHaveCount(2);
});

test('an idle old tab that closes after another tab saved does not overwrite the newer save', async ({
  page,
  context,
}) => {
  await freshPage(page);
  await loadExample(page, 'localnet-db');
  await page.waitForTimeout(500);
  const b = await context.newPage();
  await b.goto('/');
  await b.getByTestId('add-Pod').click();
  await b.waitForTimeout(500);
  const newer = await slot(b);
  expect(newer?.yaml).toContain('name: pod1');
  await page.close({ runBeforeUnload: true });
  expect(await slot(b)).toEqual(newer);
});

test('a share link opens as a new design; the saved one is under Recent designs; reload keeps newer edits', async ({
  page,
}) => {
  await freshPage(page);
  await loadExample(page, 'localnet-db');
  await page.waitForTimeout(500);
  await page.goto(shareLink('src/scenarios/kubevirt-blog.yaml'));
  await expect(page.getByTestId('notice')).toContainText('as a new design');
  await expect(page.getByTestId('node-default/vm1')).toBeVisible();
  expect(page.url()).not.toContain('#d=');
  // edit the shared design, reload: the edit stays (the link is not read again)
  await page.getByTestId('add-Pod').click();
  await page.waitForTimeout(500);
  await page.reload();
  await expect(page.getByTestId('node-default/pod1')).toBeVisible();
  await expect(page.getByTestId('node-default/vm1')).toBeVisible();
  // the design from before the link is one click away
  await page.getByTestId('recent-designs').locator('summary').click();
  await page.getByTestId('recent-designs').getByRole('button').filter({ hasNotText: 'open here' }).click();
  await expect(page.getByTestId('node-default/vm-server')).toBeVisible();
  await expect(page.getByTestId('node-default/vm1')).toHaveCount(0);
});

test('"Share link" leaves the address bar alone: a reload keeps later edits', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await freshPage(page);
  await loadExample(page, 'localnet-db');
  await page.getByTestId('share').click();
  await expect(page.getByTestId('notice')).toContainText('Share link copied');
  expect(page.url()).not.toContain('#d=');
  expect(await page.evaluate(() => navigator.clipboard.readText())).toContain('#d=');
  await page.getByTestId('add-Pod').click();
  await page.waitForTimeout(500);
  await page.reload();
  await expect(page.getByTestId('node-default/pod1')).toBeVisible();
});

test('an unreadable or newer autosave is left alone when the tab closes without a change', async ({
  page,
}) => {
  await page.goto('/');
  const newer = JSON.stringify({ v: 99, yaml: 'kind: Future', layout: {} });
  await page.evaluate((v) => {
    localStorage.clear();
    localStorage.setItem('netpol-studio.design', v);
  }, newer);
  await page.reload();
  await expect(page.getByTestId('notice')).toContainText('left in the browser');
  await page.reload(); // unload with no change
  await page.getByTestId('add-Pod').click(); // and a change goes elsewhere
  await page.waitForTimeout(500);
  expect(await page.evaluate(() => localStorage.getItem('netpol-studio.design'))).toBe(newer);
});
