#!/usr/bin/env bash
# bench/run.sh — zhifa's benchmark (`make bench`, after build/zhifa is built).
#
# Measures, in one run on this machine:
#   1. req/s, p50/p99 latency (wrk -t2 -c64 --latency, BENCH_SECONDS each)
#      and the server's CPU time per request on: the floor server
#      (bench/floor.c: libmicrohttpd with zhifa's daemon flags answering a
#      fixed small body); the same floor "shaped" like zhifa's /me answer
#      (its eight headers and a body of the same size, for reference);
#      GET /api/v1/health; and an authenticated GET /api/v1/me (officer1's
#      session cookie). Runs are interleaved — floor, shaped, health, me,
#      floor, … floor — so that machine noise hits all of them alike; the
#      floor figure is the mean of its runs and every other figure is also
#      given as a ratio to it;
#   2. the server's resident memory (VmRSS from /proc) before, midway and
#      after BENCH_MILLION more authenticated /me requests.
#
# Knobs (environment):
#   BENCH_SECONDS   length of each wrk run                  (default 10)
#   BENCH_ROUNDS    floor/health/me rounds                  (default 3)
#   BENCH_MILLION   requests of the memory test             (default 1000000)
#   BENCH_THREADS   server threads (zhifa --threads, floor) (default 2)
#   ZHIFA_BIN       binary under test                       (default build/zhifa)
# A quick run: BENCH_SECONDS=2 BENCH_ROUNDS=1 BENCH_MILLION=50000 bench/run.sh
#
# Figures are reported, not asserted: the exit status is non-zero only when
# something failed to run (a server did not start, login failed, wrk
# failed, or zhifa answered anything but 2xx during a run). The full output
# is also written to build/bench/results.txt, wrk's own output to
# build/bench/wrk-*.txt and the server's log to build/bench/zhifa.log.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_SECONDS=${BENCH_SECONDS:-10}
BENCH_ROUNDS=${BENCH_ROUNDS:-3}
BENCH_MILLION=${BENCH_MILLION:-1000000}
BENCH_THREADS=${BENCH_THREADS:-2}
ZHIFA_BIN=${ZHIFA_BIN:-build/zhifa}
CONNS=64
WRK_THREADS=2
RSS_LIMIT_KB=51200              # 50 MiB: the acceptance limit after 1M requests
RSS_MAX_SECONDS=180             # give up on the memory test after this long
PASSWORD=bench-pass-2026
OUT=build/bench

zhifa_pid=""
floor_pid=""
shaped_pid=""
failed=0

# ---- helpers ------------------------------------------------------------

die(){ echo "bench: $*" >&2; exit 1; }

cleanup(){
  for pid in $zhifa_pid $floor_pid $shaped_pid; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A TCP port nobody listens on (asks the kernel through node or python).
free_port(){
  if command -v node >/dev/null 2>&1; then
    node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
  elif command -v python3 >/dev/null 2>&1; then
    python3 -c 'import socket;s=socket.socket();s.bind(("127.0.0.1",0));print(s.getsockname()[1])'
  else
    echo $(( 20000 + $$ % 20000 ))
  fi
}

# wait_http URL PID: polls URL until it answers 200 (20 s at most).
wait_http(){
  i=0
  while [ $i -lt 200 ]; do
    kill -0 "$2" 2>/dev/null || return 1
    if [ "$(curl -s -o /dev/null -w '%{http_code}' "$1" 2>/dev/null)" = 200 ]; then return 0; fi
    sleep 0.1
    i=$((i + 1))
  done
  return 1
}

# rss_kb PID [FIELD]: VmRSS (or FIELD, e.g. VmHWM) of PID in kB.
rss_kb(){ awk -v f="${2:-VmRSS}:" '$1==f {print $2}' "/proc/$1/status"; }

mb(){ awk -v k="$1" 'BEGIN{printf "%.1f", k/1024}'; }

# wrk_field FILE FIELD: one figure out of wrk's --latency output.
#   rps, requests, non2xx, errors (socket errors, summed), p50, p99 (in ms).
wrk_field(){
  awk -v want="$2" '
    function ms(v){ if (v ~ /us$/) return v/1000; if (v ~ /ms$/) return v+0;
                    if (v ~ /m$/) return v*60000; if (v ~ /s$/) return v*1000; return v+0 }
    /^Requests\/sec:/            { rps = $2 }
    / requests in /              { req = $1 }
    /Non-2xx or 3xx responses:/  { non = $NF }
    /Socket errors:/             { gsub(/,/, ""); err = $4 + $6 + $8 + $10 }
    $1 == "50%"                  { p50 = ms($2) }
    $1 == "99%"                  { p99 = ms($2) }
    END {
      if (want == "rps") print rps + 0;        else if (want == "requests") print req + 0;
      else if (want == "non2xx") print non + 0; else if (want == "errors") print err + 0;
      else if (want == "p50") print p50 + 0;    else if (want == "p99") print p99 + 0;
    }' "$1"
}

# cpu_ticks PID: user+system CPU time PID has used, in clock ticks.
cpu_ticks(){ sed 's/^.*) //' "/proc/$1/stat" | awk '{print $12 + $13}'; }
CLK_TCK=$(getconf CLK_TCK)

# run_wrk LABEL PID URL [wrk options…]: one wrk run against the server PID,
# appended to $OUT/runs.tsv as: label, req/s, p50 ms, p99 ms, requests,
# non-2xx, socket errors, server CPU µs per request.
nrun=0
run_wrk(){
  label=$1; pid=$2; url=$3; shift 3
  nrun=$((nrun + 1))
  log="$OUT/wrk-$nrun-$label.txt"
  t0=$(cpu_ticks "$pid")
  if ! wrk -t$WRK_THREADS -c$CONNS -d"${BENCH_SECONDS}s" --latency "$@" "$url" >"$log" 2>&1; then
    cat "$log" >&2
    die "wrk failed on $label ($url)"
  fi
  t1=$(cpu_ticks "$pid")
  rps=$(wrk_field "$log" rps); non=$(wrk_field "$log" non2xx); errs=$(wrk_field "$log" errors)
  req=$(wrk_field "$log" requests)
  cpu=$(awk -v t=$((t1 - t0)) -v hz="$CLK_TCK" -v n="$req" 'BEGIN{printf "%.2f", n ? t * 1e6 / hz / n : 0}')
  printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$label" "$rps" "$(wrk_field "$log" p50)" \
    "$(wrk_field "$log" p99)" "$req" "$non" "$errs" "$cpu" >>"$OUT/runs.tsv"
  printf '  run %2d  %-7s %10.0f req/s  %6.2f µs CPU/request in the server\n' "$nrun" "$label" "$rps" "$cpu"
  if [ "$non" != 0 ]; then
    echo "bench: $label: $non answers were not 2xx (see $log)" >&2
    failed=1
  fi
}

# ---- set-up -------------------------------------------------------------

command -v wrk >/dev/null 2>&1 || die "wrk is not installed (scripts/deps.sh bench)"
command -v curl >/dev/null 2>&1 || die "curl is not installed"
[ -x "$ZHIFA_BIN" ] || die "$ZHIFA_BIN is missing: run make first"
mkdir -p "$OUT"
rm -f "$OUT"/wrk-*.txt "$OUT/runs.tsv" "$OUT/bench.db" "$OUT/bench.db-wal" "$OUT/bench.db-shm"

# Everything below is also copied to $OUT/results.txt.
exec > >(tee "$OUT/results.txt") 2>&1

cc -O2 -std=c11 -D_GNU_SOURCE -Wall -Wextra -Werror -o "$OUT/floor" bench/floor.c \
  $(pkg-config --cflags --libs libmicrohttpd) || die "cannot build bench/floor.c"

"$ZHIFA_BIN" demo --db "$OUT/bench.db" --password "$PASSWORD" >"$OUT/demo.log" 2>&1 \
  || { cat "$OUT/demo.log" >&2; die "zhifa demo failed"; }

zhifa_port=$(free_port)
"$ZHIFA_BIN" serve --db "$OUT/bench.db" --listen "127.0.0.1:$zhifa_port" \
  --threads "$BENCH_THREADS" >"$OUT/zhifa.log" 2>&1 &
zhifa_pid=$!
floor_port=$(free_port)
while [ "$floor_port" = "$zhifa_port" ]; do floor_port=$(free_port); done
"$OUT/floor" "$floor_port" "$BENCH_THREADS" >"$OUT/floor.log" 2>&1 &
floor_pid=$!
shaped_port=$(free_port)
while [ "$shaped_port" = "$zhifa_port" ] || [ "$shaped_port" = "$floor_port" ]; do shaped_port=$(free_port); done
"$OUT/floor" "$shaped_port" "$BENCH_THREADS" shaped >"$OUT/shaped.log" 2>&1 &
shaped_pid=$!

zhifa_url="http://127.0.0.1:$zhifa_port"
floor_url="http://127.0.0.1:$floor_port/"
shaped_url="http://127.0.0.1:$shaped_port/"
wait_http "$zhifa_url/api/v1/health" $zhifa_pid || { cat "$OUT/zhifa.log" >&2; die "zhifa did not start"; }
wait_http "$floor_url" $floor_pid || { cat "$OUT/floor.log" >&2; die "floor server did not start"; }
wait_http "$shaped_url" $shaped_pid || { cat "$OUT/shaped.log" >&2; die "shaped floor server did not start"; }
rss_start=$(rss_kb $zhifa_pid)

token=$(curl -s -D - -o /dev/null -H 'Content-Type: application/json' \
  -d "{\"username\":\"officer1\",\"password\":\"$PASSWORD\"}" "$zhifa_url/api/v1/session" \
  | tr -d '\r' | sed -n 's/^[Ss]et-[Cc]ookie: zf_session=\([^;]*\);.*/\1/p')
[ -n "$token" ] || die "login as officer1 failed"
cookie="Cookie: zf_session=$token"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "$cookie" "$zhifa_url/api/v1/me")" = 200 ] \
  || die "GET /api/v1/me with the session cookie did not answer 200"

echo "zhifa benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) CPUs, $(awk -F': ' '/^model name/ {print $2; exit}' /proc/cpuinfo)," \
     "load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "software: $(wrk --version 2>&1 | head -1 | cut -d' ' -f1-2)," \
     "libmicrohttpd $(pkg-config --modversion libmicrohttpd), $("$ZHIFA_BIN" --version)"
echo "load: wrk -t$WRK_THREADS -c$CONNS -d${BENCH_SECONDS}s --latency; servers: $BENCH_THREADS threads;" \
     "$BENCH_ROUNDS round(s) of floor, shaped, health, me, then floor"
echo

# ---- 1. throughput, interleaved ----------------------------------------

r=0
while [ $r -lt "$BENCH_ROUNDS" ]; do
  run_wrk floor $floor_pid "$floor_url"
  run_wrk shaped $shaped_pid "$shaped_url"
  run_wrk health $zhifa_pid "$zhifa_url/api/v1/health"
  run_wrk me $zhifa_pid "$zhifa_url/api/v1/me" -H "$cookie"
  r=$((r + 1))
done
run_wrk floor $floor_pid "$floor_url"

echo
awk -F'\t' '
  { n[$1]++; rps[$1] += $2; p50[$1] += $3; p99[$1] += $4; cpu[$1] += $8;
    if (!($1 in lo) || $2 < lo[$1]) lo[$1] = $2; if ($2 > hi[$1]) hi[$1] = $2 }
  END {
    floor = rps["floor"] / n["floor"]; fcpu = cpu["floor"] / n["floor"]
    printf "%-22s %4s %8s %19s %7s %7s %8s %10s %8s\n", "target", "runs", "req/s", "(min - max)",
           "p50 ms", "p99 ms", "x floor", "CPU us/req", "x floor"
    split("floor shaped health me", order, " ")
    name["floor"] = "floor (bench/floor.c)"; name["shaped"] = "floor shaped like /me"
    name["health"] = "GET /api/v1/health"; name["me"] = "GET /api/v1/me (auth)"
    for (i = 1; i <= 4; i++) {
      t = order[i]; if (!n[t]) continue
      printf "%-22s %4d %8.0f %8.0f - %8.0f %7.2f %7.2f %8.2f %10.2f %8.2f\n", name[t], n[t], rps[t]/n[t],
             lo[t], hi[t], p50[t]/n[t], p99[t]/n[t], (rps[t]/n[t]) / floor, cpu[t]/n[t], (cpu[t]/n[t]) / fcpu
    }
    printf "\nacceptance: authenticated /me ≥ 0.80 × floor: %s (%.2f)\n",
           ((rps["me"]/n["me"]) / floor >= 0.8) ? "MET" : "NOT MET", (rps["me"]/n["me"]) / floor
  }' "$OUT/runs.tsv"
echo "(means over the runs; every run is in $OUT/runs.tsv. CPU µs/req: user+system time the"
echo " server process used during a run divided by the requests wrk completed, from /proc/PID/stat)"

# ---- 2. memory after BENCH_MILLION authenticated requests -------------

# Four wrk runs of about BENCH_MILLION/4 requests each (the length of each
# run comes from the request rate seen so far), VmRSS sampled after each,
# more runs if wrk fell short; RSS_MAX_SECONDS bounds the whole test.
echo
echo "memory: $BENCH_MILLION authenticated GET /api/v1/me (wrk -t$WRK_THREADS -c$CONNS, in quarters)"
for pid in $floor_pid $shaped_pid; do kill -TERM "$pid" 2>/dev/null; wait "$pid" 2>/dev/null || true; done
floor_pid=""; shaped_pid=""
rate=$(awk -F'\t' '$1=="me" {s += $5; n++} END {print n ? int(s / (n * '"$BENCH_SECONDS"')) : 10000}' "$OUT/runs.tsv")
printf '  %12s  %10s\n' "requests" "VmRSS"
printf '  %12s  %7s MB   (zhifa just started, one request served)\n' 0 "$(mb "$rss_start")"
rss_before=$(rss_kb $zhifa_pid)
printf '  %12s  %7s MB   (after the throughput runs above)\n' 0 "$(mb "$rss_before")"
rss_after=$rss_before
total=0
spent=0
quarter=$(( (BENCH_MILLION + 3) / 4 ))
log="$OUT/wrk-rss.txt"
while [ $total -lt "$BENCH_MILLION" ] && [ $spent -lt $RSS_MAX_SECONDS ]; do
  want=$((BENCH_MILLION - total)); [ $want -le $quarter ] || want=$quarter
  secs=$(( (want + rate - 1) / rate )); [ $secs -ge 1 ] || secs=1
  wrk -t$WRK_THREADS -c$CONNS -d"${secs}s" -H "$cookie" "$zhifa_url/api/v1/me" >"$log" 2>&1 \
    || { cat "$log" >&2; die "wrk failed in the memory test"; }
  got=$(wrk_field "$log" requests)
  non=$(wrk_field "$log" non2xx)
  [ "$non" = 0 ] || { echo "bench: memory test: $non answers were not 2xx" >&2; failed=1; }
  total=$((total + got))
  spent=$((spent + secs))
  rate=$(( total / spent )); [ $rate -ge 1 ] || rate=1
  rss_after=$(rss_kb $zhifa_pid)
  printf '  %12s  %7s MB\n' "$total" "$(mb "$rss_after")"
done
echo "  peak (VmHWM) $(mb "$(rss_kb $zhifa_pid VmHWM)") MB — includes the argon2id working memory of the login"
if [ $total -lt "$BENCH_MILLION" ]; then
  echo "  only $total of $BENCH_MILLION requests in ${RSS_MAX_SECONDS}s: the memory test is incomplete"
  failed=1
fi
echo "acceptance: RSS after $total requests < 50 MB: $([ "$rss_after" -lt $RSS_LIMIT_KB ] && echo MET || echo NOT MET)" \
     "($(mb "$rss_after") MB; $(awk -v a="$rss_after" -v b="$rss_before" 'BEGIN{printf "%+.1f", (a-b)/1024}') MB over the test)"

kill -0 $zhifa_pid 2>/dev/null || { echo "bench: zhifa died during the run" >&2; failed=1; }
if grep -q ' ERROR ' "$OUT/zhifa.log"; then
  echo "bench: the server logged errors (see $OUT/zhifa.log)" >&2
fi
[ $failed = 0 ] || die "some runs failed (see above); the figures are not valid"
