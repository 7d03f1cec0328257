// npm run bench — analysis speed and memory on seeded synthetic clusters, against the plain
// pair-by-pair reference evaluator; production bundle size. Timings are printed, never asserted.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { execSync } from 'node:child_process';
import { parseObjects } from '../src/io/k8s-to-model';
import { IncrementalAnalyzer, evaluateAllClassPairs } from '../src/engine/incremental';
import { allows } from '../src/engine/conn';
import { endpointLabel, type Model, type Protocol } from '../src/model/types';
import { generateCluster, Rng, type Obj } from '../src/testing/generate';
import { logicalNetworkOf, referenceAllows } from '../src/testing/reference';

const sizes = (process.env.BENCH_SIZES ?? '100,1000,5000,20000').split(',').map(Number);
const gc = (globalThis as { gc?: () => void }).gc;
const heap = () => process.memoryUsage().heapUsed / 1048576;
const ms = (t: number) => `${t.toFixed(t < 10 ? 2 : 0)} ms`;

interface Row { n: number; policies: number; classes: number; pairs: number; classPairs: number; full: number; edit: number; editAll: number; heap: number; refPerPair: number; sampled: number; agree: boolean }
const rows: Row[] = [];

function editOnePolicy(objs: Obj[], r: Rng): Obj[] {
  const idx = objs.findIndex((o, k) => k > objs.length / 2 && (o.kind === 'NetworkPolicy'));
  const out = [...objs];
  const p = structuredClone(out[idx]) as { spec: { podSelector: unknown } };
  p.spec.podSelector = { matchLabels: { app: r.pick(['web', 'api', 'db']) } };
  out[idx] = p as unknown as Obj;
  return out;
}

for (const n of sizes) {
  gc?.();
  const policies = Math.round(n / 5);
  const objs = generateCluster(2026, { endpoints: n, policies });
  const model: Model = parseObjects(objs).model;
  const base = heap();
  let peak = base;
  const t0 = performance.now();
  const inc = new IncrementalAnalyzer();
  const { classes } = inc.update(model);
  const classPairs = evaluateAllClassPairs(classes);
  const full = performance.now() - t0;
  peak = Math.max(peak, heap());
  const classesN = classes.reduce((s, c) => s + c.reps.length, 0);
  const pairs = classes.reduce((s, c) => s + c.members.length * (c.members.length - 1), 0);
  // one policy edit: recompile what changed, reclassify; views ask for class pairs lazily
  const edited = parseObjects(editOnePolicy(objs, new Rng(n))).model;
  const t1 = performance.now();
  const after = inc.update(edited);
  const edit = performance.now() - t1;
  evaluateAllClassPairs(after.classes);
  const editAll = performance.now() - t1;
  peak = Math.max(peak, heap());
  // the reference, pair by pair, on sampled pairs; both must agree on every one
  const r = new Rng(n);
  const sample = Math.min(3000, pairs);
  let agree = true;
  const def = after.classes.find((c) => c.network === 'default') ?? after.classes[0];
  const probes: [Protocol | 'ICMP', number | undefined][] = [['TCP', 8080], ['TCP', 5432], ['UDP', 53], ['ICMP', undefined], ['TCP', 8050], ['SCTP', 7]];
  let refTime = 0;
  if (def) {
    for (let k = 0; k < sample; k++) {
      const i = r.int(def.members.length);
      const j = r.int(def.members.length);
      const a = def.members[i];
      const b = def.members[j];
      if (!a || !b || i === j || (a.endpoint.kind === 'External' && b.endpoint.kind === 'External')) continue;
      const v = def.verdict(def.classOf[i] as number, def.classOf[j] as number);
      const net = logicalNetworkOf(edited, def.network === 'default' ? 'default' : a.nad) ?? def.network;
      for (const [proto, port] of probes) {
        const t = performance.now();
        const ref = referenceAllows(edited, a.endpoint, b.endpoint, net, proto, port);
        refTime += performance.now() - t;
        if (ref !== allows(v.allowed, proto, port)) {
          agree = false;
          console.error(`DISAGREE n=${n}: ${endpointLabel(a.endpoint)} -> ${endpointLabel(b.endpoint)} ${proto}/${port}`);
        }
      }
    }
  }
  rows.push({ n, policies, classes: classesN, pairs, classPairs, full, edit, editAll, heap: peak - base, refPerPair: refTime / (sample * probes.length), sampled: sample * probes.length, agree });
}

console.log('\nnetpol-studio benchmark (seeded clusters; 2 cores)\n');
console.log('endpoints  policies  classes    pairs         dir.results  full analysis  1-policy edit  edit+all pairs  heap      reference (est.)  speed-up  sampled verdicts');
for (const x of rows) {
  const refFull = x.refPerPair * x.pairs * 6; // six probes per pair, as sampled
  console.log(
    `${String(x.n).padStart(9)}  ${String(x.policies).padStart(8)}  ${String(x.classes).padStart(7)}  ${String(x.pairs).padStart(11)}  ${String(x.classPairs).padStart(11)}  ${ms(x.full).padStart(13)}  ${ms(x.edit).padStart(13)}  ${ms(x.editAll).padStart(14)}  ${`${x.heap.toFixed(0)} MiB`.padStart(8)}  ${`${(refFull / 1000).toFixed(1)} s`.padStart(16)}  ${`${(refFull / x.full).toFixed(0)}x`.padStart(8)}  ${x.sampled} ${x.agree ? 'all agree' : 'DISAGREE'}`,
  );
}
console.log('\ngrowth between sizes (time ratio vs size ratio; quadratic would be the square):');
for (let k = 1; k < rows.length; k++) {
  const a = rows[k - 1] as Row;
  const b = rows[k] as Row;
  console.log(`  ${a.n} → ${b.n} (x${(b.n / a.n).toFixed(0)}): full analysis x${(b.full / a.full).toFixed(1)}, classes x${(b.classes / a.classes).toFixed(1)}, heap x${(b.heap / Math.max(1, a.heap)).toFixed(1)}  (quadratic: x${((b.n / a.n) ** 2).toFixed(0)})`);
}

if (process.env.BENCH_SKIP_BUNDLE !== '1') {
  execSync('npx vite build --logLevel error', { stdio: 'inherit' });
  const assets = readdirSync('dist/assets');
  const html = readFileSync('dist/index.html', 'utf8');
  const initial = assets.filter((f) => f.endsWith('.js') && html.includes(f));
  const rest = assets.filter((f) => f.endsWith('.js') && !html.includes(f));
  const gz = (f: string) => gzipSync(readFileSync(`dist/assets/${f}`)).length / 1024;
  const initialKb = initial.reduce((s, f) => s + gz(f), 0);
  console.log(`\nbundle: initial chunk ${initialKb.toFixed(0)} kB gzip (budget 350 kB: ${initialKb <= 350 ? 'within' : 'OVER'}); worker and lazy chunks ${rest.reduce((s, f) => s + gz(f), 0).toFixed(0)} kB gzip in ${rest.length} files`);
  const css = assets.filter((f) => f.endsWith('.css')).reduce((s, f) => s + gz(f), 0);
  console.log(`        css ${css.toFixed(0)} kB gzip`);
}
if (existsSync('dist') && rows.some((x) => !x.agree)) process.exit(1);

if (process.env.BENCH_SKIP_APP !== '1') {
  execSync('npx vite build --logLevel error && npx tsx scripts/bench-app.ts', { stdio: 'inherit' });
}
