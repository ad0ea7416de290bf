#!/usr/bin/env bash
# `npm test`: every test of the station. Static checks (typecheck, lint, Electron security
# scan), then the renderer/Electron build, then vitest (unit, integration over real ptys,
# sockets and SQLite files, and end-to-end in headless Debian Chromium). Ends with one line
# `N passed, N failed` counting every test and check.
set -uo pipefail
cd "$(dirname "$0")/.."
bash scripts/system-deps.sh || { echo "could not install system packages"; echo "0 passed, 1 failed"; exit 1; }
mkdir -p test-results
passed=0; failed=0
check() {
  local name=$1; shift
  echo "== $name"
  if "$@"; then passed=$((passed + 1)); else failed=$((failed + 1)); echo "!! $name FAILED"; fi
}
check typecheck npm run -s typecheck
check lint npm run -s lint
check electronegativity node scripts/electronegativity.mjs
check build node scripts/build.mjs

echo "== vitest"
npx vitest run --reporter=default --reporter=json --outputFile.json=test-results/vitest.json "$@"
vitest_rc=$?
read -r vp vf < <(node -e "
  try { const r = require('./test-results/vitest.json'); console.log(r.numPassedTests, r.numFailedTests + (r.numRuntimeErrorTestSuites ?? 0) + (r.numFailedTestSuites && r.numFailedTests === 0 ? r.numFailedTestSuites : 0)); }
  catch { console.log('0 1'); }")
passed=$((passed + vp)); failed=$((failed + vf))
[ "$vitest_rc" -ne 0 ] && [ "$vf" -eq 0 ] && failed=$((failed + 1))
echo
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
