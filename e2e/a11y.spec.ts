import AxeBuilder from '@axe-core/playwright';
import { expect, test, type Page } from '@playwright/test';
import { freshPage, loadExample } from './helpers';

// Issue 14: no serious or critical axe-core violation on the main screens.
async function serious(page: Page, what: string): Promise<void> {
  const r = await new AxeBuilder({ page }).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const bad = r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  const text = bad.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`);
  expect(text, what).toEqual([]);
}

test('axe: empty page, blog example, dialogs and the Examples menu', async ({ page }) => {
  await freshPage(page);
  await serious(page, 'empty page');
  await loadExample(page, 'kubevirt-blog');
  await serious(page, 'blog example');
  await page.getByTestId('cell-default/vm4-default/vm1').click();
  await serious(page, 'blog example, a pair picked');
  await page.getByTestId('open-import').click();
  await expect(page.getByRole('dialog', { name: 'Import YAML' }).locator('.cm-editor')).toBeVisible();
  await page.getByTestId('import-text').fill('kind: Pod\nmetadata: [\n');
  await expect(page.getByTestId('import-diagnostics')).toBeVisible();
  await serious(page, 'import dialog');
  await page.keyboard.press('Escape');
  await page.getByTestId('open-export').click();
  await expect(page.getByRole('dialog', { name: 'Export YAML' })).toBeVisible();
  await serious(page, 'export dialog');
  await page.keyboard.press('Escape');
  await page.getByTestId('examples-menu').click();
  await expect(page.getByRole('menu', { name: 'Examples' })).toBeVisible();
  await serious(page, 'examples menu');
  await page.keyboard.press('Escape');
  await page.getByTestId('tab-findings').click();
  await serious(page, 'findings');
  await page.getByTestId('tab-diff').click();
  await serious(page, 'before/after');
});

test('axe: the inspector of each object kind, form and YAML', async ({ page }) => {
  await freshPage(page);
  for (const kind of [
    'VirtualMachine',
    'Pod',
    'ExternalHost',
    'NetworkAttachmentDefinition',
    'Namespace',
    'NetworkPolicy',
    'MultiNetworkPolicy',
    'Subnet',
  ]) {
    await page.getByTestId(`add-${kind}`).click();
    await expect(page.getByTestId('inspector').getByRole('heading', { level: 2 }).first()).toBeVisible();
    await serious(page, `${kind} form`);
  }
  await page.getByTestId('inspector').getByRole('tab', { name: 'YAML' }).click();
  await expect(page.getByTestId('inspector').locator('.cm-editor')).toBeVisible();
  await serious(page, 'YAML tab');
});
