import { expect, test } from '@playwright/test';
import { freshPage, importEditor } from './helpers';

// The import dialog lists what the engine rejects when it compiles (API validation), not only what
// the YAML reader finds, each with object, field and line; the imported design's finding keeps it.
const BAD_CIDR = `apiVersion: v1
kind: Pod
metadata:
  name: web
  namespace: default
  labels: {app: web}
---
apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata:
  name: bad-cidr
  namespace: default
spec:
  podSelector: {}
  ingress:
    - from:
        - ipBlock:
            cidr: 10.0.0.300/24
`;

const FIELD = 'spec.ingress[0].from[0].ipBlock.cidr';

test('a bad CIDR is named with object, field and line in the import preview and in Findings after import', async ({
  page,
}) => {
  await freshPage(page);
  await page.getByTestId('open-import').click();
  await (await importEditor(page)).fill(BAD_CIDR);
  await expect(page.getByTestId('import-status')).toHaveText('1 problem (1 error)');
  await expect(page.getByTestId('import-diagnostics')).toHaveText(
    `import:18:19: error ipblock-invalid: NetworkPolicy default/bad-cidr ${FIELD}: "10.0.0.300/24" is not a valid IP address or CIDR; the API server rejects this NetworkPolicy, so it is not applied`,
  );
  await page.getByLabel('replace the design').check();
  await page.getByTestId('import-run').click();
  await expect(page.getByTestId('notice')).toContainText('Imported (replace): 2 objects');

  await page.getByTestId('tab-findings').click();
  const finding = page.getByTestId('finding-ipblock-invalid');
  await expect(finding).toHaveCount(1);
  await expect(finding.locator('.finding-head button.link')).toHaveText('NetworkPolicy default/bad-cidr');
  await expect(finding.locator('.finding-head code.field')).toHaveText(FIELD);
  await expect(finding.locator('.where')).toHaveText('import:18');

  // once the policy is edited the text's line no longer describes it: the finding keeps no line
  await page.evaluate(() => {
    type Obj = { id: string; obj: { metadata: object } };
    type State = { objects: Obj[]; updateObject: (id: string, obj: object) => void };
    const s = (
      window as unknown as { __netpol: { store: { getState: () => State } } }
    ).__netpol.store.getState();
    const o = s.objects.find((x) => x.id.includes('bad-cidr'));
    if (o) s.updateObject(o.id, { ...o.obj, metadata: { ...o.obj.metadata, labels: { edited: 'yes' } } });
  });
  await expect(finding).toHaveCount(1);
  await expect(finding.locator('.where')).toHaveCount(0);
  await expect(finding.locator('.finding-head code.field')).toHaveText(FIELD);
});

test('a text without engine problems still reads "No problems found" once the check answers', async ({
  page,
}) => {
  await freshPage(page);
  await page.getByTestId('open-import').click();
  await (await importEditor(page)).fill(BAD_CIDR.replace('10.0.0.300/24', '10.0.0.0/24'));
  await expect(page.getByTestId('import-status')).toHaveText('No problems found');
  await expect(page.getByTestId('import-diagnostics')).toHaveCount(0);
});
