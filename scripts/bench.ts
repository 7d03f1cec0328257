// npm run bench — analysis speed and memory on seeded synthetic clusters, against the plain
// pair-by-pair reference evaluator; production bundle size. Timings are printed, never asserted.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { availableParallelism } from 'node:os';
import { execSync, spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { parseObjects } from '../src/io/k8s-to-model';
import { Analyzer } from '../src/engine/analyze';
import { allows } from '../src/engine/conn';
import { endpointLabel, type Model, type Protocol } from '../src/model/types';
import { generateCluster, Rng } from '../src/testing/generate';
import { logicalNetworkOf, referenceAllows } from '../src/testing/reference';
import {
  analyseAll,
  cliDiff,
  editPolicy,
  editWorkload,
  LintThread,
  shareUnchanged,
  workerAnswer,
} from './bench-steps';

const sizes = (process.env.BENCH_SIZES ?? '100,1000,5000,20000').split(',').map(Number);
const gc = (globalThis as { gc?: () => void }).gc;
/** The JavaScript heap and the typed arrays' buffers (class tables live in both). */
const heap = () => {
  const m = process.memoryUsage();
  return (m.heapUsed + m.arrayBuffers) / 1048576;
};
const ms = (t: number) => `${t.toFixed(t < 10 ? 1 : 0)} ms`;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;

interface Row {
  n: number;
  policies: number;
  classes: number;
  pairs: number;
  results: number;
  full: number;
  /** the worker's answer as the app makes it on this machine (one of the two below) */
  answer: number;
  /** whether the app lints beside the engine here (4 or more cores: engine/client.ts) */
  beside: boolean;
  /** the answer linted in the engine worker itself (one thread) */
  answerAlone: number;
  /** the answer with its lint worker beside the engine (a thread here) */
  answerBeside: number;
  /** the lint worker's own heap after its first answer */
  lintHeap: number;
  editPolicy: number;
  editPolicyAnswer: number;
  editWorkload: number;
  editWorkloadAnswer: number;
  /** the same edits on a model parsed afresh (every object new: the CLI's case), one run */
  editPolicyParsed: number;
  editWorkloadParsed: number;
  tableMiB: number;
  heap: number;
  /** heap the engine keeps after GC, every verdict ready */
  retained: number;
  refPerPair: number;
  sampled: number;
  agree: boolean;
  /** CLI diff (one policy edited), at 5,000 endpoints or with BENCH_DIFF=1 */
  diff?: { ms: number; lines: number };
}
interface Failed {
  n: number;
  failed: string;
}

/** BENCH_PROGRESS=1: each stage's time on stderr as it ends (where a large size spends its time). */
const progress = (() => {
  let last = performance.now();
  return (stage: string) => {
    if (process.env.BENCH_PROGRESS !== '1') return;
    const now = performance.now();
    process.stderr.write(`  ${stage}: ${((now - last) / 1000).toFixed(1)} s\n`);
    last = now;
  };
})();

/** Wait 100 ms (synchronously): background GC threads finish before a short timed step. */
function settle(): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 100);
}

/** One size, measured in this process (a child of the bench: see `runSize`). */
async function measure(n: number): Promise<Row> {
  // warm-up (JIT), not measured: the app's worker is warm after its first analysis too
  const warmObjs = generateCluster(1, { endpoints: 300, policies: 60, adminPolicies: 2 });
  const warm = parseObjects(warmObjs).model;
  for (let k = 0; k < 3; k++) new Analyzer().analyze(warm, k === 0 ? {} : { compactAbove: 0 });
  // the linter and the answer's sharing too, on both threads (with edits: the lint worker's deltas)
  const lints = new LintThread();
  for (const peer of [lints, undefined]) {
    const warmAnswer = await workerAnswer(peer);
    await warmAnswer(warm);
    await warmAnswer(parseObjects(editPolicy(warmObjs, new Rng(1))).model);
  }
  // and an edit of each kind (the comparison of a fresh model with the held one)
  const warmEdits = new Analyzer();
  analyseAll(warmEdits, warm);
  analyseAll(warmEdits, parseObjects(editPolicy(warmObjs, new Rng(1))).model);
  analyseAll(warmEdits, parseObjects(editWorkload(warmObjs, new Rng(2))).model);
  gc?.();
  const policies = Math.round(n / 5);
  // BENCH_NAMESPACES=scale: one namespace per 25 endpoints at every size (the default caps them
  // at 200, so above 5,000 each namespace, and each workload, gets more policies)
  const objs = generateCluster(2026, {
    endpoints: n,
    policies,
    // cluster policies (ANPs, a BANP, CNPs; SEMANTICS §9); BENCH_ADMIN=0 leaves them out. One per
    // 200 endpoints, at most 100: cluster-scoped policies do not grow with the pods, and OVN-K
    // programs ANP priorities 0-99 only (R9.3), so past 100 a cluster would be all ties
    adminPolicies: Number(process.env.BENCH_ADMIN ?? Math.min(100, Math.max(2, Math.round(n / 200)))),
    ...(process.env.BENCH_NAMESPACES === 'scale' ? { namespaces: Math.round(n / 25) } : {}),
  });
  const model: Model = parseObjects(objs).model;
  const r = new Rng(n);
  const parsedPolicy = parseObjects(editPolicy(objs, r)).model;
  const parsedWorkload = parseObjects(editWorkload(objs, r)).model;
  const editedPolicy = shareUnchanged(model, parsedPolicy);
  const editedWorkload = shareUnchanged(model, parsedWorkload);
  progress(`${n}: generated and parsed`);
  const base = heap();
  let peak = base;
  // Each figure is the median of a few runs (the first run of a size also pays JIT warm-up).
  // (5 below 20,000: the answer/engine ratio at 10,000 moved 1.9-2.8x between medians of 3)
  const runs = n >= 20000 ? 1 : 5;
  const fulls: number[] = [];
  const beside: number[] = [];
  const alone: number[] = [];
  // as the app's client chooses (engine/client.ts `lintWorkerByDefault`)
  const useLintWorker = availableParallelism() >= 4;
  let lintHeap = 0;
  const ep: number[] = [];
  const epa: number[] = [];
  const ew: number[] = [];
  const ewa: number[] = [];
  let tableBytes = 0;
  // One run per call: its analyzers, hosts and answers die when it returns (a loop body's locals
  // may outlive their iteration in a suspended async function's frame, and the next run's "kept
  // after GC" counted them: 160 MiB at 10,000)
  const run = async (): Promise<void> => {
    // engine: a fresh analyzer, every class pair's verdict made ready
    let a: Analyzer | undefined = new Analyzer();
    let t = performance.now();
    analyseAll(a, model);
    fulls.push(performance.now() - t);
    progress('full analysis');
    peak = Math.max(peak, heap());
    gc?.();
    settle(); // (the collector's concurrent sweeping done before the timed edits)
    // one policy edited, then one workload's labels: the same analyzer carries on
    t = performance.now();
    analyseAll(a, editedPolicy);
    ep.push(performance.now() - t);
    t = performance.now();
    analyseAll(a, editedWorkload);
    ew.push(performance.now() - t);
    progress('edits');
    // the worker's answer (compact class tables for large networks, policy summaries), as the app
    // gets it: timed as the full analysis is, after a collection with no other analyzer alive
    // (the app's worker holds one; with the engine's 300 MiB at 100,000 still held, the answer's
    // own analysis paid for collecting a heap twice the size)
    a = undefined;
    gc?.();
    settle();
    // each on a fresh copy of the model, as the worker gets it (structured-cloned, so no cache
    // kept per object or list by an earlier run finds it), not timed: both sides get one
    const fresh = (): Model => structuredClone(model);
    const oneModel = fresh();
    const one = await workerAnswer();
    gc?.();
    settle();
    t = performance.now();
    const res = await one(oneModel);
    alone.push(performance.now() - t);
    progress('worker answer, one thread');
    const twoModel = fresh();
    const two = await workerAnswer(lints);
    gc?.();
    settle();
    t = performance.now();
    const res2 = await two(twoModel);
    beside.push(performance.now() - t);
    if (res2.linter !== 'lint-worker')
      throw new Error(`the findings came from ${res2.linter}, not the lint worker`);
    lintHeap = Math.max(lintHeap, (await lints.heap()) / 1048576);
    progress('worker answer, lint worker beside');
    // the edits' answers, by the app's choice, as changes from the model it answered
    const [answer, answered] = useLintWorker ? [two, twoModel] : [one, oneModel];
    tableBytes = (res.compact ?? []).reduce(
      (s, c) =>
        s +
        // per member: group, slot, atom, named ports, kind, namespace kind (and two factor indices)
        c.tables.groupOf.byteLength * 8 +
        c.tables.factors.reduce(
          (t, f) =>
            t +
            f.sel.byteLength +
            f.kinds.byteLength +
            f.ns.byteLength +
            f.nsKinds.byteLength +
            f.ip.byteLength +
            f.keys.byteLength +
            f.values.byteLength,
          0,
        ),
      0,
    );
    peak = Math.max(peak, heap());
    const policyEdit = shareUnchanged(answered, editedPolicy);
    const workloadEdit = shareUnchanged(policyEdit, editedWorkload);
    t = performance.now();
    await answer(policyEdit);
    epa.push(performance.now() - t);
    t = performance.now();
    await answer(workloadEdit);
    ewa.push(performance.now() - t);
    // (else the next run's "kept after GC" counts this run's host, its analyzer and model copy)
    lints.release();
  };
  for (let k = 0; k < runs; k++) await run();
  await lints.close();
  progress('worker answer edits');
  // What the engine keeps with every verdict ready (the analyzer and its caches): an analysis of
  // its own after the timed runs, between two collections (a collection right before a timed run
  // slowed its analysis by 300 ms at 100,000; one read against a base taken before the runs
  // counted what the bench allocated or left meanwhile). Its classes are counted below.
  gc?.();
  const before = heap();
  const classes = analyseAll(new Analyzer(), model);
  gc?.();
  const retained = heap() - before;
  const classesN = classes.reduce((s, c) => s + c.classCount(), 0);
  progress('class count');
  const pairs = classes.reduce((s, c) => s + c.members.length * (c.members.length - 1), 0);
  const results = classes.reduce((s, c) => s + c.tableSize().results, 0);
  // the reference, pair by pair, on sampled pairs of the edited model; both must agree on every one
  // (and the edits' time when every object of the edited model is new, as a CLI re-run has it)
  const check = new Analyzer();
  analyseAll(check, model);
  settle();
  let t = performance.now();
  analyseAll(check, parsedPolicy);
  const editPolicyParsed = performance.now() - t;
  t = performance.now();
  const after = analyseAll(check, parsedWorkload);
  const editWorkloadParsed = performance.now() - t;
  // (the reference reads every policy per pair: fewer pairs above 10,000 endpoints, still thousands of probes)
  const sample = Math.min(3000, pairs, Math.round((3000 * 10000) / Math.max(n, 10000)));
  let agree = true;
  const def = after.find((c) => c.network === 'default') ?? after[0];
  const probes: [Protocol | 'ICMP', number | undefined][] = [
    ['TCP', 8080],
    ['TCP', 5432],
    ['UDP', 53],
    ['ICMP', undefined],
    ['TCP', 8050],
    ['SCTP', 7],
  ];
  let refTime = 0;
  if (def) {
    for (let k = 0; k < sample; k++) {
      const i = r.int(def.members.length);
      const j = r.int(def.members.length);
      const a = def.members[i];
      const b = def.members[j];
      if (!a || !b || i === j || (a.endpoint.kind === 'External' && b.endpoint.kind === 'External')) continue;
      const v = def.verdict(i, j);
      const net =
        logicalNetworkOf(editedWorkload, def.network === 'default' ? 'default' : a.nad) ?? def.network;
      for (const [proto, port] of probes) {
        const t = performance.now();
        const ref = referenceAllows(editedWorkload, a.endpoint, b.endpoint, net, proto, port);
        refTime += performance.now() - t;
        if (ref !== allows(v.allowed, proto, port)) {
          agree = false;
          console.error(
            `DISAGREE n=${n}: ${endpointLabel(a.endpoint)} -> ${endpointLabel(b.endpoint)} ${proto}/${port}`,
          );
        }
      }
    }
  }
  progress('reference check');
  const diff =
    n === 5000 || process.env.BENCH_DIFF === '1' ? cliDiff(objs, editPolicy(objs, new Rng(n))) : undefined;
  return {
    ...(diff ? { diff } : {}),
    n,
    policies,
    classes: classesN,
    pairs,
    results,
    full: median(fulls),
    answer: median(useLintWorker ? beside : alone),
    beside: useLintWorker,
    answerAlone: median(alone),
    answerBeside: median(beside),
    lintHeap,
    editPolicy: median(ep),
    editPolicyAnswer: median(epa),
    editWorkload: median(ew),
    editWorkloadAnswer: median(ewa),
    editPolicyParsed,
    editWorkloadParsed,
    tableMiB: tableBytes / 1048576,
    heap: peak - base,
    retained,
    refPerPair: refTime / (sample * probes.length),
    sampled: sample * probes.length,
    agree,
  };
}

/**
 * Each size runs in a child process (same node flags, heap limit BENCH_HEAP_MB, default 4096):
 * a size that runs out of memory or time is reported as a row, and the next size still runs.
 */
function runSize(n: number): Row | Failed {
  const started = performance.now();
  const limitS = Number(process.env.BENCH_TIMEOUT_S ?? 900);
  const child = spawnSync(
    process.execPath,
    [
      ...(bundled ? withoutTsx(process.execArgv) : process.execArgv),
      `--max-old-space-size=${process.env.BENCH_HEAP_MB ?? 4096}`,
      bundled ?? (process.argv[1] as string),
    ],
    {
      env: { ...process.env, BENCH_ONE: String(n) },
      encoding: 'utf8',
      timeout: limitS * 1000,
      maxBuffer: 1 << 26,
    },
  );
  const line = (child.stdout ?? '').split('\n').find((l) => l.startsWith('ROW '));
  // a failed size's stderr is V8's out-of-memory dump: the row below says what happened
  if (line) process.stderr.write(child.stderr ?? '');
  if (line) return JSON.parse(line.slice(4)) as Row;
  const after = `${((performance.now() - started) / 1000).toFixed(0)} s`;
  const oom = /heap out of memory|Allocation failed/.test(child.stderr ?? '');
  return {
    n,
    failed: oom
      ? `out of memory (${process.env.BENCH_HEAP_MB ?? 4096} MiB heap) after ${after}`
      : child.error
        ? `stopped after ${after} (limit ${limitS} s)`
        : `exited with ${child.status ?? child.signal} after ${after}`,
  };
}

if (process.env.BENCH_ONE) {
  console.log(`ROW ${JSON.stringify(await measure(Number(process.env.BENCH_ONE)))}`);
  process.exit(0);
}
// The sizes run on the engine bundled as the app and the CLI ship it (esbuild, like the CLI's
// build): tsx compiles with `keepNames`, which wraps every function made at run time (~2-5% of an
// analysis). BENCH_TSX=1 runs the sources under tsx instead.
const bundled = process.env.BENCH_TSX === '1' ? undefined : await bundleBench();
function withoutTsx(args: readonly string[]): string[] {
  const out: string[] = [];
  for (let k = 0; k < args.length; k++) {
    if (args[k] === '--import' && args[k + 1] === 'tsx') k++;
    else if (args[k] !== '--import=tsx') out.push(args[k] as string);
  }
  return out;
}
async function bundleBench(): Promise<string> {
  const { build } = await import('esbuild');
  const out = join(process.cwd(), 'node_modules/.cache/netpol-bench/bench.mjs');
  await build({
    // the lint worker's thread beside it (bench-steps.ts `LintThread`)
    entryPoints: [process.argv[1] as string, join(process.cwd(), 'scripts/lint-thread.ts')],
    outdir: dirname(out),
    outExtension: { '.js': '.mjs' },
    bundle: true,
    format: 'esm',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'warning',
  });
  return out;
}
const results = sizes.map(runSize);
const rows = results.filter((x): x is Row => !('failed' in x));

const cols: [string, (x: Row) => string][] = [
  ['endpoints', (x) => String(x.n)],
  ['policies', (x) => String(x.policies)],
  ['classes', (x) => String(x.classes)],
  ['pairs', (x) => String(x.pairs)],
  ['dir.results', (x) => String(x.results)],
  ['full analysis', (x) => ms(x.full)],
  ['policy edit', (x) => ms(x.editPolicy)],
  ['workload edit', (x) => ms(x.editWorkload)],
  ['re-parsed', (x) => `${ms(x.editPolicyParsed)} / ${ms(x.editWorkloadParsed)}`],
  ['worker answer', (x) => ms(x.answer)],
  ['answer/engine', (x) => `${(x.answer / x.full).toFixed(1)}x`],
  ['one thread', (x) => `${ms(x.answerAlone)} (${(x.answerAlone / x.full).toFixed(1)}x)`],
  ['lint worker beside', (x) => `${ms(x.answerBeside)} (${(x.answerBeside / x.full).toFixed(1)}x)`],
  ['after policy edit', (x) => ms(x.editPolicyAnswer)],
  ['after workload edit', (x) => ms(x.editWorkloadAnswer)],
  ['tables', (x) => `${x.tableMiB.toFixed(1)} MiB`],
  ['heap', (x) => `${x.heap.toFixed(0)} MiB`],
  ['kept after GC', (x) => `${x.retained.toFixed(0)} MiB`],
  ['lint worker heap', (x) => `${x.lintHeap.toFixed(0)} MiB`],
  ['reference (est.)', (x) => `${((x.refPerPair * x.pairs * 6) / 1000).toFixed(1)} s`],
  ['speed-up', (x) => `${((x.refPerPair * x.pairs * 6) / x.full).toFixed(0)}x`],
  ['CLI diff', (x) => (x.diff ? `${ms(x.diff.ms)} (${(x.diff.ms / x.full).toFixed(1)}x)` : '-')],
  ['sampled verdicts', (x) => `${x.sampled} ${x.agree ? 'all agree' : 'DISAGREE'}`],
];
console.log(
  '\nnetpol-studio benchmark (seeded clusters; medians of 5 runs, 1 from 20,000; each size in its own process)\n',
);
console.log(cols.map(([h], k) => (k === cols.length - 1 ? h : h.padStart(Math.max(h.length, 9)))).join('  '));
for (const x of results)
  console.log(
    'failed' in x
      ? `${String(x.n).padStart(9)}  ${String(Math.round(x.n / 5)).padStart(9)}  failed: ${x.failed}`
      : cols
          .map(([h, f], k) => (k === cols.length - 1 ? f(x) : f(x).padStart(Math.max(h.length, 9))))
          .join('  '),
  );
console.log(
  "\n  full analysis / edits: every class pair's verdict ready in the engine (fresh analyzer / the same one after the edit)",
);
console.log(
  "  edits hold the unchanged objects as the app's worker does (it gets a delta); re-parsed: policy / workload edit with every object new (a CLI re-run), one run",
);
console.log(
  "  heap: peak growth while measuring; kept after GC: what the analyzer holds with every verdict ready (JavaScript heap and typed-array buffers); lint worker heap: the lint thread's own heap after its answer",
);
console.log(
  "  worker answer: what the app's worker computes and sends (pairs, or factor tables above 40,000 pairs per network; policy summaries; findings), structured clone included, on a fresh copy of the model, as the app makes it on this machine: linted in the engine worker below 4 cores (one thread), beside it from 4 (lint worker beside, a thread here); answer/engine: its ratio to the full analysis (target: within 2x)",
);
console.log(
  '  CLI diff: `netpol-studio diff` in-process on YAML files of the design and of it with one policy edited (target at 5,000: under 3 s); in brackets its ratio to the full analysis',
);
console.log('\ngrowth between sizes (time ratio vs size ratio; quadratic would be the square):');
for (let k = 1; k < rows.length; k++) {
  const a = rows[k - 1] as Row;
  const b = rows[k] as Row;
  console.log(
    `  ${a.n} → ${b.n} (x${(b.n / a.n).toFixed(0)}): full analysis x${(b.full / a.full).toFixed(1)}, classes x${(b.classes / a.classes).toFixed(1)}, heap x${(b.heap / Math.max(1, a.heap)).toFixed(1)}  (quadratic: x${((b.n / a.n) ** 2).toFixed(0)})`,
  );
}

if (process.env.BENCH_SKIP_BUNDLE !== '1') {
  execSync('npx vite build --logLevel error', { stdio: 'inherit' });
  const assets = readdirSync('dist/assets');
  const html = readFileSync('dist/index.html', 'utf8');
  const initial = assets.filter((f) => f.endsWith('.js') && html.includes(f));
  const rest = assets.filter((f) => f.endsWith('.js') && !html.includes(f));
  const gz = (f: string) => gzipSync(readFileSync(`dist/assets/${f}`)).length / 1024;
  const initialKb = initial.reduce((s, f) => s + gz(f), 0);
  console.log(
    `\nbundle: initial chunk ${initialKb.toFixed(0)} kB gzip (budget 350 kB: ${initialKb <= 350 ? 'within' : 'OVER'}); worker and lazy chunks ${rest.reduce((s, f) => s + gz(f), 0).toFixed(0)} kB gzip in ${rest.length} files`,
  );
  const css = assets.filter((f) => f.endsWith('.css')).reduce((s, f) => s + gz(f), 0);
  console.log(`        css ${css.toFixed(0)} kB gzip`);
}
if (existsSync('dist') && rows.some((x) => !x.agree)) process.exit(1);

if (process.env.BENCH_SKIP_APP !== '1') {
  execSync('npx tsx scripts/bench-app.ts', { stdio: 'inherit' }); // builds the e2e mode itself
}
