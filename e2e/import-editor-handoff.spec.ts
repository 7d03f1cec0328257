import { expect, test, type Page } from '@playwright/test';
import { freshPage, holdChunk } from './helpers';

// The Import dialog's editor: a plain textarea stands in while CodeMirror loads; what the user
// typed or pasted there, where the caret was and the focus carry over when CodeMirror takes its place.

const codeMirror = (page: Page) => page.locator('.cm-content[data-testid="import-text"]');

test('typed text, the caret and the focus carry from the stand-in into CodeMirror', async ({ page }) => {
  await freshPage(page);
  const release = await holdChunk(page, 'yaml-editor');
  await page.getByTestId('open-import').click();
  const standIn = page.locator('textarea[data-testid="import-text"]');
  await expect(standIn).toBeFocused();
  await page.keyboard.type('kind: Pod');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft');
  await page.keyboard.press('ArrowLeft'); // the caret before "Pod"
  release();
  await codeMirror(page).waitFor();
  await expect(standIn).toHaveCount(0);
  // no click: the next keys go where the caret was
  await page.keyboard.type('My');
  await expect(codeMirror(page)).toHaveText('kind: MyPod');
  await page.keyboard.press('End');
  await page.keyboard.type('s');
  await expect(codeMirror(page)).toHaveText('kind: MyPods');
});

test('a paste into the stand-in is kept (with its selection) when CodeMirror takes over', async ({
  page,
}) => {
  await freshPage(page);
  const release = await holdChunk(page, 'yaml-editor');
  await page.getByTestId('open-import').click();
  const standIn = page.locator('textarea[data-testid="import-text"]');
  const yaml = 'apiVersion: v1\nkind: Namespace\nmetadata: {name: pasted}\n';
  await standIn.fill(yaml);
  await standIn.evaluate((el) => (el as HTMLTextAreaElement).setSelectionRange(15, 30)); // "kind: Namespace"
  release();
  await codeMirror(page).waitFor();
  await expect(codeMirror(page)).toContainText('metadata: {name: pasted}');
  expect(await page.evaluate(() => getSelection()?.toString())).toBe('kind: Namespace');
  await page.getByLabel('replace the design').check();
  await page.getByTestId('import-run').click();
  await expect(page.getByTestId('notice')).toContainText('Imported (replace): 1 object');
});
