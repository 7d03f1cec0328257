import { expect, test } from '@playwright/test';
import { freshPage, importEditor, importYaml } from './helpers';

// Issue 20 item 19: unknown fields are flagged on import (object, field, line) and never exported.
test('an unknown field: Findings names object, field and line; the export leaves it out', async ({
  page,
}) => {
  await freshPage(page);
  const text = [
    'apiVersion: kubevirt.io/v1',
    'kind: VirtualMachine',
    'metadata: {name: vm1, namespace: default}',
    'spec:',
    '  template:',
    '    spec:',
    '      domain: {devices: {}}',
    '      termination/GracePeriodSeconds: 30',
  ].join('\n');
  // the dialog's live check already names it, with its line
  await page.getByTestId('open-import').click();
  await (await importEditor(page)).fill(text);
  await expect(page.getByTestId('import-diagnostics')).toContainText(
    'import:8:39: warning field-unknown: VirtualMachine default/vm1 spec.template.spec.termination/GracePeriodSeconds',
  );
  await page.getByRole('button', { name: 'Close' }).click();
  await importYaml(page, text, 'replace');
  await expect(page.getByTestId('notice')).toContainText('1 problem in the imported text');
  await page.getByTestId('tab-findings').click();
  const finding = page.getByRole('tabpanel').getByText('termination/GracePeriodSeconds').first();
  await expect(finding).toBeVisible();
  await expect(page.getByRole('tabpanel')).toContainText('import:8');
  await expect(page.getByRole('tabpanel')).toContainText('VirtualMachine default/vm1');
  await page.getByTestId('open-export').click();
  await expect(page.getByTestId('export-text')).toContainText('kind: VirtualMachine');
  expect(await page.getByTestId('export-text').inputValue()).not.toContain('GracePeriodSeconds');
});
