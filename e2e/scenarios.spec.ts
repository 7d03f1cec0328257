import { expect, test } from '@playwright/test';
import { SCENARIOS } from '../src/scenarios/index';
import { freshPage, loadExample, probe } from './helpers';

for (const s of SCENARIOS) {
  test(`gallery: ${s.title} — ${s.claim.text}`, async ({ page }) => {
    await freshPage(page);
    await loadExample(page, s.id);
    await expect(page.getByTestId('analysis-status')).toContainText('connections analysed');
    const v = await probe(page, {
      network: s.claim.network,
      from: s.claim.from,
      to: s.claim.to,
      protocol: s.claim.protocol,
      ...(s.claim.port !== undefined ? { port: s.claim.port } : {}),
    });
    expect(v).toBe(s.claim.allowed ? 'allowed' : 'denied');
  });
}

test('loading an example over a design can be undone', async ({ page }) => {
  await freshPage(page);
  await page.getByTestId('add-Pod').click();
  await expect(page.getByTestId('node-default/pod1')).toBeVisible();
  await loadExample(page, 'kubevirt-blog');
  await expect(page.getByTestId('notice')).toContainText('Undo (Ctrl+Z) brings back your previous design');
  await expect(page.getByTestId('node-default/pod1')).toHaveCount(0);
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('node-default/pod1')).toBeVisible();
});

test('teaching mode: apply ingress-ipblock and see vm4 lose vm1', async ({ page }) => {
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await page.getByTestId('tab-diff').click();
  await page.getByTestId('teach-start').click();
  await expect(page.getByTestId('story-probe')).toContainText('ping default/vm4 → default/vm1: allowed');
  await page.getByTestId('teach-next').click();
  await expect(page.getByTestId('story-probe')).toContainText('ping default/vm4 → default/vm1: denied');
  await expect(page.getByTestId('diff-lost-default/vm4-default/vm1')).toBeVisible();
  await expect(page.locator('.edge-diff.edge-lost').first()).toBeVisible();
  await page.screenshot({ path: 'test-results/teaching.png' });
  await page.getByTestId('teach-stop').click();
  await expect(page.getByTestId('teach-start')).toBeVisible();
});

test('edit a policy: the diff lists gained connections, the canvas highlights them, undo reverts', async ({
  page,
}) => {
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await page.getByTestId('tab-diff').click();
  await page.getByRole('button', { name: 'Stage current design as “before”' }).click();
  await expect(page.getByTestId('diff-panel')).toContainText('No change in reachability yet');
  await page
    .getByTestId('policy-list')
    .getByRole('button', { name: /ingress-ipblock/ })
    .click();
  const cidr = page.getByTestId('policy-form').getByLabel('ingress rule 1 peer 1 CIDR');
  await cidr.fill('10.200.0.0/29');
  await cidr.press('Enter');
  await expect(page.getByTestId('diff-gained-default/vm4-default/vm1')).toBeVisible();
  await expect(page.getByTestId('diff-panel')).toContainText('15 gained, 0 lost');
  await expect(page.locator('.edge-diff.edge-gained').first()).toBeVisible();
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('diff-panel')).toContainText('No change in reachability yet');
});
