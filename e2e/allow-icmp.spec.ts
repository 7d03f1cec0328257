import { expect, test } from '@playwright/test';
import { cellState, freshPage, importYaml, probe } from './helpers';
import { TWO_TEAMS } from './fixtures';

/** The allow-icmp-network-policy switch (SEMANTICS R10.17): ping passes a deny-all NetworkPolicy. */
const DESIGN = `${TWO_TEAMS}apiVersion: networking.k8s.io/v1
kind: NetworkPolicy
metadata: {name: deny-all, namespace: a}
spec: {podSelector: {}, policyTypes: [Ingress]}
`;

test('allow ICMP: flipping the switch lets ping through deny-all, the Why names the option, the choice is remembered', async ({
  page,
}) => {
  await freshPage(page);
  await importYaml(page, DESIGN);
  const toggle = page.getByTestId('allow-icmp');
  await expect(toggle).not.toBeChecked();
  await page.getByRole('tab', { name: 'Reachability' }).click();
  await expect.poll(() => cellState(page, 'b/api', 'a/web')).toBe('none');
  const ping = { network: 'default', from: 'b/api', to: 'a/web', protocol: 'ICMP' };
  expect(await probe(page, ping)).toBe('denied');

  await page.getByLabel('Backend options').click(); // the gear beside the backend profile
  await toggle.check();
  await expect(page.getByTestId('backend-options')).toHaveClass(/\bon\b/);
  await expect.poll(() => cellState(page, 'b/api', 'a/web')).toBe('some');
  expect(await probe(page, ping)).toBe('allowed');
  expect(await probe(page, { ...ping, protocol: 'TCP', port: 80 })).toBe('denied');
  await page.getByTestId('cell-b/api-a/web').click(); // a grid cell (issue 14)
  await expect(page.getByTestId('why-panel')).toContainText(
    'ingress of a/web: isolated by NetworkPolicy a/deny-all; allow-icmp-network-policy (backend option) allows ICMP',
  );

  // a preference: still on after a reload, with the same verdict
  await page.reload();
  await expect(page.getByTestId('allow-icmp')).toBeChecked();
  await expect(page.getByLabel('Backend options')).toHaveAttribute(
    'title',
    'Backend options: allow-icmp-network-policy on',
  );
  await page.getByRole('tab', { name: 'Reachability' }).click();
  await expect.poll(() => cellState(page, 'b/api', 'a/web')).toBe('some');
  await page.getByLabel('Backend options').click();
  await page.getByLabel('allow ICMP (OVN-K allow-icmp-network-policy)').uncheck();
  await expect.poll(() => cellState(page, 'b/api', 'a/web')).toBe('none');
});
