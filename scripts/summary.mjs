// Sums the suites' JSON reports into the closing line "N passed, N failed".
import { existsSync, readFileSync } from 'node:fs';

const typecheckFailed = Number(process.argv[2] ?? 0);
const unitRc = Number(process.argv[3] ?? 0);
const e2eRc = Number(process.argv[4] ?? 0);
let passed = 0;
let failed = typecheckFailed;
const parts = [];

if (existsSync('.reports/unit.json')) {
  const u = JSON.parse(readFileSync('.reports/unit.json', 'utf8'));
  passed += u.numPassedTests;
  failed += u.numFailedTests;
  // a runner that exits non-zero without a failing test (crash, no tests) still failed
  if (unitRc !== 0 && u.numFailedTests === 0) failed += 1;
  if (u.numTotalTests === 0) failed += 1;
  parts.push(
    `unit+conformance: ${u.numPassedTests} passed, ${u.numFailedTests} failed${unitRc !== 0 && u.numFailedTests === 0 ? ' (runner exited non-zero)' : ''}`,
  );
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
    const ran = ok + bad + (e.stats?.skipped ?? 0);
    if (ran === 0) failed += 1;
    else if (e2eRc !== 0 && bad === 0) failed += 1;
    parts.push(
      `e2e: ${ok} passed, ${bad} failed${ran === 0 ? ' (no test ran: see the errors above)' : e2eRc !== 0 && bad === 0 ? ' (runner exited non-zero)' : ''}`,
    );
  } else {
    failed += 1;
    parts.push('e2e: no report (runner crashed?)');
  }
}
for (const p of parts) console.log(p);
if (passed === 0) failed += 1; // a run that tested nothing is a failure
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 ? 1 : 0);
