// The app with a 1,000-workload design, driven by Playwright in Chromium (part of npm run bench).
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { generateCluster } from '../src/testing/generate';
import { toYaml } from '../src/testing/fuzz-harness';

const exe = process.env.PLAYWRIGHT_CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(exe)) {
  console.log(`app: skipped (no Chromium at ${exe}; set PLAYWRIGHT_CHROMIUM)`);
  process.exit(0);
}
const port = 4191;
const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore' });
const stop = () => server.kill();
try {
  for (let k = 0; k < 60; k++) {
    try {
      await fetch(`http://127.0.0.1:${port}/`);
      break;
    } catch {
      await new Promise((r) => setTimeout(r, 250));
    }
  }
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
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.evaluate('localStorage.clear()');
  await page.goto(`http://127.0.0.1:${port}/`);
  const yaml = toYaml(generateCluster(11, { endpoints: 1000, policies: 200 }));
  const t0 = Date.now();
  await page.evaluate(`window.__netpol.store.getState().importYaml(${JSON.stringify(yaml)}, 'replace')`);
  await page.locator('.react-flow__node-workload').first().waitFor({ timeout: 120_000 });
  const graph = Date.now() - t0;
  await page.locator('[data-testid^="cell-"]').first().waitFor({ timeout: 120_000 });
  const matrix = Date.now() - t0;
  const nodes = await page.locator('.react-flow__node').count();
  // drag one node for ~1 s and record frame times
  const node = page.locator('.react-flow__node-workload').first();
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
    `app (1,000 workloads, ${nodes} canvas nodes): graph rendered in ${graph} ms, matrix in ${matrix} ms; frame time while dragging: median ${pct(0.5).toFixed(1)} ms, p95 ${pct(0.95).toFixed(1)} ms (${frames.length} frames)`,
  );
  await browser.close();
} finally {
  stop();
}
