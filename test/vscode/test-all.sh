#!/usr/bin/env bash
# All tests that need a real VS Code, in order: setup (idempotent) → build the suite → runner self-test
# (a deliberately failing test must fail the run) → integration suite in the extension host → UI tests
# with the packaged VSIX. Prints each runner's summary and one closing line; writes
# artifacts/vscode-summary.json ({passed, failed, seconds}) for scripts/test.mjs. Exit 0 only if all passed.
#   LAYERWISE_SKIP_E2E=1        skip the UI phase (reported as such, counted as a failure)
#   LAYERWISE_SKIP_SELFTEST=1   skip the runner self-test
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
ROOT=$PWD
T0=$SECONDS
mkdir -p artifacts
LOGS=$(mktemp -d "${TMPDIR:-/tmp}/layerwise-vscode-logs.XXXX")
passed=0; failed=0; problems=()

summary() {
  local seconds=$((SECONDS - T0))
  printf '{ "passed": %d, "failed": %d, "seconds": %d }\n' "$passed" "$failed" "$seconds" >artifacts/vscode-summary.json
  if [ ${#problems[@]} -eq 0 ]; then
    echo "[vscode-tests] PASSED: $passed passed, 0 failed in ${seconds}s"
    exit 0
  fi
  echo "[vscode-tests] FAILED (${problems[*]}): $passed passed, $failed failed in ${seconds}s (logs: $LOGS)"
  exit 1
}
fatal() { problems+=("$1"); failed=$((failed + 1)); echo "[vscode-tests] $2"; summary; }

# mocha's "N passing" / "N failing" lines (and the UI runner's, which prints the same words)
count() { grep -Eo "^ *[0-9]+ $2" "$1" | tail -1 | grep -Eo '[0-9]+' || echo 0; }

# this run's own copy of the compiled suite (inside the repo, so `mocha` resolves from node_modules)
TESTS_OUT="out/integration-run-$$"
trap 'rm -rf "$TESTS_OUT" "$LOGS/unpacked" "$LOGS/layerwise.vsix"' EXIT # logs stay for reading

bash test/vscode/setup.sh || fatal setup "cannot install the VS Code test tools (see the line above)"
# One snapshot of what ships, used by every phase: the VSIX (production build) and its unpacked folder.
# The working tree's dist/ may be rebuilt by someone else while the tests run; the snapshot cannot.
echo "=== packaging the VSIX (npm run package)"
node scripts/package.mjs >"$LOGS/package.log" 2>&1 && cp layerwise.vsix "$LOGS/layerwise.vsix" \
  || { tail -20 "$LOGS/package.log"; fatal package "npm run package did not make layerwise.vsix"; }
EXTENSION=$(node test/vscode/unpack-vsix.mjs "$LOGS/layerwise.vsix" "$LOGS/unpacked") \
  || fatal package "the VSIX does not install into VS Code"
echo "$(du -k "$LOGS/layerwise.vsix" | cut -f1) KiB VSIX, unpacked to $EXTENSION"
node test/vscode/build-tests.mjs --out "$TESTS_OUT" || fatal build-tests "the integration suite does not compile"

# The runner must never pass silently: a failing test and a dead extension host must both fail the run.
selftest() { # canary, what must show in the log
  local log="$LOGS/selftest-$1.log" rc
  node test/vscode/run.mjs --tests "$TESTS_OUT/index.js" --extension test/vscode/noop-extension --env LAYERWISE_TEST_FILES=smoke \
    --env "LAYERWISE_TEST_CANARY=$1" --timeout 180 >"$log" 2>&1
  rc=$?
  if [ $rc -ne 0 ] && grep -q "$2" "$log"; then
    echo "runner self-test ($1): ok, exit $rc"; passed=$((passed + 1))
  else
    tail -40 "$log"
    problems+=("selftest-$1"); failed=$((failed + 1)); echo "runner self-test ($1): FAILED (exit $rc; expected a failure with: $2)"
  fi
}
if [ "${LAYERWISE_SKIP_SELFTEST:-}" != 1 ]; then
  echo "=== runner self-test: a deliberately failing test, then a killed extension host, must fail the run"
  selftest fail 'FAILED: [0-9]* passed, 1 failed'
  selftest crash "without the suite's result line"
fi

run_suite() { # label, log name, run.mjs arguments...
  local label=$1 name=$2 log="$LOGS/$2.log"; shift 2
  echo "=== $label"
  node test/vscode/run.mjs --tests "$TESTS_OUT/index.js" "$@" 2>&1 | tee "$log"
  local rc=${PIPESTATUS[0]} p f
  p=$(count "$log" passing); f=$(count "$log" failing); k=$(count "$log" pending)
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$k" -gt 0 ]; then # mocha's skipped tests: not a pass, counted as failures like scripts/test.mjs does
    echo "[vscode-tests] $name: $k pending (skipped) test(s) counted as failures"; failed=$((failed + k)); problems+=("$name-pending")
  fi
  if [ "$rc" -ne 0 ] || [ "$p" -eq 0 ]; then
    problems+=("$name")
    [ "$f" -eq 0 ] && failed=$((failed + 1)) # the run broke before mocha could count: still a failure
  fi
}

# Docker-backed tests (layer sizes from the last build, the size panel) need the private daemon and images.
DOCKER_ENV=()
echo "=== private Docker daemon and panel images"
if bash test/e2e/panel-images.sh; then
  DOCKER_ENV=(--env LAYERWISE_TEST_DOCKER=1)
else
  problems+=(docker-images); failed=$((failed + 1))
fi

# with a second Docker language server installed: Layerwise must work beside it (coexistence.test.ts)
run_suite "integration suite (trust disabled, another Docker extension installed)" integration --extension "$EXTENSION" \
  --extra-extension test/fixtures/extensions/other-docker --env LAYERWISE_TEST_OTHER_DOCKER=1 "${DOCKER_ENV[@]}"
run_suite "integration suite (Workspace Trust on, folder untrusted)" integration-untrusted --extension "$EXTENSION" --trust \
  --env 'LAYERWISE_TEST_FILES=smoke,untrusted*' "${DOCKER_ENV[@]}"

if [ "${LAYERWISE_SKIP_E2E:-}" = 1 ]; then
  problems+=(e2e-skipped); failed=$((failed + 1)); echo "=== UI tests skipped by LAYERWISE_SKIP_E2E=1 (counted as a failure)"
else
  echo "=== UI tests (Playwright, VSIX installed)"
  node test/e2e/ui.mjs --vsix "$LOGS/layerwise.vsix" 2>&1 | tee "$LOGS/e2e.log"
  rc=${PIPESTATUS[0]}
  p=$(count "$LOGS/e2e.log" passing); f=$(count "$LOGS/e2e.log" failing)
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$rc" -ne 0 ] || [ "$p" -eq 0 ]; then problems+=(e2e); [ "$f" -eq 0 ] && failed=$((failed + 1)); fi
fi
summary
