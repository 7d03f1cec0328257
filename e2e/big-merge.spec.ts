import { expect, test } from '@playwright/test';
import { freshPage, loadExample } from './helpers';

/** Pods with 60 environment variables each (~4 KB a pod). */
function pods(n: number): string {
  const env = Array.from(
    { length: 60 },
    (_, k) => `      - {name: VAR_${k}, value: "v-${k}-abcdefghijklmnop"}`,
  ).join('\n');
  return Array.from(
    { length: n },
    (_, k) =>
      `---\napiVersion: v1\nkind: Pod\nmetadata: {name: p${k}, namespace: extra, labels: {app: a${k % 9}}}\nspec:\n  containers:\n  - name: c\n    image: nginx\n    env:\n${env}\n`,
  ).join('');
}

test('a big merge is read in the background with progress, and keeps the design and its layout', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await expect(page.getByTestId('status')).toContainText('6 endpoints');
  const layout = () =>
    page.evaluate(() => {
      const s = (window as unknown as { __netpol: { store: { getState: () => { layout: object } } } })
        .__netpol;
      return JSON.stringify(s.store.getState().layout);
    });
  const before = JSON.parse(await layout()) as Record<string, unknown>;
  expect(Object.keys(before)).toHaveLength(7);
  const text = pods(650);
  expect(text.length).toBeGreaterThan(2 * 1024 * 1024);
  await page.getByTestId('open-import').click();
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'more.yaml', mimeType: 'application/yaml', buffer: Buffer.from(text) });
  await expect(page.getByTestId('import-big-file')).toContainText('more.yaml');
  await page.getByLabel('merge into the design').check();
  await page.getByTestId('import-run').click();
  await expect(page.getByTestId('import-progress')).toContainText('Importing more.yaml');
  await expect(page.getByTestId('status')).toContainText('656 endpoints', { timeout: 90_000 });
  await expect(page.getByTestId('import-progress')).toBeHidden();
  await expect(page.getByTestId('notice')).toContainText('Imported (merge): 658 objects (8 before)');
  // the design's own objects stay where they were on the canvas
  const after = JSON.parse(await layout()) as Record<string, unknown>;
  for (const [id, at] of Object.entries(before)) expect(after[id]).toEqual(at);
  expect(Object.keys(after).length).toBeGreaterThan(650);
});
