// Builds the `netpol-studio` bin: src/cli/main.ts bundled to plain JavaScript for Node 20+
// (no tsx at run time). Graphviz (WebAssembly, for --format svg) is a separate chunk loaded on
// demand, so a start without it stays fast.
import { build } from 'esbuild';
import { chmodSync, readFileSync, rmSync } from 'node:fs';

const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
const outdir = new URL('../dist-cli', import.meta.url).pathname;
rmSync(outdir, { recursive: true, force: true });
await build({
  entryPoints: { 'netpol-studio': new URL('../src/cli/main.ts', import.meta.url).pathname },
  outdir,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  chunkNames: 'chunks/[name]-[hash]',
  define: { __VERSION__: JSON.stringify(pkg.version) },
  banner: { js: '#!/usr/bin/env node' },
  legalComments: 'linked',
  logLevel: 'warning',
});
chmodSync(`${outdir}/netpol-studio.js`, 0o755);
console.log(`built ${outdir}/netpol-studio.js (version ${pkg.version})`);
