import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import { cellState, freshPage, importEditor, importYaml, probe } from './helpers';

const inspector = (page: Page) => page.getByTestId('inspector');

async function addVm(page: Page, n: number): Promise<void> {
  await page.getByTestId('add-VirtualMachine').click();
  const form = page.getByTestId('workload-form');
  await expect(form.getByLabel('Name', { exact: true })).toHaveValue(`vm${n}`);
  await form.getByLabel('Interface 1 network').selectOption('default/flatl2net');
  await form.getByLabel('Interface 1 IP').fill(`10.200.0.${n}`);
  await form.getByLabel('Interface 1 IP').blur();
  await form.getByRole('button', { name: '+ add' }).click();
  await form.getByLabel('Labels key 2').fill('name');
  await form.getByLabel('Labels value 2').fill('access-control');
  await form.getByLabel('Labels value 2').blur();
}

test('build the KubeVirt blog scenario from an empty page, through the forms', async ({ page }) => {
  await freshPage(page);
  // the network: a layer2 NAD without subnets
  await page.getByTestId('add-NetworkAttachmentDefinition').click();
  const net = page.getByTestId('network-form');
  await net.getByLabel('Name', { exact: true }).fill('flatl2net');
  await net.getByLabel('Name', { exact: true }).press('Enter');
  await expect(net.getByLabel('Topology')).toHaveValue('layer2');
  await expect(page.getByTestId('network-default/flatl2net')).toBeVisible();
  for (let n = 1; n <= 6; n++) await addVm(page, n);
  await expect(page.getByTestId('node-default/vm6')).toBeVisible();
  // IP validation as you type: not an address
  await page.getByTestId('node-default/vm6').click();
  await inspector(page).getByLabel('Interface 1 IP').fill('10.200.0.x');
  await expect(inspector(page).getByRole('alert').first()).toContainText('not an IP address');
  await inspector(page).getByLabel('Interface 1 IP').fill('10.200.0.6');
  await inspector(page).getByLabel('Interface 1 IP').blur();
  // before the policy, vm4 reaches vm1
  await expect.poll(() => cellState(page, 'default/vm4', 'default/vm1')).toBe('all');

  // the MultiNetworkPolicy ingress-ipblock, through the form
  await page.getByTestId('add-MultiNetworkPolicy').click();
  const pol = page.getByTestId('policy-form');
  await pol.getByLabel('Name', { exact: true }).fill('ingress-ipblock');
  await pol.getByLabel('Name', { exact: true }).press('Enter');
  await pol.getByRole('checkbox', { name: /default\/flatl2net/ }).check();
  await pol.getByLabel('podSelector labels').fill('name=access-control');
  await pol.getByLabel('podSelector labels').press('Enter');
  await expect(pol.getByTestId('policy-selects')).toHaveText(/selects 6: default\/vm1/);
  await pol.getByRole('button', { name: '+ ingress rule' }).click();
  await pol.getByLabel('ingress rule 1 peer 1 kind').selectOption('ipBlock');
  await pol.getByLabel('ingress rule 1 peer 1 CIDR').fill('10.200.0.0/30');
  await pol.getByLabel('ingress rule 1 peer 1 CIDR').press('Enter');

  await expect.poll(() => cellState(page, 'default/vm4', 'default/vm1')).toBe('none');
  // (polled too: an analysis of the CIDR half typed can show vm4 cut off before vm1 reaches vm6)
  await expect.poll(() => cellState(page, 'default/vm1', 'default/vm6')).toBe('all');
  expect(
    await probe(page, {
      network: 'default/flatl2net',
      from: 'default/vm4',
      to: 'default/vm1',
      protocol: 'ICMP',
    }),
  ).toBe('denied');
  await expect(page.getByTestId('probe-verdict')).toContainText('MultiNetworkPolicy default/ingress-ipblock');
  await page.screenshot({ path: 'test-results/designer-built.png' });

  // export, then re-import: same verdicts
  await page.getByTestId('open-export').click();
  await expect(page.getByTestId('export-text')).toContainText('kind: MultiNetworkPolicy');
  const exported = await page.getByTestId('export-text').inputValue();
  expect(exported).toContain('kind: MultiNetworkPolicy');
  expect(exported).toContain('cidr: 10.200.0.0/30');
  expect(exported).toContain('10.200.0.4/24');
  await page.getByRole('button', { name: 'Close' }).click();
  await importYaml(page, exported, 'replace');
  await expect.poll(() => cellState(page, 'default/vm4', 'default/vm1')).toBe('none');
  // (polled too: an analysis of the CIDR half typed can show vm4 cut off before vm1 reaches vm6)
  await expect.poll(() => cellState(page, 'default/vm1', 'default/vm6')).toBe('all');
  expect(await cellState(page, 'default/vm3', 'default/vm4')).toBe('all');
});

test('import the localnet scenario by pasting it, then probe', async ({ page }) => {
  await freshPage(page);
  await importYaml(page, readFileSync('src/scenarios/localnet-db.yaml', 'utf8'));
  await expect(page.getByTestId('network-default/tenantblue')).toBeVisible();
  expect(
    await probe(page, {
      network: 'default/tenantblue',
      from: 'default/vm-server',
      to: 'postgres',
      protocol: 'TCP',
      port: 5432,
    }),
  ).toBe('allowed');
  expect(
    await probe(page, {
      network: 'default/tenantblue',
      from: 'default/podclient',
      to: 'postgres',
      protocol: 'TCP',
      port: 5432,
    }),
  ).toBe('denied');
  await expect(page.getByTestId('probe-verdict')).toContainText('deny-all-egress-tenantblue');
  // the matrix, filtered by network and protocol
  const matrix = page.getByTestId('matrix');
  await matrix.getByRole('tab', { name: 'default/tenantblue' }).click();
  const cell = page.getByTestId('cell-default/vm-server-postgres');
  await expect(cell).toHaveAttribute('data-state', 'some');
  await matrix.getByLabel('Matrix protocol filter').selectOption('TCP');
  await expect(cell).toHaveText('5432');
  await matrix.getByLabel('Matrix protocol filter').selectOption('ICMP');
  await expect(cell).toHaveAttribute('data-state', 'none');
});

test('malformed YAML on import: diagnostics with line, nothing lost', async ({ page }) => {
  await freshPage(page);
  await importYaml(page, readFileSync('src/scenarios/localnet-db.yaml', 'utf8'));
  await expect(page.getByTestId('node-default/podclient')).toBeVisible();
  await page.getByTestId('open-import').click();
  await (
    await importEditor(page)
  ).fill('apiVersion: v1\nkind: Pod\nmetadata: {name: extra}\n---\nkind: Pod\nmetadata: [\n');
  await page.getByLabel('merge into the design').check();
  await page.getByTestId('import-run').click();
  await expect(page.getByTestId('import-diagnostics')).toContainText(/import:\d+:\d+: error yaml-syntax/);
  await page.getByRole('button', { name: 'Close' }).click();
  await expect(page.getByTestId('node-default/podclient')).toBeVisible();
  await expect(page.getByTestId('node-default/extra')).toBeVisible();
});

test('undo and redo every change; the design survives a reload', async ({ page }) => {
  await freshPage(page);
  await page.getByTestId('add-Pod').click();
  await page.getByTestId('add-Pod').click();
  await expect(page.getByTestId('node-default/pod2')).toBeVisible();
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('node-default/pod2')).toHaveCount(0);
  await page.getByTestId('redo').click();
  await expect(page.getByTestId('node-default/pod2')).toBeVisible();
  // keyboard: delete the selected node, then Ctrl+Z
  await page.getByTestId('node-default/pod2').click();
  await page.keyboard.press('Delete');
  await expect(page.getByTestId('node-default/pod2')).toHaveCount(0);
  await page.keyboard.press('Control+z');
  await expect(page.getByTestId('node-default/pod2')).toBeVisible();
  // copy and paste
  await page.getByTestId('node-default/pod1').click();
  await page.keyboard.press('Control+c');
  await page.keyboard.press('Control+v');
  await expect(page.getByTestId('node-default/pod1-copy1')).toBeVisible();
  await page.waitForTimeout(400); // autosave is debounced
  await page.reload();
  await expect(page.getByTestId('node-default/pod1-copy1')).toBeVisible();
  await expect(page.getByTestId('node-default/pod2')).toBeVisible();
});

test('share a design as a URL', async ({ page, context }) => {
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  await freshPage(page);
  await importYaml(page, readFileSync('src/scenarios/kubevirt-blog.yaml', 'utf8'));
  await expect.poll(() => cellState(page, 'default/vm4', 'default/vm1')).toBe('none');
  await page.getByTestId('share').click();
  await expect(page.getByTestId('notice')).toContainText('Share link copied');
  // the link is copied, not left in the address bar (issue 20 item 4)
  const url = await page.evaluate(() => navigator.clipboard.readText());
  expect(url).toContain('#d=');
  const other = await context.newPage();
  await other.goto('/');
  await other.evaluate(() => localStorage.clear());
  await other.goto(url);
  await expect(other.getByTestId('notice')).toContainText('Opened a shared design');
  await expect.poll(() => cellState(other, 'default/vm4', 'default/vm1')).toBe('none');
});
