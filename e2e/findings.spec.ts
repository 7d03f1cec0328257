import { expect, test } from '@playwright/test';
import type { Page } from '@playwright/test';
import { cellState, freshPage, loadExample } from './helpers';

/** The page sees `n` logical cores (the client picks the lint worker from 4: engine/client.ts). */
const cores = (page: Page, n: number) =>
  page.addInitScript((k) => Object.defineProperty(navigator, 'hardwareConcurrency', { get: () => k }), n);

const linterOf = (page: Page) =>
  page.evaluate(
    () =>
      (
        window as unknown as { __netpol: { store: { getState: () => { analysis?: { linter?: string } } } } }
      ).__netpol.store.getState().analysis?.linter,
  );

/** Harvester example 3 on a page that sees `n` cores, analysed, its one finding counted. */
async function harvester3(page: Page, n: number): Promise<void> {
  await cores(page, n);
  await freshPage(page);
  await loadExample(page, 'harvester-netpol-3');
  await expect.poll(() => cellState(page, 'default/vm3', 'default/vm4')).toBe('all');
  await expect(page.getByTestId('findings-count')).toHaveText('1');
}

test('Harvester example 3: the `egress` finding is shown and its fix applied', async ({ page }) => {
  await harvester3(page, 8);
  // with 8 cores the findings came from the lint worker beside the engine (engine/lint-peer.ts)
  const linter = () => linterOf(page);
  expect(await linter()).toBe('lint-worker');
  await page.getByTestId('tab-findings').click();
  const f = page.getByTestId('finding-policy-types-case');
  await expect(f).toContainText('policyTypes value "egress" is not "Ingress" or "Egress"');
  await expect(f).toContainText('spec.policyTypes[0]');
  await f.getByRole('button', { name: 'Apply fix' }).click();
  await expect(page.getByTestId('notice')).toContainText('Applied: Egress');
  await expect(page.getByTestId('finding-policy-types-case')).toHaveCount(0);
  expect(await linter()).toBe('lint-worker');
  await page.getByRole('tab', { name: 'Reachability' }).click();
  await expect.poll(() => cellState(page, 'default/vm3', 'default/vm4')).toBe('none');
  expect(await cellState(page, 'default/vm4', 'default/vm1')).toBe('all');
  // the fix is one undoable change
  await page.getByTestId('undo').click();
  await expect.poll(() => cellState(page, 'default/vm3', 'default/vm4')).toBe('all');
});

test('Harvester example 4: the VM2 hint, the fix, and the finding linked to its object', async ({ page }) => {
  await freshPage(page);
  await loadExample(page, 'harvester-netpol-4');
  await page.getByTestId('tab-findings').click();
  const f = page.getByTestId('finding-policy-selects-nothing');
  await expect(f).toContainText('did you mean vm.kubevirt.io/name: vm2?');
  await f.getByRole('button', { name: 'NetworkPolicy default/ip-block' }).click();
  await expect(page.getByTestId('policy-form')).toBeVisible();
  await expect(page.getByTestId('policy-form').getByTestId('issue-policy-selects-nothing')).toBeVisible();
  await expect(page.getByTestId('policy-selects')).toHaveText('selects no workload');
  await f.getByRole('button', { name: 'Apply fix' }).click();
  await expect(page.getByTestId('policy-selects')).toHaveText('selects 1: default/vm2');
  await page.getByRole('tab', { name: 'Reachability' }).click();
  await expect.poll(() => cellState(page, 'default/vm2', 'default/vm3')).toBe('none');
  await page.screenshot({ path: 'test-results/findings-fixed.png' });
});

test('Kube-OVN: edit a Subnet ACL in the form and watch the verdicts follow', async ({ page }) => {
  await freshPage(page);
  await loadExample(page, 'harvester-acl-3');
  await page.getByRole('tab', { name: 'Reachability' }).click();
  await expect.poll(() => cellState(page, 'default/vm3', 'default/vm1')).toBe('none');
  expect(await cellState(page, 'default/vm3', 'default/vm2')).toBe('all');
  await page.getByTestId('subnet-list').getByRole('button', { name: 'Subnet vswitch1' }).click();
  const form = page.getByTestId('subnet-form');
  const match = form.getByLabel('ACL 1 match');
  await match.fill('ip4.dst == 172.20.10.3 && ct.new');
  await expect(form.getByRole('alert')).toContainText('column 27');
  await match.fill('ip4.dst == 172.20.10.3');
  await match.press('Enter');
  await expect.poll(() => cellState(page, 'default/vm3', 'default/vm1')).toBe('all');
  expect(await cellState(page, 'default/vm3', 'default/vm2')).toBe('none');
  // the why panel names the deciding ACL
  await page.getByTestId('cell-default/vm3-default/vm2').click(); // a grid cell (issue 14), no inner button
  await expect(page.getByTestId('why-panel')).toContainText(
    'Subnet vswitch1 acls[0] (to-lport priority 1005 drop "ip4.dst == 172.20.10.3")',
  );
  // and the export carries the edited Subnet
  await page.getByTestId('open-export').click();
  await expect(page.getByTestId('export-text')).toContainText('match: ip4.dst == 172.20.10.3');
  await page.screenshot({ path: 'test-results/subnet-acl.png' });
});

test('when its lint worker dies, the engine worker lints by itself from then on', async ({ page }) => {
  await harvester3(page, 8);
  const linter = () => linterOf(page);
  expect(await linter()).toBe('lint-worker');
  await page.evaluate(() =>
    (window as unknown as { __netpol: { crashLintWorker: () => void } }).__netpol.crashLintWorker(),
  );
  // the fix's edit is linted by the engine worker: the finding goes, the verdicts follow
  await page.getByTestId('tab-findings').click();
  await page.getByTestId('finding-policy-types-case').getByRole('button', { name: 'Apply fix' }).click();
  await expect(page.getByTestId('finding-policy-types-case')).toHaveCount(0);
  expect(await linter()).toBe('engine');
  await page.getByRole('tab', { name: 'Reachability' }).click();
  await expect.poll(() => cellState(page, 'default/vm3', 'default/vm4')).toBe('none');
  // no error notice: the user sees nothing of it
  await expect(page.getByTestId('notice')).toHaveCount(0);
});

test('on 2 cores the engine worker lints by itself (two busy workers were slower there)', async ({
  page,
}) => {
  await harvester3(page, 2);
  expect(await linterOf(page)).toBe('engine');
});
