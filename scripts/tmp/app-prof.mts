import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { generateCluster } from '/work/main/src/testing/generate';
import { toYaml } from '/work/main/src/testing/fuzz-harness';
const port = 4192;
const server = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort'], { stdio: 'ignore', cwd: '/work/main' });
try {
  for (let k = 0; k < 60; k++) { try { await fetch(`http://127.0.0.1:${port}/`); break; } catch { await new Promise((r) => setTimeout(r, 250)); } }
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'] });
  const page = await browser.newPage({ viewport: { width: 1280, height: 720 } });
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.evaluate('localStorage.clear()');
  await page.goto(`http://127.0.0.1:${port}/`);
  const yaml = toYaml(generateCluster(11, { endpoints: 1000, policies: 200 }));
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
  await cdp.send('Profiler.start');
  const t0 = Date.now();
  await page.evaluate(`window.__netpol.store.getState().importYaml(${JSON.stringify(yaml)}, 'replace')`);
  console.log('import returned', Date.now() - t0);
  await page.locator('.react-flow__node-workload').first().waitFor({ timeout: 120_000 });
  console.log('graph', Date.now() - t0);
  await page.locator('[data-testid^="cell-"]').first().waitFor({ timeout: 120_000 });
  console.log('matrix', Date.now() - t0);
  const { profile } = await cdp.send('Profiler.stop');
  writeFileSync('/tmp/prof/app.cpuprofile', JSON.stringify(profile));
  await browser.close();
} finally { server.kill(); }
