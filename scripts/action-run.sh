#!/usr/bin/env bash
# The action's checks (action.yml runs this): test, lint, diff against the base ref; each
# report in Markdown appended to the job summary; exit 1 when a chosen fail level is reached.
# Inputs come as NETPOL_* variables (see action.yml); runs from the repository being checked.
set -uo pipefail
bin=${NETPOL_BIN:?NETPOL_BIN: path of the netpol-studio bin}
summary=${GITHUB_STEP_SUMMARY:-/dev/stdout}
read -r -a manifests <<<"${NETPOL_MANIFESTS:?NETPOL_MANIFESTS: manifest files or directories}"
read -r -a expects <<<"${NETPOL_EXPECT:-}"
fail_on=${NETPOL_FAIL_ON:-error}
status=0
np() { node "$bin" "$@"; local rc=$?; echo >>"$summary"; return $rc; }
fail() { echo "::error::$1"; status=1; }

echo "# netpol-studio" >>"$summary"
if [ "${#expects[@]}" -gt 0 ]; then
  np test "${expects[@]}" --format md >>"$summary"
  case $? in 0) ;; 1) fail "expected verdicts do not hold" ;; *) fail "netpol-studio test could not read its input" ;; esac
fi

case $fail_on in error | warning) lint_flags=(--fail-on "$fail_on") ;; none) lint_flags=() ;; *)
  echo "::error::fail-on must be error, warning or none, not $fail_on"; exit 2 ;; esac
np lint "${manifests[@]}" --format md "${lint_flags[@]}" >>"$summary"
rc=$?
if [ $rc = 2 ]; then fail "netpol-studio lint could not read every manifest"
elif [ $rc = 1 ] && [ "$fail_on" != none ]; then fail "lint findings at $fail_on level or above"; fi

if [ -n "${NETPOL_BASE_REF:-}" ]; then
  before=$(mktemp -d)
  # the same paths as they are on the base branch (absent there: an empty design)
  for m in "${manifests[@]}"; do
    mkdir -p "$before/$(dirname "$m")"
    git archive "$NETPOL_BASE_REF" -- "$m" 2>/dev/null | tar -x -C "$before" 2>/dev/null || true
  done
  olds=()
  for m in "${manifests[@]}"; do if [ -e "$before/$m" ]; then olds+=("$before/$m"); fi; done
  [ "${#olds[@]}" -gt 0 ] || olds=("$before")
  diff_flags=()
  [ "${NETPOL_FAIL_ON_CHANGE:-false}" = true ] && diff_flags=(--fail-on-change)
  np diff "${olds[@]}" --against "${manifests[@]}" --format md "${diff_flags[@]}" >>"$summary"
  case $? in 0) ;; 1) fail "reachability changed (fail-on-change)" ;; *) fail "netpol-studio diff could not read every manifest" ;; esac
fi
exit $status
