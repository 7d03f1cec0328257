#!/usr/bin/env bash
# Makes sure the end-to-end tests have a Chromium before any test runs (npm test calls it).
# Found: prints its path. Missing: as root with apt, installs Debian's chromium; otherwise stops
# at once with the one command to run (instead of forty failing browser tests).
# NETPOL_NO_INSTALL=1 never installs (tests of this script use it).
set -u
if [ "${PLAYWRIGHT_CHROMIUM:-}" = "bundled" ]; then
  if ls "${PLAYWRIGHT_BROWSERS_PATH:-$HOME/.cache/ms-playwright}"/chromium*-*/ >/dev/null 2>&1; then
    echo "chromium: Playwright's own browser"; exit 0
  fi
  echo "PLAYWRIGHT_CHROMIUM=bundled but Playwright's browser is not installed. Run:"
  echo "  npx playwright install chromium"
  exit 1
fi
if [ -n "${PLAYWRIGHT_CHROMIUM:-}" ]; then
  if [ -x "$PLAYWRIGHT_CHROMIUM" ]; then echo "chromium: $PLAYWRIGHT_CHROMIUM"; exit 0; fi
  echo "PLAYWRIGHT_CHROMIUM=$PLAYWRIGHT_CHROMIUM is not an executable file. Point it at Chrome or Chromium, or unset it."
  exit 1
fi
# the places playwright.config.ts looks (CHROMIUM_CANDIDATES overrides them for tests)
for c in ${CHROMIUM_CANDIDATES:-/usr/bin/chromium /usr/bin/chromium-browser /usr/bin/google-chrome}; do
  if [ -x "$c" ]; then echo "chromium: $c"; exit 0; fi
done
if [ "${NETPOL_NO_INSTALL:-}" != "1" ] && [ "$(id -u)" = "0" ] && command -v apt-get >/dev/null 2>&1; then
  echo "== no Chromium found: installing Debian's chromium (apt-get, as root)"
  if (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/tmp/netpol-apt.log 2>&1 \
    && [ -x /usr/bin/chromium ]; then
    echo "chromium: /usr/bin/chromium"; exit 0
  fi
  tail -5 /tmp/netpol-apt.log
fi
echo "No Chromium for the end-to-end tests. Run this one command, then npm test again:"
if command -v apt-get >/dev/null 2>&1; then
  echo "  sudo apt-get install -y chromium"
else
  echo "  npx playwright install chromium && export PLAYWRIGHT_CHROMIUM=bundled"
fi
echo "(or SKIP_E2E=1 npm test to run everything but the browser tests)"
exit 1
