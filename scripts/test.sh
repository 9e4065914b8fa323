#!/bin/sh
# test.sh — run every suite against the sanitizer build and print one
# closing line "N passed, N failed". Called by `make test` after the build.
#
# Suites: code-shape checks (scripts/check-storage.sh), cmocka unit tests (build/asan/tests/*), fuzz-corpus replay
# (tests/fuzz/run.sh replay), API tests (node:test, tests/api/), browser
# tests (playwright-core + Debian's chromium, tests/e2e/).
set -u
cd "$(dirname "$0")/.."
export ZHIFA_BIN="${ZHIFA_BIN:-build/asan/zhifa}"
export ASAN_OPTIONS="${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=0}"
export LSAN_OPTIONS="${LSAN_OPTIONS:-suppressions=$(pwd)/tests/lsan.supp}"
export UBSAN_OPTIONS="${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}"
passed=0
failed=0
log=build/test-logs
rm -rf "$log"; mkdir -p "$log"

count() { # $1 = label, $2 = passed, $3 = failed
  passed=$((passed + $2)); failed=$((failed + $3))
  printf '%-28s %4d passed, %4d failed\n' "$1" "$2" "$3"
}

# ---- code-shape checks ----
# only core/db speaks to SQLite (scripts/check-storage.sh)
if scripts/check-storage.sh > "$log/check-storage.log" 2>&1; then
  count "check: storage boundary" 1 0
else
  sed 's/^/    /' "$log/check-storage.log" | tail -40
  count "check: storage boundary" 0 1
fi

# ---- unit tests (cmocka) ----
for t in build/asan/tests/test_*; do
  [ -x "$t" ] || continue
  name=$(basename "$t")
  "$t" > "$log/$name.log" 2>&1
  rc=$?
  p=$(sed -n 's/^\[  PASSED  \] \([0-9]*\) test.*/\1/p' "$log/$name.log" | tail -1)
  f=$(sed -n 's/^\[  FAILED  \] \([0-9]*\) test.*/\1/p' "$log/$name.log" | tail -1)
  p=${p:-0}; f=${f:-0}
  # a sanitizer report or crash after the tests counts as a failure
  if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  [ "$f" -ne 0 ] && sed 's/^/    /' "$log/$name.log" | tail -40
  count "unit: $name" "$p" "$f"
done

# ---- fuzz corpus replay ----
if [ -x tests/fuzz/run.sh ]; then
  if tests/fuzz/run.sh replay > "$log/fuzz-replay.log" 2>&1; then
    count "fuzz replay" 1 0
  else
    sed 's/^/    /' "$log/fuzz-replay.log" | tail -40
    count "fuzz replay" 0 1
  fi
fi

# ---- node:test suites ----
node_suite() { # $1 = label, $2 = dir
  ls "$2"/*.test.mjs >/dev/null 2>&1 || return 0
  node --test --test-reporter=tap "$2"/ > "$log/$1.tap" 2>&1
  rc=$?
  p=$(sed -n 's/^# pass \([0-9]*\)/\1/p' "$log/$1.tap" | tail -1)
  f=$(sed -n 's/^# fail \([0-9]*\)/\1/p' "$log/$1.tap" | tail -1)
  p=${p:-0}; f=${f:-0}
  if [ $rc -ne 0 ] && [ "$f" -eq 0 ]; then f=1; fi
  if [ "$f" -ne 0 ]; then
    grep -n -B2 -A25 '^not ok\|^    not ok\|^        not ok' "$log/$1.tap" | head -120 | sed 's/^/    /'
  fi
  count "$1" "$p" "$f"
}
node_suite api tests/api
node_suite e2e tests/e2e

echo "logs in $log/"
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
