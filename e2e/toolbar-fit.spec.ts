import { expect, test, type Page } from '@playwright/test';
import { freshPage, loadExample } from './helpers';

/** How wide the backend select's chosen text is, and how much room the select gives it. */
async function backendFit(page: Page): Promise<{ text: string; need: number; room: number }> {
  return page.getByTestId('backend-profile').evaluate((el) => {
    const sel = el as HTMLSelectElement;
    const cs = getComputedStyle(sel);
    const ctx = document.createElement('canvas').getContext('2d');
    if (!ctx) throw new Error('no canvas');
    ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
    const text = sel.selectedOptions[0]?.text ?? '';
    // the room for text: the box minus padding, borders and the drop-down arrow (about 20 px)
    const pad = parseFloat(cs.paddingLeft) + parseFloat(cs.paddingRight);
    const border = parseFloat(cs.borderLeftWidth) + parseFloat(cs.borderRightWidth);
    return {
      text,
      need: ctx.measureText(text).width,
      room: sel.getBoundingClientRect().width - pad - border - 20,
    };
  });
}

for (const [width, height] of [
  [1024, 768],
  [1440, 900],
] as const) {
  test(`toolbar at ${width}x${height}: the backend profile reads fully and nothing overflows`, async ({
    page,
  }) => {
    await page.setViewportSize({ width, height });
    await freshPage(page);
    await loadExample(page, 'kubevirt-blog');
    for (const value of ['api', 'ovn-kubernetes']) {
      await page.getByLabel('Backend profile').selectOption(value);
      const fit = await backendFit(page);
      expect(fit.text).toBe(value === 'api' ? 'API semantics' : 'OVN-Kubernetes');
      expect(fit.need).toBeLessThanOrEqual(fit.room);
    }
    await expect(page.getByLabel('Backend profile')).toHaveAttribute('title', /OVN-Kubernetes programs/);
    // every control of the toolbar lies inside the window, and the bar does not scroll
    const bar = await page.locator('header.topbar').evaluate((h) => ({
      scroll: h.scrollWidth,
      client: h.clientWidth,
      right: Math.max(
        ...[...h.querySelectorAll('button, select, summary')].map((e) => e.getBoundingClientRect().right),
      ),
    }));
    expect(bar.scroll).toBeLessThanOrEqual(bar.client);
    expect(bar.right).toBeLessThanOrEqual(width);
    await page.screenshot({ path: `.shots/toolbar-${width}.png` });
  });
}
