import { expect, test, type Page } from '@playwright/test';
import { cellState, freshPage, importYaml, loadExample, probe } from './helpers';

const VMS = ['vm1', 'vm2', 'vm3', 'vm4', 'vm5', 'vm6'].map((v) => `default/${v}`);

/** Every cell of the matrix on the shown network: `from>to` → data-state. */
async function matrix(page: Page): Promise<Record<string, string | null>> {
  const out: Record<string, string | null> = {};
  for (const f of VMS) for (const t of VMS) if (f !== t) out[`${f}>${t}`] = await cellState(page, f, t);
  return out;
}

/** A card's box once the canvas stopped moving (the fit after a load or a resize animates). */
async function settledBox(page: Page, testId: string) {
  let last = '';
  for (;;) {
    const box = await page.getByTestId(testId).boundingBox();
    const now = JSON.stringify(box);
    if (box && now === last) return box;
    last = now;
    await page.waitForTimeout(250);
  }
}

async function drag(page: Page, from: string, to: string): Promise<void> {
  const a = await settledBox(page, `node-${from}`);
  const b = await settledBox(page, `node-${to}`);
  // hovering a card redraws the canvas (its arcs light up): press and release once it has
  await page.mouse.move(a.x + a.width / 2, a.y + a.height / 2);
  await page.waitForTimeout(300);
  await page.mouse.down();
  await page.mouse.move((a.x + b.x) / 2 + a.width / 2, (a.y + b.y) / 2 + a.height / 2, { steps: 5 });
  await page.mouse.move(b.x + b.width / 2, b.y + b.height / 2, { steps: 5 });
  await page.waitForTimeout(300);
  await page.mouse.up();
}

for (const size of [
  { width: 1024, height: 768 },
  { width: 1600, height: 1000 },
])
  test(`drawing vm4 → vm1 TCP 22 on the KubeVirt blog allows exactly it (${size.width}x${size.height})`, async ({
    page,
  }) => {
    await page.setViewportSize(size);
    await freshPage(page);
    await loadExample(page, 'kubevirt-blog');
    await page.getByTestId('tab-matrix').click();
    // the notice bar would leave after 6 s and move the canvas under the pointer
    await page.getByTestId('notice').getByRole('button', { name: 'Dismiss' }).click();
    await expect(page.getByTestId('cell-default/vm4-default/vm1')).toHaveAttribute('data-state', 'none');
    const before = await matrix(page);
    await page.getByTestId('fit-all').click();
    await page.getByTestId('connect-toggle').click();
    await expect(page.getByTestId('connect-hint')).toBeVisible();
    await drag(page, 'default/vm4', 'default/vm1');
    const dialog = page.getByTestId('connect-dialog');
    await expect(dialog).toBeVisible();
    await expect(dialog.getByRole('heading', { level: 2 })).toHaveText('Allow default/vm4 → default/vm1');
    // the only shared network is chosen
    await expect(dialog.getByLabel('Network', { exact: true })).toHaveValue('default/flatl2net');
    await dialog.getByLabel('Protocol', { exact: true }).selectOption('TCP');
    await dialog.getByLabel('Port', { exact: true }).fill('70000');
    await expect(page.getByTestId('connect-error')).toHaveText('port: 70000 is outside 1-65535');
    await expect(page.getByTestId('connect-apply')).toBeDisabled();
    await dialog.getByLabel('Port', { exact: true }).fill('22');
    await expect(page.getByTestId('proposal-pairs').getByRole('listitem')).toHaveText([
      '+ allowed default/vm4 → default/vm1 on default/flatl2net: TCP 22',
    ]);
    await expect(page.getByTestId('proposal-problems')).toHaveCount(0);
    await expect(page.getByTestId('proposal-edits')).toContainText(
      'removed MultiNetworkPolicy default ingress-ipblock',
    );
    await page.getByTestId('proposal-edits').locator('summary').first().click();
    await page.screenshot({ path: `test-results/intent-connect-${size.width}.png` });
    await page.getByTestId('connect-apply').click();
    await expect(dialog).toBeHidden();
    await expect(page.getByTestId('notice')).toContainText('Allowed default/vm4 → default/vm1');
    await expect(page.getByTestId('cell-default/vm4-default/vm1')).toHaveAttribute('data-state', 'some');
    const after = await matrix(page);
    for (const k of Object.keys(before))
      if (k !== 'default/vm4>default/vm1') expect(after[k], k).toBe(before[k]);
    expect(
      await probe(page, {
        network: 'default/flatl2net',
        from: 'default/vm4',
        to: 'default/vm1',
        protocol: 'TCP',
        port: 22,
      }),
    ).toBe('allowed');
    expect(
      await probe(page, {
        network: 'default/flatl2net',
        from: 'default/vm4',
        to: 'default/vm1',
        protocol: 'TCP',
        port: 23,
      }),
    ).toBe('denied');
    // one undo step brings the blog's policy back
    await page.getByTestId('undo').click();
    await expect(page.getByTestId('cell-default/vm4-default/vm1')).toHaveAttribute('data-state', 'none');
  });

test('intent mode: matrix edits write policies whose exported YAML re-imports to the same verdicts', async ({
  page,
}) => {
  // large enough for the whole 6 x 6 grid (it renders only the visible cells)
  await page.setViewportSize({ width: 1600, height: 1000 });
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await page.getByTestId('tab-matrix').click();
  await page.getByTestId('intent-toggle').click();
  await expect(page.getByTestId('intent-bar')).toContainText('Click a cell to allow or deny it');
  await page.getByTestId('cell-default/vm4-default/vm1').click();
  await expect(page.getByTestId('cell-default/vm4-default/vm1')).toHaveAttribute('data-state', 'all');
  await expect(page.getByTestId('intent-exact')).toBeVisible();
  await page.getByTestId('cell-default/vm1-default/vm6').click();
  await expect(page.getByTestId('cell-default/vm1-default/vm6')).toHaveAttribute('data-state', 'none');
  await page.getByTestId('cell-default/vm5-default/vm6').click();
  await expect(page.getByTestId('cell-default/vm5-default/vm6')).toHaveAttribute('data-state', 'all');
  await expect(page.getByTestId('intent-exact')).toBeVisible();
  await expect(page.locator('.mgrid-cell.off-intent')).toHaveCount(0);
  const edited = await matrix(page);
  expect(edited['default/vm4>default/vm1']).toBe('all');
  expect(edited['default/vm4>default/vm2']).toBe('none');
  expect(edited['default/vm1>default/vm6']).toBe('none');
  expect(edited['default/vm1>default/vm5']).toBe('all');
  await page.screenshot({ path: 'test-results/intent-mode-1600.png' });
  // three edits, three undo steps
  await page.getByTestId('open-export').click();
  // the text comes once the schemas are loaded (export leaves unknown fields out)
  await expect(page.getByTestId('export-text')).toContainText('kind: MultiNetworkPolicy');
  const yaml = await page.getByTestId('export-text').inputValue();
  expect(yaml).not.toContain('ingress-ipblock');
  await page.keyboard.press('Escape');
  await freshPage(page);
  await importYaml(page, yaml);
  await page.getByTestId('tab-matrix').click();
  await expect(page.getByTestId('cell-default/vm4-default/vm1')).toHaveAttribute('data-state', 'all');
  expect(await matrix(page)).toEqual(edited);
});

test('quick starts: a new MultiNetworkPolicy has the only network ticked; same namespace uses ipBlocks there', async ({
  page,
}) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await page.getByTestId('add-MultiNetworkPolicy').click();
  const form = page.getByTestId('policy-form');
  await expect(form.getByRole('checkbox', { name: /default\/flatl2net/ })).toBeChecked();
  await expect(form.getByTestId('quick-allow-dns')).toBeDisabled();
  // flatl2net has no subnets: OVN-K ignores selector peers, so the peers are the VMs' addresses
  await form.getByTestId('quick-same-namespace').click();
  await expect(form.getByLabel('ingress rule 1 peer 1 CIDR')).toHaveValue('10.200.0.1/32');
  await expect(form.getByLabel('ingress rule 1 peer 6 CIDR')).toHaveValue('10.200.0.6/32');
  await page.getByTestId('tab-matrix').click();
  // every VM admits the others again: vm4 reaches vm1 (the blog's policy admitted only 10.200.0.0/30)
  await expect(page.getByTestId('cell-default/vm4-default/vm1')).toHaveAttribute('data-state', 'all');
  await form.getByTestId('quick-deny-ingress').click();
  await expect(form.getByTestId('ingress-rules')).toContainText(
    'no rule: all ingress of the selected workloads is denied',
  );
  await expect(page.getByTestId('cell-default/vm4-default/vm1')).toHaveAttribute('data-state', 'none');
  await page.screenshot({ path: 'test-results/intent-quick-starts-1024.png' });
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('cell-default/vm4-default/vm1')).toHaveAttribute('data-state', 'all');
  // a NetworkPolicy gets DNS egress to kube-dns
  await page.getByTestId('add-NetworkPolicy').click();
  const np = page.getByTestId('policy-form');
  await np.getByTestId('quick-allow-dns').click();
  await expect(np.getByLabel('egress rule 1 port 1 protocol')).toHaveValue('UDP');
  await expect(np.getByLabel('egress rule 1 port 1 port', { exact: true })).toHaveValue('53');
  await expect(np.getByLabel('egress rule 1 port 2 protocol')).toHaveValue('TCP');
});

test('bulk VMs: 4 VMs on flatl2net from 10.200.0.20, validation, one undo step', async ({ page }) => {
  await page.setViewportSize({ width: 1024, height: 768 });
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await page.getByTestId('add-bulk-vms').click();
  const dialog = page.getByTestId('bulk-dialog');
  await expect(dialog.getByLabel('Bulk network')).toHaveValue('default/flatl2net');
  await dialog.getByLabel('How many VMs').fill('4');
  await dialog.getByLabel('First address').fill('10.200.0.6');
  await expect(page.getByTestId('bulk-error')).toHaveText(
    'first address: 10.200.0.6 is already used by default/vm6 on default/flatl2net',
  );
  await expect(page.getByTestId('bulk-add')).toBeDisabled();
  await dialog.getByLabel('First address').fill('10.200.0.20');
  await expect(page.getByTestId('bulk-error')).toHaveCount(0);
  await page.screenshot({ path: 'test-results/intent-bulk-1024.png' });
  await page.getByTestId('bulk-add').click();
  await expect(page.getByTestId('notice')).toContainText('Added 4 VMs on default/flatl2net from 10.200.0.20');
  for (const n of ['vm7', 'vm8', 'vm9', 'vm10'])
    await expect(page.getByTestId(`node-default/${n}`)).toBeVisible();
  await page.getByTestId('tab-matrix').click();
  await expect(page.getByTestId('matrix-count')).toHaveText('10 × 10');
  expect(
    await probe(page, {
      network: 'default/flatl2net',
      from: 'default/vm10',
      to: 'default/vm1',
      protocol: 'TCP',
      port: 22,
    }),
  ).toBe('denied'); // 10.200.0.23 is outside the blog's 10.200.0.0/30
  await page.getByTestId('undo').click();
  await expect(page.getByTestId('node-default/vm7')).toHaveCount(0);
  await expect(page.getByTestId('matrix-count')).toHaveText('6 × 6');
});

test('intent mode: a wanted connection the policies cannot meet exactly is a finding', async ({ page }) => {
  await page.setViewportSize({ width: 1600, height: 1000 });
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await page.getByTestId('tab-matrix').click();
  await page.getByTestId('intent-toggle').click();
  // ICMP alone: a MultiNetworkPolicy rule admits ICMP only by admitting every protocol
  await page.getByTestId('cell-default/vm4-default/vm1').click({ modifiers: ['Shift'] });
  const dialog = page.getByTestId('connect-dialog');
  await dialog.getByLabel('Protocol', { exact: true }).selectOption('ICMP');
  await expect(page.getByTestId('proposal-problems')).toBeVisible();
  await page.getByTestId('connect-apply').click();
  await expect(dialog).toBeHidden();
  const problems = await page.getByTestId('intent-findings').getByRole('listitem').allTextContents();
  expect(problems.length).toBeGreaterThan(0);
  await page.getByTestId('tab-findings').click();
  const findings = page.getByTestId('finding-intent-inexact');
  await expect(findings).toHaveCount(problems.length);
  await expect(findings.first()).toContainText(`${problems[0]} (intent on default/flatl2net)`);
  // leaving intent mode takes them out of the Findings panel
  await page.getByTestId('tab-matrix').click();
  await page.getByTestId('intent-toggle').click();
  await page.getByTestId('tab-findings').click();
  await expect(findings).toHaveCount(0);
});
