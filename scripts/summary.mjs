// Sums the suites' JSON reports into the closing line "N passed, N failed".
import { existsSync, readFileSync } from 'node:fs';

const typecheckFailed = Number(process.argv[2] ?? 0);
let passed = 0;
let failed = typecheckFailed;
const parts = [];

if (existsSync('.reports/unit.json')) {
  const u = JSON.parse(readFileSync('.reports/unit.json', 'utf8'));
  passed += u.numPassedTests;
  failed += u.numFailedTests;
  parts.push(`unit+conformance: ${u.numPassedTests} passed, ${u.numFailedTests} failed`);
} else {
  failed += 1;
  parts.push('unit+conformance: no report (runner crashed?)');
}
if (process.env.SKIP_E2E !== '1') {
  if (existsSync('.reports/e2e.json')) {
    const e = JSON.parse(readFileSync('.reports/e2e.json', 'utf8'));
    const ok = (e.stats?.expected ?? 0) + (e.stats?.flaky ?? 0);
    const bad = e.stats?.unexpected ?? 0;
    passed += ok;
    failed += bad;
    parts.push(`e2e: ${ok} passed, ${bad} failed`);
  } else {
    failed += 1;
    parts.push('e2e: no report (runner crashed?)');
  }
}
for (const p of parts) console.log(p);
if (passed === 0) failed += 1; // a run that tested nothing is a failure
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
