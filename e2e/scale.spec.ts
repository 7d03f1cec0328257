import { expect, test } from '@playwright/test';
import { analyze } from '../src/engine/analyze';
import { diffModels } from '../src/engine/diff';
import { allows } from '../src/engine/conn';
import { endpointsOn } from '../src/engine/view';
import { parseObjects } from '../src/io/k8s-to-model';
import { generateCluster } from '../src/testing/generate';
import { freshPage, probe, replaceWithObjects } from './helpers';

// A design too large to ship every pair: the worker answers with factor tables, the canvas draws
// compact nodes, and every verdict the page shows is still the engine's.
test('a 300-workload design: compact nodes, arcs of the selection, and verdicts equal to the engine', async ({
  page,
}) => {
  const objs = generateCluster(21, { endpoints: 300, policies: 60 });
  const model = parseObjects(objs).model;
  const result = analyze(model);
  const onDefault = result.connections.filter(
    (c) => c.network === 'default' && c.from.startsWith('ns') && c.to.startsWith('ns'),
  );
  const allowed = onDefault.find((c) => allows(c.allowed, 'TCP', 8080));
  const denied = onDefault.find((c) => !allows(c.allowed, 'TCP', 8080));
  expect(allowed && denied).toBeTruthy();

  await freshPage(page);
  await replaceWithObjects(page, objs);
  // large designs open on the grouped Reachability view; the topology keeps every workload
  await page.getByTestId('view-topology').click();
  await expect(page.locator('.wl-lite')).toHaveCount(model.endpoints.length);

  for (const [c, verdict] of [
    [allowed, 'allowed'],
    [denied, 'denied'],
  ] as const) {
    if (!c) continue;
    expect(
      (
        await probe(page, { network: 'default', from: c.from, to: c.to, protocol: 'TCP', port: 8080 })
      ).toLowerCase(),
    ).toContain(verdict);
  }

  // the probe's endpoint pickers hold one option until used, then every endpoint of the network
  const to = page.getByTestId('probe').getByLabel('Probe to');
  await page.getByTestId('probe').getByLabel('Probe protocol').focus();
  await expect(to.locator('option')).toHaveCount(1);
  await expect(to).toHaveValue(denied?.to ?? allowed?.to ?? '');
  await to.focus();
  await expect(to.locator('option')).toHaveCount(endpointsOn(result, 'default').length);
  await page.keyboard.press('Home');
  await expect(to).toHaveValue(endpointsOn(result, 'default')[0] ?? '');

  // selecting a workload draws its attachment lines and its arcs (only then, at this size)
  await expect(page.locator('.edge-attachment')).toHaveCount(0);
  const from = allowed?.from as string;
  await page.getByTestId(`node-${from}`).click();
  await expect(page.locator('.edge-attachment').first()).toBeVisible();
  await expect(page.locator('.edge-reach').first()).toBeVisible();
});

test('before/after on a 300-workload design: the diff worker lists the changed pairs with exact totals', async ({
  page,
}) => {
  const objs = generateCluster(22, { endpoints: 300, policies: 60 });
  // the edit: delete one NetworkPolicy (its workloads lose their isolation)
  const gone = objs.find((o) => o.kind === 'NetworkPolicy' && JSON.stringify(o).includes('"from"')) as {
    metadata: { name: string; namespace: string };
  };
  const after = objs.filter((o) => o !== (gone as unknown));
  const changes = diffModels(parseObjects(objs).model, parseObjects(after).model);
  const gained = changes.filter((c) => c.change === 'gained').length;
  const lost = changes.length - gained;
  expect(changes.length).toBeGreaterThan(0);

  await freshPage(page);
  await replaceWithObjects(page, objs);
  await page.getByTestId('view-topology').click();
  await expect(page.locator('.wl-lite').first()).toBeVisible();
  await page.getByTestId('tab-diff').click();
  await page.getByRole('button', { name: /Stage current design/ }).click();
  await expect(page.getByTestId('diff-summary')).toContainText('0 gained, 0 lost');
  await page.evaluate(
    `(() => { const s = window.__netpol.store.getState(); const o = s.objects.find((x) => x.obj.kind === 'NetworkPolicy' && x.obj.metadata.name === ${JSON.stringify(gone.metadata.name)} && x.obj.metadata.namespace === ${JSON.stringify(gone.metadata.namespace)}); s.removeObjects([o.id]); })()`,
  );
  await expect(page.getByTestId('diff-summary')).toContainText(
    `${gained.toLocaleString('en')} gained, ${lost.toLocaleString('en')} lost`,
  );
  const first = changes[0];
  if (first)
    await expect(page.getByTestId(`diff-${first.change}-${first.from}-${first.to}`).first()).toBeVisible();
  await expect(page.locator('.edge-diff').first()).toBeVisible();
});
