import { expect, test } from '@playwright/test';
import { analyze } from '../src/engine/analyze';
import { allows } from '../src/engine/conn';
import { explainConnection } from '../src/engine/view';
import { parseObjects } from '../src/io/k8s-to-model';
import { generateCluster } from '../src/testing/generate';
import { freshPage, probe, replaceWithObjects } from './helpers';

// Issue 15: on a design large enough for factor tables, cluster policies' tiers travel apart (the
// Admin, NetworkPolicy and Baseline parts) and the page combines a pair's parts itself. The probe
// must show the engine's verdict and its whole decision chain, word for word.
test('a 300-workload design with cluster policies: the probe shows the engine verdicts and tier chains', async ({
  page,
}) => {
  test.setTimeout(120_000);
  const objs = generateCluster(24, { endpoints: 300, policies: 60, adminPolicies: 6 });
  const model = parseObjects(objs).model;
  const result = analyze(model);
  const tiered = result.connections.filter(
    (c) =>
      c.network === 'default' &&
      !c.from.includes('ext') &&
      ((c.egress.isolated && c.egress.tiers?.steps.length) ||
        (c.ingress.isolated && c.ingress.tiers?.steps.length)),
  );
  const allowed = tiered.find((c) => allows(c.allowed, 'TCP', 8080));
  const denied = tiered.find((c) => !allows(c.allowed, 'TCP', 8080));
  expect(allowed && denied).toBeTruthy();

  await freshPage(page);
  await replaceWithObjects(page, objs);
  await expect(page.getByTestId('canvas')).toHaveAttribute('data-analysed', 'true', { timeout: 60_000 });
  for (const [c, verdict] of [
    [allowed, 'allowed'],
    [denied, 'denied'],
  ] as const) {
    if (!c) continue;
    const shown = await probe(page, {
      network: 'default',
      from: c.from,
      to: c.to,
      protocol: 'TCP',
      port: 8080,
    });
    expect(shown.toLowerCase()).toContain(verdict);
    const text = await page.getByTestId('probe-verdict').innerText();
    for (const line of explainConnection(c).slice(1)) expect(text).toContain(line);
    expect(text).toMatch(/ANP|BANP|CNP|AdminNetworkPolicy|ClusterNetworkPolicy/);
  }
});
