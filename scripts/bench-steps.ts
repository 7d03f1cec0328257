// The steps the bench times (scripts/bench.ts): the worker's whole answer, the CLI's diff, a full
// analysis, and the seeded edits (as the page posts them, or parsed afresh).
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { dump } from 'js-yaml';
import { runCli } from '../src/cli/run';
import { Analyzer } from '../src/engine/analyze';
import type { NetworkVerdicts } from '../src/engine/classes';
import { Linter } from '../src/engine/lint';
import { COMPACT_ABOVE } from '../src/engine/protocol';
import { Interner } from '../src/engine/wire';
import { pack, unpack } from '../src/engine/wire-pack';
import type { Model } from '../src/model/types';
import type { Obj, Rng } from '../src/testing/generate';

const gc = (globalThis as { gc?: () => void }).gc;

/**
 * The worker's whole answer as the page gets it (engine/worker-host.ts): analysis with compact
 * tables and summaries, results sharing their parts, findings, and the structured clone that
 * postMessage makes of it.
 */
export function workerAnswer(): (m: Model) => { compact?: unknown } {
  const w = new Analyzer();
  const l = new Linter();
  const i = new Interner();
  return (m) => {
    const { compiled, ...analysed } = w.analyze(m, { compactAbove: COMPACT_ABOVE });
    const result = i.answer(analysed);
    const findings = l.lint(m, compiled, w.world);
    // packed as worker-host.ts posts it, unpacked as the page's client does (wire-pack.ts)
    unpack(structuredClone({ result: pack(result), findings }).result);
    return result;
  };
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
