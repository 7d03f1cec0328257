import { expect, test, type Page } from '@playwright/test';
import { generateCluster } from '../src/testing/generate';
import { freshPage, replaceWithObjects } from './helpers';

// The autosave of a big design joins its text a run of objects at a time, reusing the runs an
// edit left alone (one join of the whole text held the edit's frame): what it writes must still be
// the whole design, every keystroke's edit included.

type State = { objects: { id: string }[]; select: (ids: string[]) => void };
const store = (page: Page, fn: string) =>
  page.evaluate(`(() => { const s = window.__netpol.store.getState(); return ${fn}; })()`);

const saved = (page: Page) =>
  page.evaluate(() => {
    const raw = localStorage.getItem('netpol-studio.design');
    return raw === null ? null : (JSON.parse(raw) as { yaml: string; rev: number });
  });

test('typing a new name into a pod of a 3,000-workload design autosaves it; it is there after a reload', async ({
  page,
}) => {
  test.setTimeout(180_000);
  const objs = generateCluster(7, { endpoints: 3000, policies: 600 });
  await freshPage(page);
  await replaceWithObjects(page, objs);
  await expect(page.getByTestId('status')).toContainText('3000 endpoints', { timeout: 60_000 });
  await expect.poll(async () => (await saved(page))?.rev ?? 0, { timeout: 60_000 }).toBeGreaterThan(0);

  const pod = (await store(page, `s.objects.find((o) => o.obj.kind === 'Pod').id`)) as string;
  const [, ns, name] = pod.split('/');
  await page.evaluate((id) => {
    (window as unknown as { __netpol: { store: { getState: () => State } } }).__netpol.store
      .getState()
      .select([id]);
  }, pod);
  const field = page.getByTestId('inspector').getByLabel('Name', { exact: true });
  await expect(field).toHaveValue(name ?? '');
  await field.fill('');
  await field.pressSequentially('renamed-pod', { delay: 30 });
  await field.press('Tab');
  await expect
    .poll(async () => (await saved(page))?.yaml.includes(`name: renamed-pod\n  namespace: ${ns}`), {
      timeout: 60_000,
    })
    .toBe(true);
  const text = (await saved(page))?.yaml ?? '';
  // every object once: a document each (and hosts outside the cluster as comments)
  const hosts = objs.filter((o) => o.kind === 'ExternalHost').length;
  expect(text.split('\n---\n').length - 1).toBe(objs.length - hosts);
  expect(text.split('\n# netpol-studio ExternalHost').length - 1).toBe(hosts);
  expect(text).not.toContain(`name: ${name}\n  namespace: ${ns}\n`);

  await page.reload();
  await expect(page.getByTestId('status')).toContainText('3000 endpoints', { timeout: 60_000 });
  const ids = (await store(page, `s.objects.map((o) => o.id)`)) as string[];
  expect(ids).toHaveLength(objs.length);
  expect(ids).toContain(`Pod/${ns}/renamed-pod`);
  expect(ids).not.toContain(pod);
});
