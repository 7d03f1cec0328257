import { nodeIo } from './node-io';
import { runCli } from './run';

declare const __VERSION__: string | undefined;

/** The package version: inlined by the bundle build, read from package.json when run from source. */
async function version(): Promise<string> {
  if (typeof __VERSION__ === 'string') return __VERSION__;
  const { readFileSync } = await import('node:fs');
  const pkg = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as {
    version: string;
  };
  return pkg.version;
}

/** Graphviz (WebAssembly) is loaded only when an SVG is asked for: it is most of the bundle. */
async function svgRenderer(argv: readonly string[]): Promise<((dot: string) => string) | undefined> {
  const wanted = argv.some(
    (a, k) =>
      a === '--format=svg' || a === '-o=svg' || ((a === '--format' || a === '-o') && argv[k + 1] === 'svg'),
  );
  if (!wanted) return undefined;
  const viz = await (await import('@viz-js/viz')).instance();
  return (dot) => viz.renderString(dot, { format: 'svg' });
}

// `netpol-studio analyze big.yaml | head`: the reader left; stop quietly like other tools
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw e;
});

const argv = process.argv.slice(2);
const out = runCli(argv, nodeIo(await version(), await svgRenderer(argv)));
if (out.stdout) process.stdout.write(out.stdout);
if (out.stderr) process.stderr.write(out.stderr);
process.exitCode = out.code;
