#!/usr/bin/env bash
# `make test`: every check, in order, each counted; ends with one line
# "N passed, M failed". Checks that are not test runners (fmt, clippy, build, lint)
# count as one test each. Exit status is non-zero when anything failed.
set -uo pipefail
cd "$(dirname "$0")/../.."
source tests/scripts/env.sh
mkdir -p target/test-logs
passed=0
failed=0
failures=()

# One check: run the command, keep its log, count it as one pass or one failure.
check() {
  local name=$1; shift
  local log="target/test-logs/$name.log"
  printf '== %s\n' "$name"
  if "$@" >"$log" 2>&1; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1)); failures+=("$name")
    tail -n 40 "$log"
  fi
}

# A test runner: add the per-test counts it prints (cargo: "test result:" lines;
# node TAP: "# pass N" / "# fail N"); a runner that fails without counting one
# failure (it crashed or did not build) counts as one failure.
runner() {
  local name=$1 kind=$2; shift 2
  local log="target/test-logs/$name.log" status p f
  printf '== %s\n' "$name"
  "$@" >"$log" 2>&1
  status=$?
  if [ "$kind" = cargo ]; then
    p=$(grep -Eo 'test result: [a-zA-Z]+\. [0-9]+ passed' "$log" | grep -Eo '[0-9]+ passed' | awk '{s+=$1} END {print s+0}')
    f=$(grep -Eo '[0-9]+ failed;' "$log" | awk '{s+=$1} END {print s+0}')
  else
    p=$(grep -E '^# pass ' "$log" | awk '{s+=$3} END {print s+0}')
    f=$(grep -E '^# fail ' "$log" | awk '{s+=$3} END {print s+0}')
  fi
  if [ "$status" -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  passed=$((passed + p)); failed=$((failed + f))
  if [ "$f" -gt 0 ]; then failures+=("$name"); tail -n 60 "$log"; fi
  printf '   %s passed, %s failed\n' "$p" "$f"
}

check fmt cargo fmt --all -- --check
check clippy-host cargo clippy --all-targets -- -D warnings
check clippy-wasm cargo clippy --target wasm32-unknown-unknown --all-targets -- -D warnings
check clippy-js-composer cargo clippy --target wasm32-unknown-unknown --lib --features js-composer -- -D warnings
runner cargo-test cargo cargo test
runner wasm-browser-test cargo cargo test --target wasm32-unknown-unknown --test web
check build bash tests/scripts/build.sh
check web-ext-lint bash tests/scripts/web-ext-lint.sh
check settings-doc node tests/scripts/settings-doc.mjs --check
runner e2e node node --test --test-reporter=tap --test-concurrency=1 tests/e2e/

echo
[ ${#failures[@]} -gt 0 ] && echo "failed: ${failures[*]} (logs in target/test-logs/)"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
