import { expect, test } from '@playwright/test';
import { freshPage, loadExample } from './helpers';

// Issue 13 leftovers: one "Show denied" control; a matrix pick shows the pair in the inspector.
test.use({ viewport: { width: 1280, height: 800 } });

test('a matrix pick shows the pair in the inspector, with its verdict and a link to Why', async ({
  page,
}) => {
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await page.getByTestId('cell-default/vm4-default/vm1').click();
  const inspector = page.getByTestId('inspector');
  const card = inspector.getByTestId('pair-card');
  await expect(card).toBeVisible();
  await expect(inspector).not.toContainText('objects selected');
  await expect(card).toContainText('default/vm4 → default/vm1');
  await expect(card).toContainText('on default/flatl2net');
  await expect(card.getByTestId('pair-verdict')).toHaveText('denied');

  await page.getByTestId('cell-default/vm1-default/vm4').click();
  await expect(card).toContainText('default/vm1 → default/vm4');
  await expect(card.getByTestId('pair-verdict')).toHaveText('allowed (all traffic)');

  // from another results tab, "Why?" brings the Why of the pair back and focuses it
  await page.getByTestId('tab-findings').click();
  await expect(page.getByTestId('why-panel')).toHaveCount(0);
  await card.getByTestId('pair-why').click();
  await expect(page.getByTestId('tab-matrix')).toHaveAttribute('aria-selected', 'true');
  const why = page.getByTestId('why-panel');
  await expect(why).toContainText('default/vm1 → default/vm4 on default/flatl2net: all allowed');
  await expect(why.getByRole('heading', { name: 'Why' })).toBeFocused();

  // a folded results pane is opened too
  await page.getByTestId('toggle-results').click();
  await expect(page.getByTestId('toggle-results')).toHaveAttribute('aria-expanded', 'false');
  await card.getByTestId('pair-why').click();
  await expect(page.getByTestId('toggle-results')).toHaveAttribute('aria-expanded', 'true');
  await expect(why).toContainText('default/vm1');
});

test('"Show denied" is one control, in the canvas bar, and D toggles it', async ({ page }) => {
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await expect(page.getByText(/show denied/i)).toHaveCount(1);
  await expect(page.locator('header.topbar').getByRole('checkbox')).toHaveCount(0);
  const toggle = page.getByTestId('canvas-bar').getByRole('checkbox', { name: /show denied/i });
  await expect(toggle).not.toBeChecked();
  await page.keyboard.press('d');
  await expect(toggle).toBeChecked();
  await toggle.uncheck();
  await expect(toggle).not.toBeChecked();
});
