// Longer fuzz and property run than the test suite: `npm run fuzz [-- --scale N]`.
// Prints cases tried, input sizes and times; exits 1 on the first broken invariant.
import { readdirSync, readFileSync } from 'node:fs';
import { checkInput, mutate, toYaml, wrongType } from '../src/testing/fuzz-harness';
import {
  REJECTED_SPECS,
  checkRejected,
  controlChars,
  hostileStreams,
  nullsInLists,
  pathologicalSubnets,
  protoKeys,
} from '../src/testing/fuzz-hostile';
import { Rng, generateCluster } from '../src/testing/generate';
import { firstDisagreement } from '../src/testing/reference-check';
import { parseManifests } from '../src/io/k8s-to-model';

const scale = Number(process.argv[process.argv.indexOf('--scale') + 1]) || 1;
const scenarios = readdirSync('src/scenarios')
  .filter((f) => f.endsWith('.yaml'))
  .map((f) => readFileSync(`src/scenarios/${f}`, 'utf8'));
let failed = false;
const row = (name: string, cases: number, bytes: number, ms: number, worst: number): void =>
  console.log(
    `${name.padEnd(34)} ${String(cases).padStart(7)} cases  ${(bytes / 1048576).toFixed(1).padStart(7)} MiB  ${(ms / 1000).toFixed(1).padStart(6)} s  worst ${worst.toFixed(0)} ms`,
  );

function run(name: string, n: number, make: (r: Rng, i: number) => string): void {
  const r = new Rng(20261124);
  let bytes = 0;
  let worst = 0;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) {
    const text = make(r, i);
    bytes += text.length;
    const out = checkInput(text);
    worst = Math.max(worst, out.ms);
    if (out.problem) {
      console.error(`${name}: case ${i}: ${out.problem}\n--- input ---\n${text.slice(0, 4000)}`);
      failed = true;
      return;
    }
  }
  row(name, n, bytes, performance.now() - t0, worst);
}

console.log('netpol-studio fuzz run (seeded; same figures on every run)');
run('mutated scenario files', 5000 * scale, (r) => mutate(r.pick(scenarios), r));
run('wrong types in generated objects', 1500 * scale, (r, i) =>
  toYaml(
    generateCluster(i + 1, { endpoints: 8, policies: 5 }).map((o) => (r.chance(0.5) ? wrongType(o, r) : o)),
  ),
);
run('random bytes', 3000 * scale, (r) =>
  Array.from({ length: r.int(600) }, () => String.fromCharCode(r.int(128))).join(''),
);

run('prototype names as keys', 500 * scale, (r, i) =>
  toYaml(generateCluster(i + 1, { endpoints: 8, policies: 5 }).map((o) => protoKeys(o, r))),
);
run('nulls in every list', 500 * scale, (r, i) =>
  toYaml(generateCluster(i + 1, { endpoints: 8, policies: 5 }).map((o) => nullsInLists(o, r))),
);
run('control characters in names', 500 * scale, (r, i) =>
  controlChars(toYaml(generateCluster(i + 1, { endpoints: 8, policies: 5 })), r),
);
run('pathological subnets', 200 * scale, (r) => pathologicalSubnets(r));
{
  const t0 = performance.now();
  const bad = REJECTED_SPECS.map(checkRejected).filter(Boolean);
  for (const b of bad) console.error(b);
  failed ||= bad.length > 0;
  row('API-rejected shapes (not applied)', REJECTED_SPECS.length, 0, performance.now() - t0, 0);
}
for (const s of hostileStreams()) {
  const t0 = performance.now();
  const p = parseManifests([{ text: s.text, file: 'stream' }]);
  const ms = performance.now() - t0;
  if (p.diagnostics[0]?.code !== s.code) {
    console.error(`${s.name}: expected ${s.code}, got ${p.diagnostics[0]?.code ?? 'nothing'}`);
    failed = true;
  }
  row(`stream: ${s.name}`, 1, s.text.length, ms, ms);
}

{
  const t0 = performance.now();
  let n = 0;
  for (let seed = 1; seed <= 600 * scale && !failed; seed++, n++) {
    const bad = firstDisagreement(generateCluster(seed, { endpoints: 4 + (seed % 20), policies: seed % 9 }));
    if (bad) {
      console.error(`engine vs reference, seed ${seed}: ${bad}`);
      failed = true;
    }
  }
  row('engine vs reference (designs)', n, 0, performance.now() - t0, 0);
}

for (const mb of [10, 50]) {
  const per = 3300; // ~1 MiB of generated YAML per 3,300 endpoints
  const text = `${toYaml(generateCluster(mb, { endpoints: per * mb, policies: 60 * mb }))}---\nkind: Pod\nmetadata: [broken\n`;
  const t0 = performance.now();
  const p = parseManifests([{ text, file: `${mb}mb.yaml` }]);
  const ms = performance.now() - t0;
  const ok = p.diagnostics.length === 1 && p.diagnostics[0]?.code === 'yaml-syntax';
  if (!ok) {
    console.error(
      `${mb} MB input: unexpected diagnostics ${p.diagnostics
        .slice(0, 3)
        .map((d) => d.code)
        .join(', ')}`,
    );
    failed = true;
  }
  row(`${mb} MB input (${p.model.endpoints.length} endpoints)`, 1, text.length, ms, ms);
  console.log(`${''.padEnd(34)} heap after: ${(process.memoryUsage().heapUsed / 1048576).toFixed(0)} MiB`);
}
console.log(failed ? 'FAILED' : 'all invariants held');
process.exit(failed ? 1 : 0);
