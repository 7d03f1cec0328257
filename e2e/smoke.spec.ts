import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';

const blog = readFileSync('src/scenarios/kubevirt-blog.yaml', 'utf8');

test('paste the KubeVirt blog scenario: vm4 cannot reach vm1, vm1 reaches vm6, the probe explains', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { name: 'netpol-studio' })).toBeVisible();
  await page.getByTestId('yaml-editor').fill(blog);
  await page.getByTestId('apply-yaml').click();
  await expect(page.getByRole('tab', { name: 'default/flatl2net' })).toBeVisible();
  await expect(page.getByTestId('cell-default/vm4-default/vm1')).toHaveAttribute('data-state', 'none');
  await expect(page.getByTestId('cell-default/vm1-default/vm6')).toHaveAttribute('data-state', 'all');
  await page.getByTestId('cell-default/vm4-default/vm1').getByRole('button').click();
  await expect(page.getByTestId('why-panel')).toContainText('isolated by MultiNetworkPolicy default/ingress-ipblock; no rule matches');
  const probe = page.getByTestId('probe');
  await probe.getByLabel('Probe from').selectOption('default/vm4');
  await probe.getByLabel('Probe to').selectOption('default/vm1');
  await probe.getByLabel('Probe protocol').selectOption('ICMP');
  await expect(page.getByTestId('probe-verdict')).toContainText('denied');
  await page.screenshot({ path: 'test-results/smoke.png' });
});

test('malformed YAML gives a diagnostic with its line and keeps the good documents', async ({ page }) => {
  await page.goto('/');
  const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: a}\n---\napiVersion: v1\nkind: Pod\nmetadata: [name: b\n---\napiVersion: v1\nkind: Pod\nmetadata: {name: c}\n`;
  await page.getByTestId('yaml-editor').fill(text);
  await page.getByTestId('apply-yaml').click();
  await expect(page.getByTestId('diagnostics')).toContainText('yaml-syntax');
  await expect(page.getByTestId('diagnostics')).toContainText(/editor:[78]:/);
  await expect(page.getByTestId('cell-default/a-default/c')).toHaveAttribute('data-state', 'all');
});
