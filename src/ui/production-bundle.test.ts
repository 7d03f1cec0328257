import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

// Issue 20 item 18: the production bundle does not expose the e2e test hook.
describe('production bundle', () => {
  it('has no window.__netpol and no crashWorker (the e2e build, mode e2e, has them)', () => {
    const out = mkdtempSync(join(tmpdir(), 'netpol-prod-'));
    try {
      execFileSync('npx', ['vite', 'build', '--outDir', out, '--emptyOutDir', '--logLevel', 'error'], {
        cwd: new URL('../..', import.meta.url).pathname,
        stdio: 'pipe',
        // vitest sets NODE_ENV=test, which would make a development build
        env: { ...process.env, NODE_ENV: 'production' },
        timeout: 300_000,
      });
      const js = readdirSync(join(out, 'assets'))
        .filter((f) => f.endsWith('.js'))
        .map((f) => readFileSync(join(out, 'assets', f), 'utf8'));
      expect(js.length).toBeGreaterThan(0);
      expect(js.filter((t) => t.includes('__netpol')).length).toBe(0);
      expect(js.filter((t) => t.includes('crashWorker')).length).toBe(0);
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
