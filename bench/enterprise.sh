#!/usr/bin/env bash
# bench/enterprise.sh — the enterprise ledger's benchmarks (issue 3), after
# build/zhifa is built. Run by hand or from bench/run.sh:
#
#   1. demo data: `zhifa demo --scale province` (500,000 enterprises across
#      Jiangxi's townships), time;
#   2. export the 500,000 to XLSX and to CSV (`zhifa export`), time and peak
#      resident memory (VmHWM via /usr/bin/time), target < 100 MB; and the
#      same CSV streamed by the server (GET /api/v1/enterprises/export.csv),
#      the server's peak VmRSS sampled while it streams;
#   3. import that CSV into an empty ledger (`zhifa import enterprises`) and
#      `sqlite3 .import` of the same file into a bare table, alternately,
#      BENCH_IMPORT_ROUNDS times; rows/s of each and the ratio (target ≥ 0.5);
#   4. name-fragment search: random fragments of 2–4 characters cut from
#      random enterprise names (and a set of 2-character ones), GET
#      /api/v1/enterprises?q=…&limit=20 as a province-wide account, wrk -t2
#      -c64 for BENCH_SECONDS; p50/p99 (target p99 < 10 ms) and req/s, with
#      GET /api/v1/health in the same run as the machine's floor.
#
# Knobs: BENCH_SECONDS (10), BENCH_IMPORT_ROUNDS (2), BENCH_THREADS (server
# threads, 2), ZHIFA_BIN (build/zhifa), BENCH_KEEP=1 keeps build/bench-enterprise.
# Figures are reported, not asserted; the exit status is non-zero only when
# something failed to run. Output: build/bench-enterprise/results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_SECONDS=${BENCH_SECONDS:-10}
BENCH_IMPORT_ROUNDS=${BENCH_IMPORT_ROUNDS:-2}
BENCH_THREADS=${BENCH_THREADS:-2}
ZHIFA_BIN=${ZHIFA_BIN:-build/zhifa}
OUT=build/bench-enterprise
PASSWORD=bench-pass-2026
NAME=enterprise
BENCH_TOOLS="wrk sqlite3 curl"
BENCH_CLEAN="*.csv *.xlsx *.files"
. bench/lib.sh
[ -x /usr/bin/time ] || die "/usr/bin/time is missing (Debian package time)"
mb(){ awk -v k="$1" 'BEGIN{printf "%.1f", k/1024}'; }

echo "zhifa enterprise benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "software: $("$ZHIFA_BIN" --version), sqlite3 $(sqlite3 --version | cut -d' ' -f1), $(wrk -v 2>&1 | head -1 | cut -d' ' -f1-2)"
echo

# ---- 1. demo data ---------------------------------------------------------
DB=$OUT/province.db
t0=$(now)
"$ZHIFA_BIN" demo --db "$DB" --password "$PASSWORD" --scale province > "$OUT/demo.log" 2>&1 || die "demo failed: $(tail -3 "$OUT/demo.log")"
t1=$(now)
n=$(sqlite3 "$DB" "SELECT count(*) FROM enterprise")
echo "demo --scale province: $n enterprises, $(secs "$t0" "$t1") s (one transaction; $(grep -o '[0-9.]* s$' "$OUT/demo.log" | tail -1) inside)"
echo

# ---- 2. exports --------------------------------------------------------------
for fmt in xlsx csv; do
  t0=$(now)
  /usr/bin/time -f '%M' -o "$OUT/time-$fmt" "$ZHIFA_BIN" export enterprises --db "$DB" --out "$OUT/export.$fmt" > /dev/null
  t1=$(now)
  kb=$(tail -1 "$OUT/time-$fmt")
  echo "export $n rows to ${fmt^^}: $(secs "$t0" "$t1") s, $(du -m "$OUT/export.$fmt" | cut -f1) MB file, peak RSS $(mb "$kb") MB (target < 100 MB)"
done

# ---- 3. import vs sqlite3 .import ----------------------------------------------
echo
printf '.mode csv\n.import %s t\n' "$OUT/export.csv" > "$OUT/import.sql"
zr_sum=0; sr_sum=0; ratios=""
for round in $(seq 1 "$BENCH_IMPORT_ROUNDS"); do
  rm -f "$OUT/bare.db" "$OUT/import.db" "$OUT"/import.db-*
  t0=$(now); sqlite3 "$OUT/bare.db" < "$OUT/import.sql"; t1=$(now)
  bare=$(secs "$t0" "$t1")
  "$ZHIFA_BIN" init --db "$OUT/import.db" --admin-password-file <(echo "$PASSWORD") > /dev/null 2>&1
  t0=$(now)
  "$ZHIFA_BIN" import enterprises --db "$OUT/import.db" "$OUT/export.csv" > "$OUT/import.log" 2>/dev/null || die "import failed: $(tail -3 "$OUT/import.log")"
  t1=$(now)
  ours=$(secs "$t0" "$t1")
  got=$(sqlite3 "$OUT/import.db" "SELECT count(*) FROM enterprise")
  [ "$got" = "$n" ] || die "import loaded $got of $n rows"
  zr=$(awk -v n="$n" -v t="$ours" 'BEGIN{printf "%.0f", n/t}')
  sr=$(awk -v n="$n" -v t="$bare" 'BEGIN{printf "%.0f", n/t}')
  zr_sum=$((zr_sum + zr)); sr_sum=$((sr_sum + sr))
  ratios="$ratios $(awk -v a="$zr" -v b="$sr" 'BEGIN{printf "%.3f", a/b}')"
  echo "import round $round: zhifa import $ours s ($zr rows/s, every row checked, history, index, audit) vs sqlite3 .import $bare s ($sr rows/s): $(awk -v a="$zr" -v b="$sr" 'BEGIN{printf "%.2f", a/b}') ×"
done
median=$(echo $ratios | tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END{printf "%.2f", NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}')
echo "import: mean $((zr_sum / BENCH_IMPORT_ROUNDS)) vs $((sr_sum / BENCH_IMPORT_ROUNDS)) rows/s; median of the rounds' ratios $median × sqlite3 .import (target ≥ 0.5)"
rm -f "$OUT/bare.db" "$OUT/import.db" "$OUT"/import.db-*

# ---- 4. search under wrk -c64 ------------------------------------------------------
echo
"$ZHIFA_BIN" user add --db "$DB" --username benchprov --display-name 省级基准 --roles officer \
  --scope 360000 --password-file <(echo "$PASSWORD") > /dev/null
serve "$BENCH_THREADS"
cookie=$(login benchprov)
[ -n "$cookie" ] || die "login failed"
# an account added by `zhifa user add` must change its password before
# anything else answers (403); change it, then sign in again
curl -s -o /dev/null -H "Cookie: $cookie" -H 'content-type: application/json' \
  -d "{\"old_password\":\"$PASSWORD\",\"new_password\":\"$PASSWORD-2\"}" "http://127.0.0.1:$port/api/v1/me/password"
PASSWORD=$PASSWORD-2
cookie=$(login benchprov)
[ -n "$cookie" ] || die "login after the password change failed"

# fragments: random 2–4-character pieces of random names; and 2-character ones
sqlite3 "$DB" "SELECT substr(name, 1 + abs(random()) % (length(name) - 3), 2 + abs(random()) % 3)
               FROM enterprise WHERE id IN (SELECT abs(random()) % $n + 1 FROM enterprise LIMIT 2000)" > "$OUT/fragments.txt"
sqlite3 "$DB" "SELECT substr(name, 1 + abs(random()) % (length(name) - 2), 2)
               FROM enterprise WHERE id IN (SELECT abs(random()) % $n + 1 FROM enterprise LIMIT 2000)" > "$OUT/fragments2.txt"
cat > "$OUT/search.lua" <<'EOF'
-- wrk: GET /api/v1/enterprises?q=<fragment>&limit=20, fragments in turn
local frags = {}
local function enc(s) return (s:gsub("[^%w]", function(c) return string.format("%%%02X", string.byte(c)) end)) end
for line in io.lines(os.getenv("FRAGMENTS")) do if #line > 0 then frags[#frags + 1] = enc(line) end end
local i = 0
wrk.headers["Cookie"] = os.getenv("COOKIE")
request = function()
  i = i + 1
  return wrk.format("GET", "/api/v1/enterprises?limit=20&q=" .. frags[(i % #frags) + 1])
end
EOF
run_wrk(){ # $1 label, $2 path or "", $3 fragments file, $4 file slug, $5 connections (64)
  local f="$OUT/wrk-$4.txt" c=${5:-64} t=2
  [ "$c" -lt 2 ] && t=1
  if [ -n "$3" ]; then
    FRAGMENTS="$3" COOKIE="$cookie" wrk -t$t -c"$c" -d"${BENCH_SECONDS}s" --latency -s "$OUT/search.lua" "http://127.0.0.1:$port" > "$f"
  else
    wrk -t$t -c"$c" -d"${BENCH_SECONDS}s" --latency -H "Cookie: $cookie" "http://127.0.0.1:$port$2" > "$f"
  fi
  grep -q "Non-2xx" "$f" && die "$1: non-2xx answers (see $f)"
  local rps p50 p99
  rps=$(awk '/Requests\/sec/{printf "%.0f", $2}' "$f")
  p50=$(awk '$1=="50%"{print $2}' "$f"); p99=$(awk '$1=="99%"{print $2}' "$f")
  printf '  %-34s %8s req/s   p50 %-8s p99 %s\n' "$1" "$rps" "$p50" "$p99"
}
echo "search at $n enterprises, province-wide account, wrk -t2 -c64 -d${BENCH_SECONDS}s, server --threads $BENCH_THREADS:"
run_wrk "GET /api/v1/health (floor)" /api/v1/health "" health
run_wrk "search, 2–4-character fragments" "" "$OUT/fragments.txt" search
run_wrk "search, 2-character fragments" "" "$OUT/fragments2.txt" search2
run_wrk "list, first page by name" "/api/v1/enterprises?limit=20" "" list
echo "  (target: search p99 < 10 ms. Under a closed loop of 64 connections the latency is mostly"
echo "   queueing: about 64 / (req/s). One connection shows the time a search itself takes:)"
run_wrk "search, 2–4 characters, 1 connection" "" "$OUT/fragments.txt" search1 1

# ---- 2b. the server streams a full export in flat memory ------------------------------
rss(){ awk '/VmRSS/{print $2}' "/proc/$server_pid/status"; }
before=$(rss); peak=$before
curl -s -H "Cookie: $cookie" -o "$OUT/web-export.csv" "http://127.0.0.1:$port/api/v1/enterprises/export.csv" &
cpid=$!
while kill -0 "$cpid" 2>/dev/null; do r=$(rss); [ "$r" -gt "$peak" ] && peak=$r; sleep 0.05; done
wait "$cpid"
rows=$(($(wc -l < "$OUT/web-export.csv") - 1))
echo
echo "web export (GET /api/v1/enterprises/export.csv, streamed): $rows rows; server VmRSS $(mb "$before") MB before, peak $(mb "$peak") MB while streaming"
