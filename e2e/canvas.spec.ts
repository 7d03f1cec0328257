import { expect, test, type Page } from '@playwright/test';
import { parseObjects } from '../src/io/k8s-to-model';
import { generateCluster } from '../src/testing/generate';
import { cellState, freshPage, loadExample, probe, replaceWithObjects } from './helpers';

const canvas = (page: Page) => page.getByTestId('canvas');

test('typing a CIDR character by character (no blur) changes a matrix cell and the probe; one undo step', async ({
  page,
}) => {
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await expect.poll(() => cellState(page, 'default/vm4', 'default/vm1')).toBe('none');
  await page
    .getByTestId('policy-list')
    .getByRole('button', { name: /ingress-ipblock/ })
    .click();
  const cidr = page.getByTestId('policy-form').getByLabel('ingress rule 1 peer 1 CIDR');
  await expect(cidr).toHaveValue('10.200.0.0/30');
  await cidr.click();
  await cidr.press('ControlOrMeta+a');
  await cidr.pressSequentially('10.200.0.0/', { delay: 40 });
  // an invalid intermediate value: its message at the field, the last valid analysis kept and marked stale
  await expect(page.getByTestId('policy-form').getByRole('alert').first()).toBeVisible();
  await expect(page.getByTestId('stale-banner')).toContainText('ingress rule 1 peer 1 CIDR');
  expect(await cellState(page, 'default/vm4', 'default/vm1')).toBe('none');
  await cidr.pressSequentially('29', { delay: 40 });
  // /29 covers 10.200.0.0-.7: vm4 is admitted now, while the field still has the focus
  await expect.poll(() => cellState(page, 'default/vm4', 'default/vm1')).toBe('all');
  await expect(cidr).toBeFocused();
  await expect(page.getByTestId('stale-banner')).toHaveCount(0);
  expect(
    await probe(page, {
      network: 'default/flatl2net',
      from: 'default/vm4',
      to: 'default/vm1',
      protocol: 'ICMP',
    }),
  ).toBe('allowed');
  // one field's typing is one undo step
  await page.getByTestId('undo').click();
  await expect(cidr).toHaveValue('10.200.0.0/30');
  await expect.poll(() => cellState(page, 'default/vm4', 'default/vm1')).toBe('none');
  await expect(page.getByTestId('probe-verdict')).toContainText('denied');
});

test('KubeVirt blog as bundles: two groups, four edges for 30 pairs, allowed and denied labelled; fit shows every label', async ({
  page,
}) => {
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await page.getByTestId('view-reachability').click();
  await expect(canvas(page)).toHaveAttribute('data-mode', 'reachability');
  const g1 = page.getByTestId('unit-g:default/flatl2net:default/vm1');
  const g2 = page.getByTestId('unit-g:default/flatl2net:default/vm4');
  await expect(g1).toContainText('vm1–vm3');
  await expect(g1).toContainText('reaches everyone');
  await expect(g2).toContainText('vm4–vm6');
  await expect(g2).toContainText('reaches nobody');
  await expect(page.getByTestId('reach-summary')).toContainText('2 groups');
  // fewer edges than pairs: 4 bundles stand for the 30 ordered pairs
  await expect(page.locator('.react-flow__edge')).toHaveCount(4);
  const id1 = 'g:default/flatl2net:default/vm1';
  const id2 = 'g:default/flatl2net:default/vm4';
  await expect(page.getByTestId(`bundle-${id1}->${id2}`)).toHaveText('all');
  await expect(page.getByTestId(`bundle-${id2}->${id1}`)).toHaveText('none');
  await expect(page.getByTestId(`bundle-${id1}->${id1}`)).toHaveText('all ↻');
  await expect(page.getByTestId(`bundle-${id2}->${id2}`)).toHaveText('none ↻');
  await expect(page.getByTestId('legend')).toContainText('denied');
  // fit: every edge label inside the canvas
  await page.getByTestId('fit-all').click();
  await page.waitForTimeout(300);
  const box = await page.locator('.react-flow').boundingBox();
  const chips = page.locator('.react-flow .edge-chip');
  expect(await chips.count()).toBe(4);
  for (const chip of await chips.all()) {
    const b = await chip.boundingBox();
    expect(b && box).toBeTruthy();
    if (!b || !box) continue;
    expect(b.x).toBeGreaterThanOrEqual(box.x);
    expect(b.y).toBeGreaterThanOrEqual(box.y);
    expect(b.x + b.width).toBeLessThanOrEqual(box.x + box.width);
    expect(b.y + b.height).toBeLessThanOrEqual(box.y + box.height);
  }
  // a denied bundle opens its Why (every pair of it has the same answer)
  await page.getByTestId(`bundle-${id2}->${id1}`).click({ force: true });
  await expect(page.getByTestId('why-panel')).toContainText('MultiNetworkPolicy default/ingress-ipblock');
  // expand a group: its workloads become cards, the edges re-route
  await page.getByTestId(`toggle-${id1}`).click();
  await expect(page.getByTestId('unit-m:default/vm2')).toContainText('reaches everyone');
  await expect(page.getByTestId(`bundle-m:default/vm1->${id2}`)).toHaveText('all');
});

test('a 300-workload design opens grouped by namespace with counts, drills into one, and finds a workload', async ({
  page,
}) => {
  const objs = generateCluster(21, { endpoints: 300, policies: 60 });
  const model = parseObjects(objs).model;
  const inNs0 = model.endpoints.filter(
    (e) => e.namespace === 'ns0' && e.attachments.some((a) => a.nad === 'default'),
  );
  await freshPage(page);
  await replaceWithObjects(page, objs);
  await expect(canvas(page)).toHaveAttribute('data-mode', 'reachability');
  const ns0 = page.getByTestId('unit-ns:ns0');
  await expect(page.getByTestId('count-ns:ns0')).toHaveText(String(inNs0.length));
  expect(await page.locator('[data-testid^="unit-ns:"]').count()).toBe(
    new Set(
      model.endpoints
        .filter((e) => e.attachments.some((a) => a.nad === 'default'))
        .map((e) => e.namespace || 'outside'),
    ).size,
  );
  await expect(page.getByTestId('reach-summary')).toContainText('namespaces folded');
  // drill in: the namespace becomes a container of its groups, every workload of it in one of them
  await page.getByTestId('toggle-ns:ns0').click();
  await expect(ns0.locator('.ns-box-head')).toBeVisible();
  const groups = page.locator('.react-flow__node[data-id^="g:default:ns0/"]');
  await expect(groups.first()).toBeVisible();
  let members = 0;
  for (const g of await groups.all())
    members += Number(await g.locator('[data-count]').getAttribute('data-count'));
  expect(members).toBe(inNs0.length);
  // collapse, then find a workload of another namespace: its namespace unfolds and its card is focused
  await page.getByTestId('toggle-ns:ns0').first().click();
  await expect(page.getByTestId('count-ns:ns0')).toBeVisible();
  const target = model.endpoints.find(
    (e) => e.namespace === 'ns3' && e.attachments.some((a) => a.nad === 'default'),
  );
  await page.getByLabel('Find workload').fill(target?.name ?? '');
  await page.getByLabel('Find workload').press('Enter');
  await expect(page.locator('.unit-card.role-focus')).toHaveCount(1);
  await expect(page.locator('.unit-card.role-focus')).toContainText(target?.name ?? '');
});

test('grouped view: pointing at a namespace card lights it and the cards it shares traffic with, dims the rest; a dragged card follows the pointer', async ({
  page,
}) => {
  await freshPage(page);
  await replaceWithObjects(page, generateCluster(21, { endpoints: 300, policies: 60 }));
  await expect(canvas(page)).toHaveAttribute('data-analysed', 'true');
  const cards = page.locator('.ns-card');
  const card = page.getByTestId('unit-ns:ns2');
  await expect(card).toBeVisible();
  const total = await cards.count();
  await expect(page.getByTestId('reach-summary')).toContainText('namespaces folded');
  await card.hover();
  await expect(card).toHaveClass(/role-lit/);
  await expect.poll(() => page.locator('.ns-card.role-lit').count()).toBeGreaterThan(1);
  const bundles = page.locator('[data-testid^="bundle-ns:ns2->"]');
  await expect.poll(() => bundles.count()).toBeGreaterThan(0);
  const litBundles = await bundles.count();
  const lit = await page.locator('.ns-card.role-lit').count();
  const dim = await page.locator('.ns-card.role-dim').count();
  expect(dim).toBeGreaterThan(0);
  expect(lit + dim).toBe(total);
  // away from the cards: nothing lit, nothing dimmed
  const pane = await page.locator('.react-flow__pane').boundingBox();
  await page.mouse.move((pane?.x ?? 0) + 4, (pane?.y ?? 0) + 60);
  await expect(page.locator('.ns-card.role-lit, .ns-card.role-dim')).toHaveCount(0);
  const unlitBundles = await bundles.count();
  expect(unlitBundles).toBeLessThan(litBundles);
  // a card pressed and moved follows the pointer
  const box = await card.boundingBox();
  if (!box) throw new Error('no card box');
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  await page.mouse.down();
  for (let k = 1; k <= 10; k++)
    await page.mouse.move(box.x + box.width / 2 + k * 12, box.y + box.height / 2 + k * 6);
  // while dragged it stays lit with the same cards (un-lighting all of them made the press's long
  // frame), and its own bundles wait for the drop (redrawn on every frame they made the drag slow)
  await expect(card).toHaveClass(/role-lit/);
  expect(await page.locator('.ns-card.role-dim').count()).toBe(dim);
  await expect(bundles).toHaveCount(unlitBundles);
  await page.mouse.up();
  await expect(bundles).toHaveCount(litBundles);
  // by the pointer's travel once the drag started (the first step crosses the drag threshold)
  const moved = await card.boundingBox();
  const dx = Math.round((moved?.x ?? 0) - box.x);
  const dy = Math.round((moved?.y ?? 0) - box.y);
  expect([dx, dy]).toEqual(dx === 120 ? [120, 60] : [108, 54]);
  // each namespace card shows its groups as one bar (a gradient, one segment per group)
  await expect(card.locator('.group-bar span')).toHaveCount(0);
  const groups = Number((await card.locator('.unit-sub').textContent())?.match(/(\d+) groups?/)?.[1]);
  const bar = await card.locator('.group-bar').evaluate((el) => getComputedStyle(el).backgroundImage);
  // a 2 px gap between each two segments: two transparent stops each (as computed: rgba(0, 0, 0, 0))
  expect(groups).toBeGreaterThan(1);
  expect(bar.match(/rgba\(0, 0, 0, 0\)/g)?.length).toBe((Math.min(24, groups) - 1) * 2);
  await page.mouse.move((pane?.x ?? 0) + 4, (pane?.y ?? 0) + 60);
  await expect(page.locator('.ns-card.role-lit, .ns-card.role-dim')).toHaveCount(0);
});

test('selecting a policy marks its subjects (centre), the peers its rule admits and those it does not', async ({
  page,
}) => {
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await page
    .getByTestId('policy-list')
    .getByRole('button', { name: /ingress-ipblock/ })
    .click();
  await expect(canvas(page)).toHaveAttribute('data-mode', 'policy');
  await expect(page.getByTestId('policy-header')).toContainText('selects 6 workloads');
  const chips = async (id: string) =>
    page
      .getByTestId(id)
      .locator('.member-chip')
      .evaluateAll((els) => els.map((e) => e.getAttribute('data-label')));
  // a MultiNetworkPolicy: on its policy-for network only
  await expect(page.locator('[data-testid^="policy-subjects"]')).toHaveText([
    /^Selected · 6 on default\/flatl2net/,
  ]);
  expect(await chips('policy-subjects')).toEqual(
    ['vm1', 'vm2', 'vm3', 'vm4', 'vm5', 'vm6'].map((v) => `default/${v}`),
  );
  expect(await chips('policy-ingress-0')).toEqual(['default/vm1', 'default/vm2', 'default/vm3']);
  expect(await chips('policy-blocked-ingress')).toEqual(['default/vm4', 'default/vm5', 'default/vm6']);
  await expect(page.getByTestId('policy-ingress-0')).toContainText('ports: all');
  await expect(page.getByTestId('policy-open-egress')).toContainText('Not restricted');
  // Esc leaves the policy view
  await page.locator('.react-flow__pane').click();
  await page.keyboard.press('Escape');
  await expect(canvas(page)).toHaveAttribute('data-mode', 'topology');
});

test('a new NetworkPolicy names the pod network it applies on, not the secondary network its VMs are on', async ({
  page,
}) => {
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  // its empty podSelector selects the six VMs of default, all on flatl2net only
  await page.getByTestId('add-NetworkPolicy').click();
  await expect(canvas(page)).toHaveAttribute('data-mode', 'policy');
  await expect(page.getByTestId('policy-header')).toContainText('selects 6 workloads');
  await expect(page.locator('[data-testid^="policy-subjects"]')).toHaveText(['Selected · 0 on pod network']);
  await expect(page.getByTestId('policy-open-egress')).toContainText('Not restricted');
});

test('new workloads land in free space, never on another node', async ({ page }) => {
  await freshPage(page);
  await loadExample(page, 'kubevirt-blog');
  await page.getByTestId('add-VirtualMachine').click();
  await page.getByTestId('add-VirtualMachine').click();
  await expect(page.getByTestId('node-default/vm8')).toBeVisible();
  const boxes = await page.locator('.react-flow__node').evaluateAll((els) =>
    els.map((e) => {
      const r = e.getBoundingClientRect();
      return { id: e.getAttribute('data-id'), x0: r.left, y0: r.top, x1: r.right, y1: r.bottom };
    }),
  );
  for (const id of ['VirtualMachine/default/vm7', 'VirtualMachine/default/vm8']) {
    const me = boxes.find((b) => b.id === id);
    expect(me).toBeTruthy();
    for (const o of boxes)
      if (o.id !== id && me)
        expect(
          me.x1 <= o.x0 || o.x1 <= me.x0 || me.y1 <= o.y0 || o.y1 <= me.y0,
          `${id} overlaps ${o.id}`,
        ).toBe(true);
  }
});
