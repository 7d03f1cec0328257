import { expect, test } from '@playwright/test';
import { cellState, freshPage, importYaml, probe } from './helpers';
import { TWO_TEAMS } from './fixtures';

/** SEMANTICS §9 in the app: an ANP edited in its form changes the verdicts, the why panel shows the chain. */
const DESIGN = `${TWO_TEAMS}apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: sre-deny}
spec:
  priority: 10
  subject: {namespaces: {matchLabels: {team: a}}}
  ingress:
  - {name: allow-80, action: Allow, from: [{namespaces: {matchLabels: {team: b}}}], ports: [{portNumber: {port: 80}}]}
  - {name: block-b, action: Deny, from: [{namespaces: {matchLabels: {team: b}}}]}
---
apiVersion: cilium.io/v2
kind: CiliumNetworkPolicy
metadata: {name: cil, namespace: a}
spec: {}
`;

test('AdminNetworkPolicy: verdicts, the chain in Why, the form reorders rules, the canvas marks its subjects', async ({
  page,
}) => {
  await freshPage(page);
  await importYaml(page, DESIGN);
  await expect(page.getByTestId('admin-mark-a/web')).toHaveText('ANP');
  await expect(page.getByTestId('admin-mark-b/api')).toHaveCount(0);
  await page.getByRole('tab', { name: 'Reachability' }).click();
  await expect.poll(() => cellState(page, 'b/api', 'a/web')).toBe('some');
  expect(await cellState(page, 'a/web', 'b/api')).toBe('all');
  expect(
    await probe(page, { network: 'default', from: 'b/api', to: 'a/web', protocol: 'TCP', port: 81 }),
  ).toBe('denied');
  await page.getByTestId('cell-b/api-a/web').click(); // a grid cell (issue 14)
  await expect(page.getByTestId('why-panel')).toContainText(
    'ANP `sre-deny` priority 10 ingress rule #1 `block-b` Deny',
  );
  // the unevaluated Cilium policy is a warning finding naming it
  await page.getByTestId('tab-findings').click();
  await expect(page.getByTestId('finding-kind-not-evaluated')).toContainText('CiliumNetworkPolicy');
  // the form: selects 1; move the Deny rule first → everything from b is denied
  await page.getByRole('button', { name: 'AdminNetworkPolicy /sre-deny' }).click();
  const form = page.getByTestId('cluster-policy-form');
  await expect(form.getByTestId('cluster-selects')).toHaveText('selects 1: a/web');
  await form.getByRole('button', { name: 'move ingress rule 1 up' }).click();
  await expect(form.getByTestId('cluster-ingress-rule-0')).toContainText('block-b');
  await page.getByRole('tab', { name: 'Reachability' }).click();
  await expect.poll(() => cellState(page, 'b/api', 'a/web')).toBe('none');
  // the action select: Deny → Allow opens it again
  await page.getByRole('button', { name: 'AdminNetworkPolicy /sre-deny' }).click();
  await form.getByLabel('ingress rule 0 action').selectOption('Allow');
  await page.getByRole('tab', { name: 'Reachability' }).click();
  await expect.poll(() => cellState(page, 'b/api', 'a/web')).toBe('all');
});
