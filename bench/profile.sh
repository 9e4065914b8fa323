#!/usr/bin/env bash
# bench/profile.sh — where a request's time goes, for the floor server,
# GET /api/v1/health and an authenticated GET /api/v1/me. Not run by
# `make bench`; run it by hand after `make` when bench/run.sh shows a gap.
#
#   bench/profile.sh [perf|callgrind|syscalls]      (default perf)
#
#   perf       `perf record` on the server while wrk -t2 -c64 runs
#              PROFILE_SECONDS (default 4); prints the server's CPU time
#              per request split by library and the top functions, in µs.
#              Needs perf and permission to profile (root or
#              kernel.perf_event_paranoid ≤ 1).
#   callgrind  the server under valgrind --tool=callgrind while wrk
#              (-c16) runs PROFILE_SECONDS (default 10): instructions per
#              request, inclusive, for the functions that cost the most.
#              Deterministic, so good for before/after comparisons of a
#              change; blind to the kernel and to lock contention.
#   syscalls   system calls per request by name (perf stat on the
#              syscalls:sys_enter_* tracepoints).
#
# Output files stay in build/bench/profile/.
set -euo pipefail
cd "$(dirname "$0")/.."

MODE=${1:-perf}
ZHIFA_BIN=${ZHIFA_BIN:-build/zhifa}
THREADS=${BENCH_THREADS:-2}
PASSWORD=bench-pass-2026
OUT=build/bench/profile
case "$MODE" in
  perf|syscalls) SECS=${PROFILE_SECONDS:-4} ;;
  callgrind) SECS=${PROFILE_SECONDS:-10} ;;
  *) echo "usage: bench/profile.sh [perf|callgrind|syscalls]" >&2; exit 2 ;;
esac

pids=""
cleanup(){ for p in $pids; do kill -TERM "$p" 2>/dev/null && wait "$p" 2>/dev/null; done; true; }
trap cleanup EXIT
die(){ echo "profile: $*" >&2; exit 1; }

free_port(){
  node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
}
wait_http(){
  for _ in $(seq 600); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null)" = 200 ] && return 0
    sleep 0.1
  done
  return 1
}

[ -x "$ZHIFA_BIN" ] || die "$ZHIFA_BIN is missing: run make first"
mkdir -p "$OUT"
cc -O2 -g -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -o "$OUT/floor" bench/floor.c \
  $(pkg-config --cflags --libs libmicrohttpd)
rm -f "$OUT/profile.db"*
"$ZHIFA_BIN" demo --db "$OUT/profile.db" --password "$PASSWORD" >/dev/null 2>&1 || die "zhifa demo failed"

# launch NAME CMD…: starts a server in the background (under callgrind in
# that mode) and sets $pid.
launch(){
  local name=$1; shift
  if [ "$MODE" = callgrind ]; then
    valgrind --tool=callgrind --callgrind-out-file="$OUT/callgrind.$name.out" "$@" >"$OUT/$name.log" 2>&1 &
  else
    "$@" >"$OUT/$name.log" 2>&1 &
  fi
  pid=$!
  pids="$pids $pid"
}

floor_port=$(free_port)
launch floor "$OUT/floor" "$floor_port" "$THREADS"; floor_pid=$pid
zhifa_port=$(free_port)
while [ "$zhifa_port" = "$floor_port" ]; do zhifa_port=$(free_port); done
launch zhifa "$ZHIFA_BIN" serve --db "$OUT/profile.db" --threads "$THREADS" \
  --listen "127.0.0.1:$zhifa_port"; zhifa_pid=$pid
wait_http "http://127.0.0.1:$floor_port/" || die "floor did not start"
wait_http "http://127.0.0.1:$zhifa_port/api/v1/health" || die "zhifa did not start"
token=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"username\":\"officer1\",\"password\":\"$PASSWORD\"}" "http://127.0.0.1:$zhifa_port/api/v1/session" \
  | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: zf_session=\([^;]*\);.*/\1/p')
[ -n "$token" ] || die "login failed"

# load URL [wrk options]: runs wrk, prints the number of requests completed.
load(){
  local url=$1; shift
  local conns=64; [ "$MODE" = callgrind ] && conns=16
  wrk -t2 -c$conns -d"${SECS}s" "$@" "$url" >"$OUT/wrk.txt" 2>&1 || { cat "$OUT/wrk.txt" >&2; die "wrk failed"; }
  grep -q 'Non-2xx' "$OUT/wrk.txt" && die "non-2xx answers: $(cat "$OUT/wrk.txt")"
  awk '/ requests in /{print $1}' "$OUT/wrk.txt"
}

targets="floor health me"
for t in $targets; do
  case $t in
    floor)  url="http://127.0.0.1:$floor_port/"; p=$floor_pid; hdr=(-H "X-Bench: 1") ;;
    health) url="http://127.0.0.1:$zhifa_port/api/v1/health"; p=$zhifa_pid; hdr=(-H "X-Bench: 1") ;;
    me)     url="http://127.0.0.1:$zhifa_port/api/v1/me"; p=$zhifa_pid; hdr=(-H "Cookie: zf_session=$token") ;;
  esac
  case "$MODE" in
  perf)
    perf record -q -F 1999 -p "$p" -o "$OUT/perf.$t.data" -- sleep $((SECS + 1)) 2>/dev/null & rec=$!
    sleep 0.5
    n=$(load "$url" "${hdr[@]}")
    wait $rec || true
    echo "== $t: $n requests; server CPU µs per request (perf, 1999 Hz)"
    perf report -i "$OUT/perf.$t.data" --sort dso --stdio -g none -F sample,dso 2>/dev/null \
      | awk -v n="$n" '!/^#/ && NF>=2 {tot += $1; printf "   %7.2f  %s\n", $1/1999*1e6/n, $2} END {printf "   %7.2f  total\n", tot/1999*1e6/n}'
    echo "   top functions:"
    perf report -i "$OUT/perf.$t.data" --sort dso,symbol --stdio -g none -F sample,dso,symbol 2>/dev/null \
      | awk '!/^#/ && NF>=3' | sort -k1 -nr | awk 'NR <= 15' \
      | awk -v n="$n" '{s=$1; d=$2; $1=$2=""; printf "   %7.2f  %-26s %s\n", s/1999*1e6/n, d, $0}'
    ;;
  syscalls)
    ev=$(ls /sys/kernel/tracing/events/syscalls 2>/dev/null | grep '^sys_enter_' \
         | grep -E 'fcntl|futex|sendmsg|sendto|recvfrom|epoll_wait|read$|write$|pread64|pwrite64|fsync|fdatasync|lseek|mmap|munmap|madvise|brk|newfstatat|accept4|close$|shutdown' \
         | sed 's/^/syscalls:/' | paste -sd, -)
    [ -n "$ev" ] || die "no syscall tracepoints (is tracefs mounted? are you root?)"
    perf stat -e "$ev" -p "$p" -o "$OUT/stat.$t.txt" -- sleep $((SECS + 1)) & rec=$!
    sleep 0.5
    n=$(load "$url" "${hdr[@]}")
    wait $rec || true
    echo "== $t: $n requests; system calls per request"
    awk -v n="$n" '/syscalls:/ {gsub(",", "", $1); if ($1+0 > 0) { sub("syscalls:sys_enter_", "", $2); tot += $1; printf "   %7.3f  %s\n", $1/n, $2 } }
                   END {printf "   %7.3f  total\n", tot/n}' "$OUT/stat.$t.txt"
    ;;
  callgrind)
    callgrind_control -z "$p" >/dev/null
    n=$(load "$url" "${hdr[@]}")
    callgrind_control -d "$t" "$p" >/dev/null
    sleep 1
    f=$(ls -t "$OUT"/callgrind.*.out.* | awk 'NR == 1')
    mv "$f" "$OUT/callgrind.$t.dump"
    echo "== $t: $n requests; instructions per request, inclusive (callgrind)"
    callgrind_annotate --inclusive=yes --auto=no --threshold=100 "$OUT/callgrind.$t.dump" 2>/dev/null \
      | awk -v n="$n" '
          /PROGRAM TOTALS/ { v = $1; gsub(",", "", v); printf "   %9.0f  all (user space)\n", v/n; next }
          /^ *[0-9,]+ \( *[0-9.]+%\) / {
            v = $1; gsub(",", "", v); sub(/^ *[0-9,]+ \( *[0-9.]+%\) +/, ""); sub(/ \[.*$/, ""); sub(/^[^:]*:/, "");
            if ($0 ~ /^(http|auth|db|json|session|health|floor|region|account|audit)_|json_dumps|json_pack|MHD_add_response_header|memset|calloc|inet_ntop|sqlite3_(step|reset)|crypto_generichash|vfprintf|snprintf/ \
                && !seen[$0]++ && c++ < 22) printf "   %9.0f  %s\n", v/n, $0 }'
    ;;
  esac
done
echo "(files in $OUT/)"
