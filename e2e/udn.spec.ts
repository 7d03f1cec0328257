import { expect, test } from '@playwright/test';
import { freshPage, loadExample } from './helpers';

const browse = (page: import('@playwright/test').Page) =>
  page.getByRole('navigation', { name: 'Add and browse' });

test('a namespace shows its primary UserDefinedNetwork', async ({ page }) => {
  await freshPage(page);
  await loadExample(page, 'udn-tenants');
  await expect(page.getByTestId('analysis-status')).toContainText('connections analysed');
  await browse(page).getByRole('button', { name: 'tenant-a', exact: true }).click();
  await expect(page.getByTestId('namespace-primary-network')).toContainText(
    'Primary network: tenant-a/tenant-net',
  );
  const node = page.getByTestId('network-tenant-a/tenant-net');
  await expect(node).toContainText('Primary Layer2 · 10.100.0.0/16');
  await expect(page.getByTestId('network-backup')).toContainText('Secondary Layer2 · 192.168.77.0/24');
  await browse(page).getByRole('button', { name: 'UserDefinedNetwork tenant-a/tenant-net' }).click();
  await expect(page.getByTestId('udn-form').getByLabel('Role')).toHaveValue('Primary');
  await browse(page).getByRole('button', { name: 'infra', exact: true }).click();
  await expect(page.getByTestId('namespace-primary-network')).toContainText(
    'Primary network: default (cluster pod network)',
  );
});

test('giving a new namespace its own primary UDN, then editing it', async ({ page }) => {
  await freshPage(page);
  await page.getByTestId('add-Namespace').click();
  await expect(page.getByTestId('namespace-primary-network')).toContainText('default (cluster pod network)');
  await page.getByTestId('create-primary-udn').click();
  const form = page.getByTestId('udn-form');
  await expect(form).toBeVisible();
  await expect(form.getByLabel('Topology')).toHaveValue('Layer2');
  await expect(form.getByLabel('Role')).toHaveValue('Primary');
  await expect(form.getByLabel('Subnets')).toHaveValue('10.100.0.0/16');
  await form.getByLabel('Subnets').fill('10.100.0.0/33');
  await expect(form.getByRole('alert')).toBeVisible();
  await form.getByLabel('Subnets').fill('10.200.0.0/16');
  await form.getByLabel('Topology').focus();
  await form.getByLabel('Topology').selectOption('Layer3');
  await page.getByRole('tab', { name: 'YAML' }).click();
  await expect(page.getByTestId('inspector')).toContainText('cidr: 10.200.0.0/16');
  await browse(page).getByRole('button', { name: 'ns1', exact: true }).click();
  await page.getByRole('tab', { name: 'Form' }).click();
  await expect(page.getByTestId('namespace-primary-network')).toContainText('Primary network: ns1/ns1-net');
});

test('a ClusterUserDefinedNetwork: Localnet is secondary only', async ({ page }) => {
  await freshPage(page);
  await page.getByTestId('add-ClusterUserDefinedNetwork').click();
  const form = page.getByTestId('udn-form');
  await expect(form.getByLabel('Role')).toHaveValue('Secondary');
  await form.getByLabel('Topology').selectOption('Localnet');
  await expect(form.getByLabel('Role')).toBeDisabled();
  await expect(form).toContainText('bridged to a physical network');
});
