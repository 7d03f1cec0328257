import { expect, test, type Page } from '@playwright/test';
import { generateCluster } from '../src/testing/generate';
import { freshPage, hooksReady, loadExample, replaceWithObjects } from './helpers';

// Issue 21: after the first analysis the page posts each edit to the engine worker as a delta
// from the model the worker holds. Every edit below goes that way; a reload then restores the
// autosaved design into a new worker, which gets the whole model (the full path). The page must
// show the same verdicts both ways.

type Edit = (s: string) => string;
/** An edit made with the store actions the forms call (`s`: the store state), as page script. */
const edit = async (page: Page, body: Edit) => {
  await hooksReady(page);
  await page.evaluate(`(() => { const s = window.__netpol.store.getState(); ${body('s')} })()`);
};

/** Once the verdicts for the current revision are drawn. */
async function settled(page: Page): Promise<void> {
  const canvas = page.getByTestId('canvas');
  await expect(canvas).toHaveAttribute('data-analysed', 'true', { timeout: 60_000 });
  await expect(canvas).toHaveAttribute('data-pending', 'false', { timeout: 60_000 });
}

/** Every matrix cell's state, per network tab (the blog example: a few dozen cells). */
async function cells(page: Page): Promise<string[]> {
  await settled(page);
  const matrix = page.getByTestId('matrix');
  const out: string[] = [];
  const tabs = matrix.getByRole('tab');
  for (let k = 0; k < (await tabs.count()); k++) {
    await tabs.nth(k).click();
    const name = await tabs.nth(k).innerText();
    const states = await matrix
      .locator('[data-testid^="cell-"]')
      .evaluateAll((els) =>
        els.map((e) => `${e.getAttribute('data-testid')}=${e.getAttribute('data-state')}`),
      );
    out.push(...states.map((s) => `${name} ${s}`));
  }
  await tabs.first().click();
  return out;
}

/** The folded picture of a large design: each namespace card's text and the reach summary. */
async function picture(page: Page): Promise<string[]> {
  await settled(page);
  const cards = await page
    .locator('[data-testid^="unit-ns:"]')
    .evaluateAll((els) =>
      els.map((e) => `${e.getAttribute('data-testid')}: ${(e as HTMLElement).innerText}`),
    );
  const summary = await page.getByTestId('reach-summary').innerText();
  return [...cards.sort(), summary];
}

/** What the page shows now, and again after a reload (the whole model into a new worker). */
async function sameAfterReload(page: Page, read: (p: Page) => Promise<string[]>): Promise<string[]> {
  const delta = await read(page);
  await page.waitForTimeout(600); // autosave is debounced
  await page.reload();
  expect(await read(page)).toEqual(delta);
  return delta;
}

test('the blog example: a policy edit, a label edit, a delete and re-add read the same as the full path', async ({
  page,
}) => {
  test.setTimeout(120_000);
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  const start = await cells(page);
  expect(start.length).toBeGreaterThan(30);

  // the ingress policy on flatl2net now admits nobody: vm1-vm3 lose their way in
  await edit(
    page,
    (s) => `const o = ${s}.objects.find((x) => x.obj.kind === 'MultiNetworkPolicy');
      ${s}.updateObject(o.id, { ...o.obj, spec: { ...o.obj.spec, ingress: [] } });`,
  );
  const denied = await sameAfterReload(page, cells);
  expect(denied).not.toEqual(start);

  // vm1 leaves the policy's selection (its label changes): traffic to it is no longer filtered
  await edit(
    page,
    (
      s,
    ) => `const o = ${s}.objects.find((x) => x.obj.kind === 'VirtualMachine' && x.obj.metadata.name === 'vm1');
      const t = o.obj.spec.template;
      ${s}.updateObject(o.id, { ...o.obj, spec: { ...o.obj.spec, template: { ...t, metadata: { ...t.metadata, labels: { name: 'elsewhere' } } } } });`,
  );
  const relabelled = await sameAfterReload(page, cells);
  expect(relabelled).not.toEqual(denied);

  // delete the policy and add it back: the verdicts with it, then as they were
  await edit(
    page,
    (s) => `${s}.removeObjects([${s}.objects.find((x) => x.obj.kind === 'MultiNetworkPolicy').id]);`,
  );
  const without = await sameAfterReload(page, cells);
  expect(without).not.toEqual(relabelled);
  await edit(
    page,
    (s) => `const p = { apiVersion: 'k8s.cni.cncf.io/v1beta1', kind: 'MultiNetworkPolicy',
        metadata: { name: 'ingress-ipblock', namespace: 'default', annotations: { 'k8s.v1.cni.cncf.io/policy-for': 'default/flatl2net' } },
        spec: { podSelector: { matchLabels: { name: 'access-control' } }, policyTypes: ['Ingress'], ingress: [] } };
      ${s}.addObjects([p]);`,
  );
  expect(await sameAfterReload(page, cells)).toEqual(relabelled);
});

test('a 2,000-workload design: a policy edit, a label edit, a delete and re-add read the same as the full path', async ({
  page,
}) => {
  test.setTimeout(300_000);
  const objs = generateCluster(23, { endpoints: 2000, policies: 400 });
  await freshPage(page);
  await replaceWithObjects(page, objs);
  await expect(page.getByTestId('reach-summary')).toContainText('namespaces folded', { timeout: 60_000 });
  const start = await picture(page);

  // a policy that selects every pod of its namespace and admits nothing: its namespace is cut off
  await edit(
    page,
    (s) => `const o = ${s}.objects.filter((x) => x.obj.kind === 'NetworkPolicy')[3];
      ${s}.updateObject(o.id, { ...o.obj, spec: { podSelector: {}, policyTypes: ['Ingress', 'Egress'] } });`,
  );
  const isolated = await sameAfterReload(page, picture);
  expect(isolated).not.toEqual(start);

  // a label on one pod
  await edit(
    page,
    (s) => `const o = ${s}.objects.filter((x) => x.obj.kind === 'Pod')[11];
      ${s}.updateObject(o.id, { ...o.obj, metadata: { ...o.obj.metadata, labels: { ...o.obj.metadata.labels, tier: 'edited' } } });`,
  );
  await sameAfterReload(page, picture);

  // delete the first pod of the design (every later object shifts) and add it back at the end
  const pod = await page.evaluate(`(() => {
    const s = window.__netpol.store.getState();
    const o = s.objects.find((x) => x.obj.kind === 'Pod');
    s.removeObjects([o.id]);
    return JSON.stringify(o.obj);
  })()`);
  const without = await sameAfterReload(page, picture);
  expect(without).not.toEqual(isolated);
  await edit(page, (s) => `${s}.addObjects([${String(pod)}]);`);
  await sameAfterReload(page, picture);
});
