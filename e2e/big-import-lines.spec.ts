import { expect, test } from '@playwright/test';
import { freshPage } from './helpers';

// A big import (256 KB and up) is read in the parse worker; its source maps stay there. Its
// findings still name the line of their object in the imported text, a List item's too.

const ENV = Array.from(
  { length: 30 },
  (_, k) => `        - {name: VAR_${k}, value: "value-${k}-abcdefghij"}`,
).join('\n');
const pod = (k: number) =>
  `- apiVersion: v1
  kind: Pod
  metadata:
    name: p${k}
    namespace: ns${k % 5}
    labels: {app: a${k % 10}}
  spec:
    containers:
      - name: c
        image: nginx
        env:
${ENV}
`;
const POLICY = `- apiVersion: networking.k8s.io/v1
  kind: NetworkPolicy
  metadata: {name: nobody, namespace: ns1}
  spec:
    podSelector: {matchLabels: {app: missing}}
    policyTypes: [Ingress]
`;

test("a big List's findings name the line of their object, as the worker read it", async ({ page }) => {
  test.setTimeout(120_000);
  const pods = Array.from({ length: 200 }, (_, k) => pod(k)).join('');
  const text = `apiVersion: v1\nkind: List\nitems:\n${pods}${POLICY}`;
  expect(text.length).toBeGreaterThan(256 * 1024);
  // the policy's line: the List's header and every pod before it
  const line = text.slice(0, text.indexOf('- apiVersion: networking.k8s.io/v1')).split('\n').length;
  expect(line).toBe(3 + 200 * (11 + 30) + 1);

  await freshPage(page);
  await page.getByTestId('open-import').click();
  await page
    .getByTestId('import-file')
    .setInputFiles({ name: 'list.yaml', mimeType: 'application/yaml', buffer: Buffer.from(text) });
  await expect(page.getByTestId('import-big-file')).toContainText('is read in the background');
  await page.getByLabel('replace the design').check();
  await page.getByTestId('import-run').click();
  await expect(page.getByTestId('status')).toContainText('200 endpoints', { timeout: 60_000 });
  await page.getByTestId('tab-findings').click();
  const finding = page.getByTestId('finding-policy-selects-nothing');
  await expect(finding).toHaveCount(1);
  await expect(finding).toContainText('NetworkPolicy ns1/nobody');
  await expect(finding.locator('.where')).toHaveText(`import:${line}`);
});
