import { readFileSync } from 'node:fs';
import { expect, test } from '@playwright/test';
import { freshPage, importEditor } from './helpers';

test('with problems listed, the Import dialog keeps its editor, mode and buttons apart and in reach', async ({
  page,
}) => {
  for (const [width, height] of [
    [1280, 720],
    [1024, 768],
  ] as const) {
    await page.setViewportSize({ width, height });
    await freshPage(page);
    await page.getByTestId('open-import').click();
    await (await importEditor(page)).fill(readFileSync('src/scenarios/kubevirt-blog.yaml', 'utf8'));
    await expect(page.getByTestId('import-diagnostics').locator('li')).toHaveCount(6);
    const box = async (sel: string) => {
      const b = await page.locator(sel).first().boundingBox();
      if (!b) throw new Error(`${sel} not shown`);
      return b;
    };
    const editor = await box('.dialog .yaml-editor');
    const cm = await box('.dialog .cm-editor');
    const mode = await box('.dialog fieldset.mode');
    const dialog = await box('.dialog');
    const run = await box('[data-testid="import-run"]');
    expect(cm.y + cm.height).toBeLessThanOrEqual(editor.y + editor.height + 1); // the editor stays in its box
    expect(editor.y + editor.height).toBeLessThanOrEqual(mode.y);
    expect(run.y + run.height).toBeLessThanOrEqual(dialog.y + dialog.height);
    await page.getByLabel('replace the design').check({ timeout: 2000 });
    await page.screenshot({ path: `.shots/import-dialog-${width}.png` });
  }
});
