// The app with 1,000- and 5,000-workload designs, driven by Playwright in Chromium (part of npm run bench).
// The preview server runs in this process (Vite's preview API) and is closed in `finally`: a spawned
// `npx vite preview` left its child holding port 4191 after the bench ended.
import { existsSync } from 'node:fs';
import { chromium, type Page } from 'playwright-core';
import { preview } from 'vite';
import { generateCluster } from '../src/testing/generate';
import { toYaml } from '../src/testing/fuzz-harness';

const exe = process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(exe)) {
  console.log(`app: skipped (no Chromium at ${exe}; set PLAYWRIGHT_CHROMIUM)`);
  process.exit(0);
}
const port = Number(process.env.BENCH_APP_PORT ?? 4191);
const sizes = (process.env.BENCH_APP_SIZES ?? '1000,5000').split(',').map(Number);

async function measure(page: Page, endpoints: number): Promise<void> {
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.evaluate('localStorage.clear()');
  await page.goto(`http://127.0.0.1:${port}/`);
  const yaml = toYaml(generateCluster(11, { endpoints, policies: endpoints / 5 }));
  const t0 = Date.now();
  await page.evaluate(`window.__netpol.store.getState().importYaml(${JSON.stringify(yaml)}, 'replace')`);
  await page.locator('.react-flow__node').first().waitFor({ timeout: 180_000 });
  const graph = Date.now() - t0;
  // the analysed view: group edges (or the matrix) once the worker has answered
  await page.locator('[data-testid="canvas"][data-analysed="true"]').waitFor({ timeout: 300_000 });
  const analysed = Date.now() - t0;
  const nodes = await page.locator('.react-flow__node').count();
  const edges = await page.locator('.react-flow__edge').count();
  // drag one node for ~1 s and record frame times
  const node = page.locator('.react-flow__node').first();
  const box = await node.boundingBox();
  // a string, not a function: tsx would inject helpers the page does not have
  await page.evaluate(`(() => {
    window.__frames = [];
    let last = performance.now();
    const tick = (t) => { window.__frames.push(t - last); last = t; if (window.__frames.length < 400) requestAnimationFrame(tick); };
    requestAnimationFrame(tick);
  })()`);
  if (box) {
    await page.mouse.move(box.x + 20, box.y + 10);
    await page.mouse.down();
    for (let k = 0; k < 60; k++) await page.mouse.move(box.x + 20 + k * 4, box.y + 10 + k * 2);
    await page.mouse.up();
  }
  const frames = ((await page.evaluate('window.__frames')) as number[]).slice(2).sort((a, b) => a - b);
  const pct = (p: number) => frames[Math.min(frames.length - 1, Math.floor(p * frames.length))] ?? 0;
  console.log(
    `app (${endpoints.toLocaleString('en')} workloads, ${nodes} canvas nodes, ${edges} edges): first render ${graph} ms, analysed view ${analysed} ms; frame time while dragging: median ${pct(0.5).toFixed(1)} ms, p95 ${pct(0.95).toFixed(1)} ms (${frames.length} frames)`,
  );
}

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
    for (const n of sizes) await measure(page, n);
  } finally {
    await browser.close();
  }
} finally {
  await server.close();
}
