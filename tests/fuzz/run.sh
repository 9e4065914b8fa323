#!/bin/sh
# tests/fuzz/run.sh — build and run the libFuzzer harnesses of tests/fuzz/.
#
#   tests/fuzz/run.sh            fuzz each harness for FUZZ_SECONDS (default 60)
#   tests/fuzz/run.sh replay     run every committed input once: the seed
#                                corpus and every past finding under
#                                tests/fuzz/crashes/ (`make test` does this)
#
# Needs build/gen/{sql,ref,web}.c (make generates them). Harnesses: every
# tests/fuzz/fuzz_<name>.c; its seeds are tests/fuzz/corpus/<name>/, its
# dictionary tests/fuzz/fuzz_<name>.dict when present, its regressions
# tests/fuzz/crashes/<name>/.
#
# Fuzzing builds with clang -fsanitize=fuzzer,address,undefined into
# build/fuzz/libfuzzer/<name> and works on a copy of the seeds in build/fuzz/corpus-<name>/
# (kept between runs, so the committed corpus is never written to). A crash
# — a sanitizer report, or a harness abort on a 5xx or a malformed answer —
# is written to build/fuzz/artifacts/<name>/ and the run exits non-zero,
# naming the file. To keep a finding: minimise it
#   build/fuzz/libfuzzer/<name> -minimize_crash=1 -runs=10000 CRASH_FILE
# and copy the result to tests/fuzz/crashes/<name>/ with a name that says
# what it shows; replay then checks it on every `make test`.
#
# Replay builds the same harnesses with $CC (default cc, no clang needed)
# and ASan/UBSan into build/fuzz/replay/<name>, against tests/fuzz/replay_main.c, runs the seeds of each
# harness in one process and each regression file in a process of its own,
# and exits non-zero if any of them fails.
#
# Environment: FUZZ_SECONDS (per harness), FUZZ_HARNESSES (a subset, e.g.
# "request"), FUZZ_FLAGS (extra libFuzzer options, e.g. "-jobs=2
# -workers=2"), FUZZ_TOLERATE (known bug classes the harnesses let pass
# while fuzzing: "unrendered-error,utf8-error"; see the harness headers),
# CC (replay compiler).
set -eu
cd "$(dirname "$0")/../.."

MODE=${1:-fuzz}
FUZZ_SECONDS=${FUZZ_SECONDS:-60}
FUZZ_FLAGS=${FUZZ_FLAGS:-}
OUT=build/fuzz
# the same libraries as the Makefile's PKGS (read from it, so they never drift)
PKGS=$(sed -n 's/^PKGS *:= *//p' Makefile)
HARNESSES=${FUZZ_HARNESSES:-$(ls tests/fuzz/fuzz_*.c | sed 's|tests/fuzz/fuzz_\(.*\)\.c|\1|')}
LIBSRC=$(ls src/*.c src/core/*.c | grep -v '^src/main\.c$')
GEN="build/gen/sql.c build/gen/ref.c build/gen/web.c"

for f in $GEN; do
  [ -f "$f" ] || { echo "fuzz: $f is missing (make build/gen/sql.c build/gen/ref.c build/gen/web.c)" >&2; exit 1; }
done

# Signing in from the harness needs http_dispatch_test_as() in src/core/http.h.
DEFS=""
if grep -q 'http_dispatch_test_as' src/core/http.h; then DEFS="-DZF_HAVE_DISPATCH_AS"; fi

# build FLAVOUR COMPILER FLAGS…: compiles the library sources once into
# $OUT/FLAVOUR/obj and links one binary per harness, $OUT/FLAVOUR/<name>.
# For libFuzzer the objects get -fsanitize=fuzzer-no-link and only the
# link gets -fsanitize=fuzzer (one main(), from libFuzzer).
build(){
  flavour=$1; compiler=$2; shift 2
  dir=$OUT/$flavour
  mkdir -p "$dir/obj"
  common="-g -O1 -fno-omit-frame-pointer -std=c11 -D_GNU_SOURCE -Isrc $DEFS $(pkg-config --cflags $PKGS)"
  if [ "$flavour" = libfuzzer ]; then
    objflags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=undefined"
    linkflags="-fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined"
  else
    objflags="-fsanitize=address,undefined -fno-sanitize-recover=undefined"
    linkflags="$objflags"
  fi
  objs=""
  for src in $LIBSRC $GEN; do
    obj="$dir/obj/$(echo "$src" | tr / _ | sed 's/\.c$/.o/')"
    if [ ! -f "$obj" ] || [ "$src" -nt "$obj" ] || [ -n "$(find src -name '*.h' -newer "$obj" | head -1)" ]; then
      # shellcheck disable=SC2086
      "$compiler" $common $objflags -w -c -o "$obj" "$src"
    fi
    objs="$objs $obj"
  done
  extra=""
  [ "$flavour" = replay ] && extra=tests/fuzz/replay_main.c
  for h in $HARNESSES; do
    # shellcheck disable=SC2086
    "$compiler" $common $linkflags -o "$dir/$h" "tests/fuzz/fuzz_$h.c" $extra $objs \
      $(pkg-config --libs $PKGS) -lcsv -lpthread -lm
  done
}

# ---- replay --------------------------------------------------------------

if [ "$MODE" = replay ]; then
  CC=${CC:-cc}
  build replay "$CC"
  failed=""
  for h in $HARNESSES; do
    log=$OUT/replay/$h.log
    seeds=$(find "tests/fuzz/corpus/$h" -type f 2>/dev/null | sort)
    if [ -n "$seeds" ]; then
      # shellcheck disable=SC2086
      if "$OUT/replay/$h" $seeds >"$log" 2>&1; then
        echo "fuzz replay: $h: $(echo "$seeds" | wc -l) seed(s) ok"
      else
        tail -40 "$log" >&2
        failed="$failed $h:seeds"
      fi
    fi
    for f in $(find "tests/fuzz/crashes/$h" -type f 2>/dev/null | sort); do
      if "$OUT/replay/$h" "$f" >"$log" 2>&1; then
        echo "fuzz replay: $h: $f ok"
      else
        tail -40 "$log" >&2
        echo "fuzz replay: $h: $f FAILS (see above)" >&2
        failed="$failed $f"
      fi
    done
  done
  if [ -n "$failed" ]; then
    echo "fuzz replay: failing:$failed" >&2
    exit 1
  fi
  exit 0
fi

[ "$MODE" = fuzz ] || { echo "usage: tests/fuzz/run.sh [replay]" >&2; exit 2; }

# ---- fuzz ------------------------------------------------------------------

command -v clang >/dev/null 2>&1 || { echo "fuzz: clang is not installed (scripts/deps.sh fuzz)" >&2; exit 1; }
build libfuzzer clang
crashes=""
for h in $HARNESSES; do
  corpus=$OUT/corpus-$h
  artifacts=$OUT/artifacts/$h/
  mkdir -p "$corpus" "$artifacts"
  [ -d "tests/fuzz/corpus/$h" ] && cp -n "tests/fuzz/corpus/$h"/* "$corpus"/ 2>/dev/null || true
  dict=""
  [ -f "tests/fuzz/fuzz_$h.dict" ] && dict="-dict=tests/fuzz/fuzz_$h.dict"
  echo "fuzz: $h for ${FUZZ_SECONDS}s (corpus $corpus)"
  before=$(ls "$artifacts" | wc -l)
  # shellcheck disable=SC2086
  if "$OUT/libfuzzer/$h" -max_total_time="$FUZZ_SECONDS" -timeout=60 -rss_limit_mb=4096 \
       -max_len=4096 -print_final_stats=1 -artifact_prefix="$artifacts" $dict $FUZZ_FLAGS \
       "$corpus" >"$OUT/$h.log" 2>&1; then
    grep -E '^(stat::number_of_executed_units|stat::average_exec_per_sec|stat::new_units_added|stat::peak_rss_mb)|DONE ' \
      "$OUT/$h.log" | sed 's/^/  /'
  else
    tail -60 "$OUT/$h.log" >&2
    echo "fuzz: $h failed (log: $OUT/$h.log)" >&2
    [ "$(ls "$artifacts" | wc -l)" -gt "$before" ] || crashes="$crashes $OUT/$h.log"
  fi
  if [ "$(ls "$artifacts" | wc -l)" -gt "$before" ]; then
    crashes="$crashes $artifacts$(ls -t "$artifacts" | head -1)"
  fi
done
if [ -n "$crashes" ]; then
  echo "fuzz: findings:$crashes" >&2
  echo "fuzz: minimise with build/fuzz/libfuzzer/<name> -minimize_crash=1 -runs=10000 FILE," >&2
  echo "      then keep it in tests/fuzz/crashes/<name>/ so that every make test replays it" >&2
  exit 1
fi
echo "fuzz: no findings (full logs in $OUT/<name>.log)"
