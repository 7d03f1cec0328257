import { readFileSync } from 'node:fs';
import { expect, test, type Page } from '@playwright/test';
import LZString from 'lz-string';
import { freshPage, holdChunk, importYaml } from './helpers';

// Every path that brings objects in reports the same findings about the text: the blog example
// has a typo field (termination/GracePeriodSeconds) in each of its six VMs.
const BLOG = readFileSync('src/scenarios/kubevirt-blog.yaml', 'utf8');
const TYPOS = ['vm1', 'vm2', 'vm3', 'vm4', 'vm5', 'vm6'].map(
  (vm) => `VirtualMachine default/${vm} spec.template.spec.termination/GracePeriodSeconds`,
);

/** The field-unknown findings as "Kind ns/name field" (the file:line part depends on the source). */
async function unknownFields(page: Page): Promise<string[]> {
  await page.getByTestId('tab-findings').click();
  const items = page.getByTestId('finding-field-unknown');
  const out: string[] = [];
  for (const li of await items.all()) {
    const who = await li.locator('.finding-head button.link').innerText();
    const field = await li.locator('.finding-head code.field').innerText();
    out.push(`${who} ${field}`);
  }
  return out.sort();
}

const where = (page: Page) => page.getByTestId('finding-field-unknown').locator('.where').allInnerTexts();

test('the gallery reports the unknown fields an import of the same YAML reports, schemas loaded late or not', async ({
  page,
}) => {
  await freshPage(page);
  const release = await holdChunk(page, 'schemas');
  await page.reload();
  await page.getByTestId('scenario-kubevirt-blog').click();
  await page.waitForTimeout(300);
  release();
  await expect(page.getByTestId('notice')).toContainText('Loaded “KubeVirt VMs');
  await expect.poll(() => unknownFields(page)).toEqual(TYPOS);
  const fromGallery = await where(page);

  await importYaml(page, BLOG, 'replace');
  await expect(page.getByTestId('notice')).toContainText('6 problems in the imported text');
  await expect.poll(() => unknownFields(page)).toEqual(TYPOS);
  expect(await where(page)).toEqual(fromGallery);
  expect(fromGallery).toEqual([
    'import:56',
    'import:110',
    'import:164',
    'import:218',
    'import:272',
    'import:326',
  ]);
});

test('a restored autosave and a share link report the same unknown fields, even before the schemas load', async ({
  page,
}) => {
  await freshPage(page);
  await importYaml(page, BLOG, 'replace');
  await expect.poll(() => unknownFields(page)).toEqual(TYPOS);
  await page.waitForTimeout(600); // autosave

  let release = await holdChunk(page, 'schemas');
  await page.reload();
  await expect(page.getByTestId('status')).toContainText('6 endpoints');
  release();
  await expect.poll(() => unknownFields(page)).toEqual(TYPOS);
  expect((await where(page)).every((w) => w.startsWith('autosave:'))).toBe(true);

  await page.unroute('**/assets/schemas-*.js');
  release = await holdChunk(page, 'schemas');
  const link = LZString.compressToEncodedURIComponent(JSON.stringify({ v: 1, yaml: BLOG, layout: {} }));
  await page.goto('about:blank');
  await page.goto(`/#d=${link}`); // read at start-up, with the schemas held back
  await expect(page.getByTestId('notice')).toContainText('Opened a shared design');
  release();
  await expect.poll(() => unknownFields(page)).toEqual(TYPOS);
  expect((await where(page)).every((w) => w.startsWith('shared link:'))).toBe(true);
});
