import { expect, test } from '@playwright/test';
import { cellState, freshPage, importYaml } from './helpers';
import { TWO_TEAMS } from './fixtures';

/** The backend profile setting (R9.3): an ANP with priority 150 applies per the API, not on OVN-Kubernetes. */
const DESIGN = `${TWO_TEAMS}apiVersion: policy.networking.k8s.io/v1alpha1
kind: AdminNetworkPolicy
metadata: {name: high}
spec:
  priority: 150
  subject: {namespaces: {matchLabels: {team: a}}}
  ingress:
  - {name: deny-b, action: Deny, from: [{namespaces: {matchLabels: {team: b}}}]}
`;

test('backend profile: flipping to OVN-Kubernetes drops the priority-150 ANP; M22 says so; the choice is remembered', async ({
  page,
}) => {
  await freshPage(page);
  await importYaml(page, DESIGN);
  const setting = page.getByLabel('Backend profile');
  await expect(setting).toHaveValue('api');
  await page.getByRole('tab', { name: 'Reachability' }).click();
  await expect.poll(() => cellState(page, 'b/api', 'a/web')).toBe('none');
  expect(await cellState(page, 'a/web', 'b/api')).toBe('all');
  await page.getByTestId('tab-findings').click();
  await expect(page.getByTestId('finding-admin-priority-ovnk')).toContainText(
    'applied here per the API (backend profile api)',
  );

  await setting.selectOption('ovn-kubernetes');
  await page.getByRole('tab', { name: 'Reachability' }).click();
  await expect.poll(() => cellState(page, 'b/api', 'a/web')).toBe('all');
  await page.getByTestId('tab-findings').click();
  await expect(page.getByTestId('finding-admin-priority-ovnk')).toContainText(
    'not applied here (backend profile ovn-kubernetes)',
  );

  // a preference: still OVN-Kubernetes after a reload, with the same verdict
  await page.reload();
  await expect(page.getByLabel('Backend profile')).toHaveValue('ovn-kubernetes');
  await page.getByRole('tab', { name: 'Reachability' }).click();
  await expect.poll(() => cellState(page, 'b/api', 'a/web')).toBe('all');
  await page.getByLabel('Backend profile').selectOption('api');
  await expect.poll(() => cellState(page, 'b/api', 'a/web')).toBe('none');
});
