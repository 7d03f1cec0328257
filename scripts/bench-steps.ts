// The steps the bench times (scripts/bench.ts): the worker's whole answer, the CLI's diff, a full
// analysis, and the seeded edits (as the page posts them, or parsed afresh).
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { buildSync } from 'esbuild';
import { dump } from 'js-yaml';
import { runCli } from '../src/cli/run';
import { Worker } from 'node:worker_threads';
import { Analyzer } from '../src/engine/analyze';
import type { NetworkVerdicts } from '../src/engine/classes';
import type { PeerPort, PeerRequest, PeerResponse } from '../src/engine/lint-peer';
import { modelDelta } from '../src/engine/model-delta';
import { PROTOCOL_VERSION, type Linted, type WorkerResponse } from '../src/engine/protocol';
import { unpack } from '../src/engine/wire-pack';
import { createEngineHost } from '../src/engine/worker-host';
import type { Model } from '../src/model/types';
import type { Obj, Rng } from '../src/testing/generate';

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * scripts/lint-thread.ts as a thread can run it: bundled beside the bench (bench.ts bundles both),
 * else bundled here (under tsx a worker thread gets no TypeScript loader).
 */
function lintThreadFile(): URL {
  const beside = new URL('./lint-thread.mjs', import.meta.url);
  if (existsSync(fileURLToPath(beside))) return beside;
  const out = join(process.cwd(), 'node_modules/.cache/netpol-bench/lint-thread.mjs');
  buildSync({
    entryPoints: [join(process.cwd(), 'scripts/lint-thread.ts')],
    outfile: out,
    bundle: true,
    format: 'esm',
    platform: 'node',
    packages: 'external',
    logLevel: 'warning',
  });
  return pathToFileURL(out);
}

/** The bench's lint worker: scripts/lint-thread.ts on a thread of its own. */
export class LintThread implements PeerPort {
  private readonly w = new Worker(lintThreadFile());
  private receive: ((r: PeerResponse) => void) | undefined;
  private readonly waits = new Map<string, (x: { bytes?: number }) => void>();

  constructor() {
    this.w.on('message', (m: PeerResponse | { type: 'reset' | 'heap'; bytes?: number }) => {
      if ('id' in m) this.receive?.(m);
      else this.waits.get(m.type)?.(m);
    });
  }

  listen(receive: (r: PeerResponse) => void): void {
    this.receive = receive;
  }

  post(req: PeerRequest): void {
    this.w.postMessage(req);
  }

  /** A fresh lint host on the thread, collected: what a first answer finds. */
  reset(): Promise<unknown> {
    return this.ask('reset');
  }

  /** Forget the engine host listening (it holds its analyzer and model until the next one listens). */
  release(): void {
    this.receive = undefined;
  }

  /** The thread's own heap in use (bytes). */
  async heap(): Promise<number> {
    return (await this.ask('heap')).bytes ?? 0;
  }

  close(): Promise<number> {
    return this.w.terminate();
  }

  private ask(what: 'reset' | 'heap'): Promise<{ bytes?: number }> {
    return new Promise((resolve) => {
      this.waits.set(what, resolve);
      this.w.postMessage(what);
    });
  }
}

type Answered = ReturnType<Analyzer['analyze']> & { readonly linter?: Linted };

/**
 * The worker's whole answer as the page gets it: the engine host of the app's worker
 * (engine/worker-host.ts) with its lint worker on a thread (`LintThread`, reset here: a first
 * answer), each model after the first posted as a change from the last (as the page does), the
 * reply structured-cloned as postMessage copies it and unpacked as the page's client does.
 * Without `lints`, the engine worker lints by itself.
 */
export async function workerAnswer(lints?: LintThread): Promise<(m: Model) => Promise<Answered>> {
  await lints?.reset();
  let next: ((r: WorkerResponse) => void) | undefined;
  const host = createEngineHost((r) => next?.(r), setImmediate, lints);
  let held: { id: number; model: Model } | undefined;
  let id = 0;
  return (m) =>
    new Promise((resolve, reject) => {
      id++;
      next = (r) => {
        const copy = structuredClone(r);
        if (copy.type !== 'result') reject(new Error(copy.type === 'error' ? copy.message : copy.type));
        else resolve({ ...unpack(copy.result), linter: copy.linter } as Answered);
      };
      const body = held ? { delta: modelDelta(held.model, m, held.id) } : { model: m };
      held = { id, model: m };
      const beside = lints ? { lintWorker: true as const } : {};
      host.receive({ v: PROTOCOL_VERSION, id, rev: id, type: 'analyze', ...beside, ...body });
    });
}

/** `netpol-studio diff` in-process on YAML files (reading, parsing, both analyses, the scan, the table). */
export function cliDiff(objs: Obj[], edited: Obj[]): { ms: number; lines: number } {
  const dir = mkdtempSync(join(tmpdir(), 'bench-diff-'));
  const yaml = (xs: Obj[]) => xs.map((o) => dump(o, { noRefs: true })).join('---\n');
  writeFileSync(join(dir, 'before.yaml'), yaml(objs));
  writeFileSync(join(dir, 'after.yaml'), yaml(edited));
  // a CLI run starts in a fresh process: the bench's garbage so far is collected first (else the
  // diff pays for collecting what the measurements before it left)
  gc?.();
  const t = performance.now();
  const out = runCli(['diff', join(dir, 'before.yaml'), '--against', join(dir, 'after.yaml')], {
    readFile: (f) => readFileSync(f, 'utf8'),
  });
  return { ms: performance.now() - t, lines: out.stdout.split('\n').length - 1 };
}

/** Every verdict ready (all factor tables filled): what "analysed" means here. */
export function analyseAll(a: Analyzer, model: Model): NetworkVerdicts[] {
  const { classes } = a.classes(model);
  for (const c of classes) c.classes.prepareAll();
  return classes.map((c) => c.classes);
}

export function editPolicy(objs: Obj[], r: Rng): Obj[] {
  const idx = objs.findIndex((o, k) => k > objs.length / 2 && o.kind === 'NetworkPolicy');
  const out = [...objs];
  const p = structuredClone(out[idx]) as { spec: { podSelector: unknown } };
  p.spec.podSelector = {
    matchLabels: { app: r.pick(['web', 'api', 'db']), tier: r.pick(['front', 'back']) },
  };
  out[idx] = p as unknown as Obj;
  return out;
}

export function editWorkload(objs: Obj[], r: Rng): Obj[] {
  const idx = objs.findIndex((o, k) => k > objs.length / 3 && o.kind === 'Pod');
  const out = [...objs];
  const p = structuredClone(out[idx]) as { metadata: { labels: Record<string, string> } };
  p.metadata.labels = { ...p.metadata.labels, app: r.pick(['web', 'api', 'db']), release: 'canary' };
  out[idx] = p as unknown as Obj;
  return out;
}

/**
 * The edited model as the app's worker holds it: every object the edit left alone is the one
 * it had (the page posts a delta, model-delta.ts), so only the edited object is new.
 */
export function shareUnchanged(held: Model, next: Model): Model {
  const out: Record<string, unknown> = { ...next };
  for (const [key, list] of Object.entries(next)) {
    const was = (held as unknown as Record<string, unknown>)[key];
    if (!Array.isArray(list) || !Array.isArray(was)) continue;
    out[key] = list.map((x, i) => (JSON.stringify(x) === JSON.stringify(was[i]) ? was[i] : x));
  }
  return out as unknown as Model;
}
