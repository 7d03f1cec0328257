#!/usr/bin/env bash
# Every test of the project: typecheck, lint, unit + conformance (Vitest), e2e (Playwright).
# Last line: "N passed, N failed" summed over all suites.
set -u
cd "$(dirname "$0")/.."
mkdir -p .reports
rm -f .reports/unit.json .reports/e2e.json
status=0

# before anything else: no Chromium means stopping now with the command to run, not 40 failures
if [ "${SKIP_E2E:-}" != "1" ]; then
  if ! bash scripts/ensure-chromium.sh; then
    echo "0 passed, 1 failed"
    exit 1
  fi
fi

echo "== typecheck"
if npx tsc -p tsconfig.json --noEmit && npx tsc -p tsconfig.core.json --noEmit; then
  echo "typecheck ok"; tc_fail=0
else
  echo "typecheck FAILED"; tc_fail=1; status=1
fi

echo "== lint (eslint + prettier)"
if npm run --silent lint; then
  echo "lint ok"; lint_fail=0
else
  echo "lint FAILED"; lint_fail=1; status=1
fi

echo "== unit and conformance tests (vitest)"
npx vitest run --reporter=default --reporter=json --outputFile.json=.reports/unit.json
unit_rc=$?
[ "$unit_rc" = 0 ] || status=1

if [ "${SKIP_E2E:-}" = "1" ]; then
  echo "== e2e skipped (SKIP_E2E=1)"
else
  echo "== e2e tests (playwright, chromium)"
  npx playwright test
  e2e_rc=$?
  [ "$e2e_rc" = 0 ] || status=1
fi

node scripts/summary.mjs "$((tc_fail + lint_fail))" "${unit_rc:-0}" "${e2e_rc:-0}" || status=1
exit $status
