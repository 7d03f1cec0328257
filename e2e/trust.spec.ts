import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import LZString from 'lz-string';
import { cellState, freshPage, importYaml, loadExample } from './helpers';

test('the analysis worker crashes: it is restarted, the page says so, nothing is lost', async ({ page }) => {
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await expect.poll(() => cellState(page, 'default/vm4', 'default/vm1')).toBe('none');
  await page.evaluate(() =>
    (window as unknown as { __netpol: { crashWorker: () => void } }).__netpol.crashWorker(),
  );
  await expect(page.getByTestId('notice')).toContainText('The analysis worker stopped');
  await expect(page.getByTestId('notice')).toContainText('It was restarted and your design is intact');
  // the restarted worker keeps analysing edits
  await page
    .getByTestId('policy-list')
    .getByRole('button', { name: /ingress-ipblock/ })
    .click();
  await page.getByTestId('policy-form').getByLabel('ingress rule 1 peer 1 CIDR').fill('10.200.0.0/29');
  await page.getByTestId('policy-form').getByLabel('ingress rule 1 peer 1 CIDR').press('Enter');
  await expect.poll(() => cellState(page, 'default/vm4', 'default/vm1')).toBe('all');
});

test('a corrupt or newer share link gives a clear message and leaves the design alone', async ({ page }) => {
  await freshPage(page);
  await loadExample(page, 'localnet-db');
  await page.waitForTimeout(400); // autosave
  await page.goto('/#d=this-is-not-a-design');
  await expect(page.getByTestId('notice')).toContainText('This share link could not be opened');
  await expect(page.getByTestId('notice')).toContainText('Your current design was kept');
  await expect(page.getByTestId('node-default/vm-server')).toBeVisible();
  // a design from a newer version of the app
  const newer = LZString.compressToEncodedURIComponent(
    JSON.stringify({ v: 99, yaml: 'apiVersion: v1', layout: {} }),
  );
  await page.goto(`/#d=${newer}`);
  await expect(page.getByTestId('notice')).toContainText('saved by a newer netpol-studio (format v99');
  await expect(page.getByTestId('node-default/vm-server')).toBeVisible();
});

test('an import that replaces the design can be undone', async ({ page }) => {
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await importYaml(page, readFileSync('src/scenarios/localnet-db.yaml', 'utf8'), 'replace');
  await expect(page.getByTestId('node-default/vm-server')).toBeVisible();
  await expect(page.getByTestId('node-default/vm1')).toHaveCount(0);
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('node-default/vm1')).toBeVisible();
  await expect(page.getByTestId('node-default/vm-server')).toHaveCount(0);
});

test('storage quota errors are reported, the design stays in the page', async ({ page }) => {
  await page.addInitScript(() => {
    Storage.prototype.setItem = () => {
      throw new DOMException('quota', 'QuotaExceededError');
    };
  });
  await page.goto('/');
  await page.getByTestId('add-Pod').click();
  await expect(page.getByTestId('notice')).toContainText('Autosave failed (QuotaExceededError)');
  await expect(page.getByTestId('node-default/pod1')).toBeVisible();
});

test('names and labels are never rendered as HTML', async ({ page }) => {
  await freshPage(page);
  let dialogs = 0;
  page.on('dialog', (d) => {
    dialogs++;
    void d.dismiss();
  });
  await importYaml(
    page,
    `apiVersion: v1\nkind: Pod\nmetadata:\n  name: xss\n  labels: {app: "<img src=x onerror=alert(1)>"}\n  annotations: {note: "<script>alert(2)</script>"}\n---\napiVersion: networking.k8s.io/v1\nkind: NetworkPolicy\nmetadata: {name: p}\nspec:\n  podSelector: {matchLabels: {app: "<b>bold</b>"}}\n`,
  );
  await page.getByTestId('node-default/xss').click();
  await expect(page.getByTestId('labels-editor').getByLabel('Labels value 1')).toHaveValue(
    '<img src=x onerror=alert(1)>',
  );
  await page.getByTestId('tab-findings').click();
  // the payloads are invalid label values (issue 20 item 12): the findings quote them as text
  await expect(page.getByTestId('findings-panel')).toContainText(
    'value "<img src=x onerror=alert(1)>" of app is not valid',
  );
  await expect(page.getByTestId('findings-panel')).toContainText('value "<b>bold</b>" of app is not valid');
  expect(await page.locator('img[src="x"]').count()).toBe(0);
  expect(await page.locator('b', { hasText: 'bold' }).count()).toBe(0);
  expect(dialogs).toBe(0);
});

test('the app makes no network request beyond its own origin', async ({ page, baseURL }) => {
  const foreign: string[] = [];
  page.on('request', (r) => {
    const u = new URL(r.url());
    if (!['http:', 'https:', 'ws:', 'wss:'].includes(u.protocol)) return; // data:, blob:
    if (`${u.protocol}//${u.host}` !== new URL(baseURL ?? '').origin) foreign.push(r.url());
  });
  await freshPage(page);
  await loadExample(page, 'virtrigaud');
  await page.getByTestId('tab-findings').click();
  await page.getByTestId('share').click();
  await page.getByTestId('open-export').click();
  await page.getByRole('button', { name: 'Close' }).click();
  await page.reload();
  await expect(page.getByTestId('analysis-status')).toContainText('connections analysed');
  expect(foreign).toEqual([]);
  // and the Content-Security-Policy forbids remote scripts
  const csp = await page.locator('meta[http-equiv="Content-Security-Policy"]').getAttribute('content');
  expect(csp).toContain("script-src 'self'");
  expect(csp).toContain("connect-src 'self'");
});
