import { expect, test, type Page } from '@playwright/test';
import { freshPage, importEditor, loadExample, settled } from './helpers';

// A new user's pass (session 10) at the smallest supported window: what it found wrong, fixed.
test.use({ viewport: { width: 1024, height: 768 } });

const MALFORMED = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: default
  labels: {app: web
spec:
  containers: []
`;

const UNKNOWN_KIND = `apiVersion: example.com/v1
kind: FancyFirewall
metadata:
  name: ff
  namespace: default
spec:
  deny: all
`;

async function openImport(page: Page, text: string, mode: 'merge' | 'replace'): Promise<void> {
  await page.getByTestId('open-import').click();
  await (await importEditor(page)).fill(text);
  await page.getByLabel(mode === 'merge' ? 'merge into the design' : 'replace the design').check();
}

test('an empty design offers its examples without the Draw connection button over the welcome', async ({
  page,
}) => {
  await freshPage(page);
  await expect(page.getByTestId('empty-state')).toBeVisible();
  await expect(page.getByTestId('connect-toggle')).toHaveCount(0);
  await loadExample(page, 'kubevirt-blog');
  await expect(page.getByTestId('connect-toggle')).toBeVisible();
});

test('replacing the design with text that has no readable object is refused: the design stays', async ({
  page,
}) => {
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await expect(page.getByTestId('matrix-count')).toHaveText('6 × 6');
  await openImport(page, MALFORMED, 'replace');
  await expect(page.getByTestId('import-diagnostics')).toContainText(/import:7:\d+: error yaml-syntax/);
  await page.getByTestId('import-run').click();
  await expect(page.getByTestId('notice')).toHaveText(
    /Nothing was imported: no object could be read from pasted text \(1 problem, listed in the import dialog\); the design is unchanged\./,
  );
  // the dialog stays open on its problem; closing it shows the design as it was
  const dialog = page.getByRole('dialog', { name: 'Import YAML' });
  await expect(dialog).toBeVisible();
  await page.keyboard.press('Escape');
  await expect(dialog).toHaveCount(0);
  await expect(page.getByTestId('matrix-count')).toHaveText('6 × 6');
  await expect(page.getByTestId('policy-list')).toContainText('MNP default/ingress-ipblock');
});

test('an object of an unknown kind is named with its line in the import dialog, not silently dropped', async ({
  page,
}) => {
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await openImport(page, UNKNOWN_KIND, 'merge');
  await expect(page.getByTestId('import-status')).toHaveText('No problems found');
  await expect(page.getByTestId('import-notes')).toHaveText(
    /import:2:\d+: info kind-ignored: .*FancyFirewall does not affect reachability; kept and ignored/,
  );
  await page.getByTestId('import-run').click();
  await expect(page.getByTestId('notice')).toContainText('Imported (merge): 9 objects (8 before)');
  await expect(page.getByTestId('matrix-count')).toHaveText('6 × 6');
});

test('Tab from the canvas tools reaches the cards, each with a visible focus ring', async ({ page }) => {
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await page.getByTestId('fit-all').focus();
  for (let k = 0; k < 3; k++) await page.keyboard.press('Tab');
  const focused = page.locator('.react-flow__node:focus');
  await expect(focused).toHaveCount(1);
  const ring = await focused.evaluate((el) => {
    const cs = getComputedStyle(el);
    return `${cs.outlineStyle} ${cs.outlineWidth}`;
  });
  expect(ring).toBe('solid 2px');
});

test('in the policy view at 1024 px the find box gives way: it never runs under Show denied', async ({
  page,
}) => {
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await page.getByTestId('policy-list').getByText('MNP default/ingress-ipblock').click();
  await expect(page.getByTestId('view-policy')).toBeVisible();
  const find = await page.getByLabel('Find workload').boundingBox();
  const denied = await page.locator('.denied-toggle').boundingBox();
  if (!find || !denied) throw new Error('no find box or Show denied');
  expect(find.width).toBeGreaterThanOrEqual(48);
  expect(find.x + find.width).toBeLessThanOrEqual(denied.x);
});

test('the export shows its YAML at 1024x768, not two lines of it', async ({ page }) => {
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await page.getByTestId('open-export').click();
  const text = page.getByTestId('export-text');
  await expect(text).toHaveValue(/kind: NetworkAttachmentDefinition/);
  const box = await text.boundingBox();
  expect(box?.height ?? 0).toBeGreaterThanOrEqual(280);
});

test('an added network is drawn in view, and its long kind sits beside Form and YAML', async ({ page }) => {
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await page.getByTestId('add-NetworkAttachmentDefinition').click();
  const inspector = page.getByTestId('inspector');
  await expect(inspector.getByLabel('Name', { exact: true })).toHaveValue('net1');
  // the head: the kind wraps, the two tabs stay on one row beside it
  const title = await inspector.locator('.inspector-head h2').boundingBox();
  const form = await inspector.getByRole('tab', { name: 'Form' }).boundingBox();
  const yaml = await inspector.getByRole('tab', { name: 'YAML' }).boundingBox();
  if (!title || !form || !yaml) throw new Error('no inspector head');
  expect(form.y).toBe(yaml.y);
  expect(title.x + title.width).toBeLessThanOrEqual(form.x);
  // the new network's bus is fitted into the canvas (it was drawn past the right edge)
  await settled(page);
  const bus = await page.getByTestId('network-default/net1').boundingBox();
  const pane = await page.locator('.react-flow__pane').boundingBox();
  if (!bus || !pane) throw new Error('no bus or pane');
  expect(bus.x).toBeGreaterThanOrEqual(pane.x);
  expect(bus.x + bus.width).toBeLessThanOrEqual(pane.x + pane.width);
});

test('Tab reaches Draw connection right after Fit, where it is drawn', async ({ page }) => {
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await page.getByTestId('fit-all').focus();
  await page.keyboard.press('Tab');
  await expect(page.getByTestId('connect-toggle')).toBeFocused();
  await page.keyboard.press('Enter');
  await expect(page.getByTestId('connect-toggle')).toHaveAttribute('aria-pressed', 'true');
  await expect(page.getByTestId('connect-hint')).toHaveText(
    'Drag from a workload to another (or click the source, then the destination)',
  );
});
