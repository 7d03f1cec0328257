// The app with 1,000-, 5,000- and 10,000-workload designs, driven by Playwright in Chromium (part of
// npm run bench; alone: npx tsx scripts/bench-app.ts). It builds the e2e mode (the store hook
// window.__netpol), serves it in this process with Vite's preview API (closed in `finally`: a spawned
// `npx vite preview` left its child holding the port) and times in the page (requestAnimationFrame),
// since Playwright's own polling waits for a busy main thread. Timings are printed, never asserted.
import { existsSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import { build, preview } from 'vite';
import { generateCluster } from '../src/testing/generate';
import { toYaml } from '../src/testing/fuzz-harness';

const exe = process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(exe)) {
  console.log(`app: skipped (no Chromium at ${exe}; set PLAYWRIGHT_CHROMIUM)`);
  process.exit(0);
}
const port = Number(process.env.BENCH_APP_PORT ?? 4191);
const sizes = (process.env.BENCH_APP_SIZES ?? '1000,5000,10000').split(',').map(Number);
const TARGET = { first: 2000, edit: 100, frame: 16.7 };

// In-page helpers (strings, not functions: tsx would inject helpers the page does not have).
// __until(test): ms from now to the first animation frame at which test() holds.
const HELPERS = `
window.__until = (test, limit = 300000) => new Promise((ok, fail) => {
  const t0 = performance.now();
  const tick = () => {
    if (test()) ok(performance.now() - t0);
    else if (performance.now() - t0 > limit) fail(new Error('timed out'));
    else requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
});
window.__shown = () => [...document.querySelectorAll('.react-flow__node')].some((n) => n.style.visibility !== 'hidden');
window.__canvas = () => document.querySelector('[data-testid="canvas"]');
window.__record = () => {
  const out = [];
  let on = true;
  let last = performance.now();
  const tick = (t) => { out.push(t - last); last = t; if (on) requestAnimationFrame(tick); };
  requestAnimationFrame(tick);
  // edge paths redrawn (a count, not a time: the same on a busy machine)
  window.__paths = 0;
  const seen = new MutationObserver((ms) => {
    for (const m of ms) if (m.attributeName === 'd') window.__paths++;
  });
  seen.observe(document.querySelector('.react-flow__edges') ?? document.body, { attributes: true, subtree: true, attributeFilter: ['d'] });
  window.__stop = () => { on = false; seen.disconnect(); return out; };
};
`;

const ms = (x: number) => `${Math.round(x).toLocaleString('en')} ms`;
const mark = (x: number, target: number) =>
  `${ms(x)} (target < ${target} ms: ${x < target ? 'met' : 'NOT met'})`;

interface EditTimes {
  readonly store: number;
  readonly screen: number;
  readonly verdicts: number;
  readonly derive: number;
  readonly post: number;
  readonly engine: number;
  readonly carry: number;
  readonly apply: number;
  readonly drawn: number;
}

/** Where an edit's time went: on the page before the frame, in the worker, and after its answer. */
const breakdown = (what: string, e: EditTimes) =>
  `  ${what}: on screen ${ms(e.screen)} = store ${ms(e.store)} (derive ${ms(e.derive)}, post to the worker ${ms(e.post)}) + render and paint ${ms(e.screen - e.store)}; new verdicts ${ms(e.verdicts)} = worker (engine, lint, answer) ${ms(e.engine)}, answer carried ${ms(e.carry)}, applied ${ms(e.apply)}, drawn ${ms(e.drawn - e.apply)}`;

/** Frame times (ms), sorted, and how many edge paths were redrawn meanwhile. */
type Frames = number[] & { paths?: number };

/**
 * Frame times (ms) while the pointer presses at (x, y) and moves 60 times, until the release;
 * `rested` runs once the pointer rested on the spot (the card under it lit).
 */
async function frames(page: Page, x: number, y: number, rested?: () => Promise<void>): Promise<Frames> {
  await page.mouse.move(x, y);
  await page.waitForTimeout(500); // the card under the pointer lights up first
  await rested?.();
  await page.evaluate('window.__record()');
  await page.mouse.down();
  for (let k = 1; k <= 60; k++) await page.mouse.move(x + k * 4, y + k * 2);
  const out = (await page.evaluate('window.__stop()')) as number[];
  const paths = (await page.evaluate('window.__paths')) as number;
  await page.mouse.up();
  await page.waitForTimeout(300);
  return Object.assign(
    out.slice(1).sort((a, b) => a - b),
    { paths },
  );
}

const frameLine = (ft: Frames): string => {
  const pct = (p: number) => (ft[Math.min(ft.length - 1, Math.floor(p * ft.length))] ?? 0).toFixed(1);
  const over = ft.filter((t) => t > TARGET.frame + 1).length;
  return `frames median ${pct(0.5)} ms, p95 ${pct(0.95)} ms, worst ${pct(1)} ms (target ${TARGET.frame} ms: ${Number(pct(0.95)) <= TARGET.frame + 1 ? 'met' : 'NOT met'}; ${ft.length} frames, ${over} over; ${ft.paths ?? 0} edge paths redrawn)`;
};

async function measure(page: Page, endpoints: number): Promise<void> {
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.evaluate('localStorage.clear()');
  await page.goto(`http://127.0.0.1:${port}/`);
  // polled from here: page.waitForFunction polls by eval in the page, which the app's CSP refuses
  while (!(await page.evaluate('!!window.__netpol'))) await page.waitForTimeout(50);
  await page.evaluate(HELPERS);
  // cluster policies as in bench.ts (one per 200 workloads, at most 100; BENCH_ADMIN=0: none):
  // the page then combines their tiers' parts itself (CompactReader)
  const adminPolicies = Number(
    process.env.BENCH_ADMIN ?? Math.min(100, Math.max(2, Math.round(endpoints / 200))),
  );
  const yaml = toYaml(generateCluster(11, { endpoints, policies: endpoints / 5, adminPolicies }));
  await page.evaluate(`window.__yaml = ${JSON.stringify(yaml)}`);

  // first render: import (parse, derive, lay out) until the folded cards are painted; then the
  // engine's answer and its groups (the reach summary)
  const first = (await page.evaluate(`(async () => {
    const t0 = performance.now();
    window.__netpol.store.getState().importYaml(window.__yaml, 'replace');
    const sync = performance.now() - t0;
    await window.__until(window.__shown);
    const shown = performance.now() - t0;
    await window.__until(() => window.__canvas().dataset.analysed === 'true' && document.querySelector('[data-testid="reach-summary"]'));
    const analysed = performance.now() - t0;
    return { sync, shown, analysed, worker: window.__netpol.store.getState().analysis.ms };
  })()`)) as { sync: number; shown: number; analysed: number; worker: number };
  const cards = await page.locator('.react-flow__node').count();

  // edit to screen: a label added to one pod (the store action the form calls), until the frame
  // that shows the canvas waiting for the new verdicts; then until the new verdicts are drawn
  const edit = async (what: 'Pod' | 'NetworkPolicy') =>
    (await page.evaluate(`(async () => {
      const s = window.__netpol.store.getState();
      const o = s.objects.filter((x) => x.obj.kind === ${JSON.stringify(what)})[7];
      const obj = structuredClone(o.obj);
      if (obj.kind === 'Pod') obj.metadata.labels = { ...obj.metadata.labels, bench: String(performance.now()) };
      else obj.spec.podSelector = { matchLabels: { app: 'web', bench: String(Math.round(performance.now())) } };
      performance.clearMeasures();
      const t0 = performance.now();
      s.updateObject(o.id, obj);
      const store = performance.now() - t0;
      const rev = window.__netpol.store.getState().rev;
      // the frame that shows the canvas waiting (or, if the engine was quicker, the new verdicts)
      await window.__until(() => window.__canvas().dataset.pending === 'true' || window.__netpol.store.getState().analysis.rev === rev);
      const screen = performance.now() - t0;
      await window.__until(() => window.__canvas().dataset.pending === 'false');
      const verdicts = performance.now() - t0;
      // the app's User Timing entries (ms): where the edit's time went
      const m = (name) => performance.getEntriesByName('netpol:' + name).at(-1);
      const dur = (name) => m(name)?.duration ?? 0;
      const carry = m('carry');
      return {
        store, screen, verdicts,
        derive: dur('derive'), post: dur('post'), engine: window.__netpol.store.getState().analysis.ms,
        carry: dur('carry'), apply: dur('apply'),
        drawn: carry ? verdicts - (carry.startTime + carry.duration - t0) : 0,
      };
    })()`)) as EditTimes;
  const pod = await edit('Pod');
  const policy = await edit('NetworkPolicy');

  // unfold one namespace (its groups as cards, their edges to the other namespaces)
  const toggle = page.locator('.ns-card .unit-toggle').first();
  const unit = (await toggle.getAttribute('data-testid'))?.replace('toggle-', '') ?? '';
  const unfold = (await page.evaluate(`(async () => {
    const t0 = performance.now();
    document.querySelector('[data-testid="toggle-${unit}"]').click();
    await window.__until(() => document.querySelector('.ns-box'));
    return performance.now() - t0;
  })()`)) as number;

  // drag a card (pressed at its centre: far out a card is ~15 px wide) and pan the canvas, each
  // for 60 pointer moves; frame times from the press to the release (the drop's work excluded)
  await page.waitForTimeout(300);
  const node = page.locator('.react-flow__node').nth(Math.min(3, cards - 1));
  const box = await node.boundingBox();
  const drag = box ? await frames(page, box.x + box.width / 2, box.y + box.height / 2) : [];
  let lit = 0;
  const moved = (await node.boundingBox())?.x !== box?.x;
  // a folded namespace card, lit by the pointer first: at 10,000 it has hundreds of bundles
  const ns = page.locator('.react-flow__node-namespace').nth(5);
  const nsUnit = (await ns.getAttribute('data-id')) ?? '';
  const nsBox = await ns.boundingBox();
  const bundles = page.locator(`[data-testid^="bundle-${nsUnit}->"], [data-testid$="->${nsUnit}"]`);
  const litDrag = nsBox
    ? await frames(page, nsBox.x + nsBox.width / 2, nsBox.y + nsBox.height / 2, async () => {
        lit = await bundles.count();
      })
    : [];
  const pane = await page.locator('.react-flow__pane').boundingBox();
  // the pane's top-left corner: no card under it at the fitted zoom
  const pan = pane ? await frames(page, pane.x + 8, pane.y + 40) : [];
  console.log(`app, ${endpoints.toLocaleString('en')} workloads (grouped view, ${cards} cards):`);
  console.log(
    `  first render ${mark(first.shown, TARGET.first)}: import (parse, model, layout) ${ms(first.sync)}, then the folded cards`,
  );
  console.log(
    `  analysed view ${ms(first.analysed)}: the worker's analysis ${ms(first.worker)}, its answer carried and grouped in the rest`,
  );
  console.log(
    `  edit to screen: pod label ${mark(pod.screen, TARGET.edit)} (store ${ms(pod.store)}), policy selector ${mark(policy.screen, TARGET.edit)} (store ${ms(policy.store)}); new verdicts drawn after ${ms(pod.verdicts)} / ${ms(policy.verdicts)}`,
  );
  console.log(breakdown('pod label', pod));
  console.log(breakdown('policy selector', policy));
  console.log(`  unfold a namespace: ${ms(unfold)}`);
  console.log(`  drag a card${moved ? '' : ' (it did NOT move)'}: ${frameLine(drag)}`);
  console.log(`  drag a lit namespace card (${lit} bundles lit): ${frameLine(litDrag)}`);
  console.log(`  pan the canvas: ${frameLine(pan)}`);
}

await build({ mode: 'e2e', logLevel: 'error' });
const server = await preview({ preview: { port, strictPort: true }, logLevel: 'error' });
try {
  const browser = await chromium.launch({
    executablePath: exe,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--no-first-run',
    ],
  });
  try {
    const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
    for (const n of sizes) {
      try {
        await measure(page, n);
      } catch (e) {
        console.log(
          `app, ${n.toLocaleString('en')} workloads: did not finish (${(e as Error).message.split('\n')[0]})`,
        );
      }
    }
  } finally {
    await browser.close();
  }
} finally {
  await server.close();
}
