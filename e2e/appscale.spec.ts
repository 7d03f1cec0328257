import { expect, test, type Page } from '@playwright/test';
import { parseObjects } from '../src/io/k8s-to-model';
import { generateCluster } from '../src/testing/generate';
import { freshPage, replaceWithObjects, settled } from './helpers';

// Issue 21, the app at scale: the fast path (folded cards drawn from the model before the engine
// answers, unchanged cards kept between pictures) must still show the right picture.
const onPodNetwork = (objs: ReturnType<typeof generateCluster>) =>
  parseObjects(objs).model.endpoints.filter((e) => e.attachments.some((a) => a.nad === 'default'));
const count = (page: Page, ns: string) => page.getByTestId(`count-ns:${ns}`);

test('a 2,400-workload design: folded namespaces with their counts, one unfolds into its groups, an edit shows up', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const objs = generateCluster(31, { endpoints: 2400, policies: 480 });
  const eps = onPodNetwork(objs);
  const inNs = (ns: string) => eps.filter((e) => e.namespace === ns).length;
  await freshPage(page);
  await replaceWithObjects(page, objs);
  const canvas = page.getByTestId('canvas');
  await expect(canvas).toHaveAttribute('data-mode', 'reachability');
  await expect(count(page, 'ns0')).toHaveText(String(inNs('ns0')), { timeout: 60_000 });
  await expect(page.getByTestId('reach-summary')).toContainText('namespaces folded', { timeout: 60_000 });
  expect(await page.locator('[data-testid^="unit-ns:"]').count()).toBe(
    new Set(eps.map((e) => e.namespace || 'outside')).size,
  );
  await expect(page.getByTestId('unit-ns:ns0')).not.toContainText('analysing');
  await settled(page);

  // unfold ns0: a container of its groups, every workload of it in one of them
  await page.getByTestId('toggle-ns:ns0').click();
  await expect(page.getByTestId('unit-ns:ns0').locator('.ns-box-head')).toBeVisible();
  const groups = page.locator('.react-flow__node[data-id^="g:default:ns0/"]');
  await expect(groups.first()).toBeVisible();
  let members = 0;
  for (const g of await groups.all())
    members += Number(await g.locator('[data-count]').getAttribute('data-count'));
  expect(members).toBe(inNs('ns0'));

  // an edit through the palette and the form: a new pod, renamed, is counted and listed by name
  await page.getByTestId('add-Pod').click();
  const name = page.getByTestId('inspector').getByLabel('Name', { exact: true });
  await name.fill('edited-pod');
  await expect(canvas).toHaveAttribute('data-pending', 'false', { timeout: 60_000 });
  await expect(count(page, 'default')).toHaveText('1', { timeout: 60_000 });
  await settled(page);
  // the pointer rests on the card first, as a person's does: its edges light up before the press
  // (a click that moved and pressed at once raced the lit edges drawn over the card's corner)
  await page.getByTestId('unit-ns:default').hover();
  await expect(page.getByTestId('unit-ns:default')).toHaveClass(/role-lit/);
  await page.getByTestId('toggle-ns:default').click();
  await expect(page.getByTestId('unit-ns:default').locator('.ns-box-head')).toBeVisible();
  await expect(page.locator('.react-flow__node[data-id^="g:default:default/"]')).toContainText('edited-pod');
  // the namespace unfolded before the edit kept its groups
  await expect(groups.first()).toBeVisible();
  expect(await groups.count()).toBeGreaterThan(0);
});

test.describe('at 1024x768', () => {
  test.use({ viewport: { width: 1024, height: 768 } });
  test("the blog example's six VMs are fitted large enough to read, clear of the bar and the legend", async ({
    page,
  }) => {
    await freshPage(page);
    await page.getByTestId('scenario-kubevirt-blog').click();
    await expect(page.getByTestId('notice')).toContainText('Loaded');
    await page.mouse.move(900, 700);
    const vms = page.locator('.react-flow__node[data-id^="VirtualMachine/"]');
    await expect(vms).toHaveCount(6);
    // the fit runs once the picture is measured (one row of six was 70 px wide, a zoom of 0.41)
    await expect.poll(async () => (await vms.first().boundingBox())?.width ?? 0).toBeGreaterThan(105);
    const bar = await page.getByTestId('canvas-bar').boundingBox();
    const legend = await page.getByTestId('legend').boundingBox();
    for (const vm of await vms.all()) {
      const b = await vm.boundingBox();
      expect(b && bar && legend).toBeTruthy();
      if (!b || !bar || !legend) continue;
      expect(b.y).toBeGreaterThanOrEqual(bar.y + bar.height);
      expect(b.y + b.height).toBeLessThanOrEqual(legend.y);
      await expect(vm).toContainText(/vm[1-6]/);
    }
    await page.screenshot({ path: 'test-results/appscale-blog-1024x768.png' });
  });
});
