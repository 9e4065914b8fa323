#!/usr/bin/env bash
# bench/inspection.sh — the inspection schedule's benchmarks (issue 4, item 5),
# after build/zhifa is built. Run by hand or from `make bench`:
#
#   1. the demo district plus BENCH_INSPECTIONS (500,000) synthetic inspections
#      written straight into the table (two squads, windows over next year,
#      2% with 李明 as an officer), no ANALYZE (as a deployment would be);
#   2. under wrk for BENCH_SECONDS each (1 connection: what one request
#      takes; 16: throughput), with GET /api/v1/health as the machine's
#      floor in the same run: the list filtered by a random
#      enterprise (what the enterprise, plan and draw pages ask), "我的检查"
#      (mine=true for officer1), the first page unfiltered, and the overlap
#      preview the schedule dialog asks on every change, and a filter that
#      matches nothing (the worst case: a full scan); req/s, p50, p99;
#   3. BENCH_SCHEDULES (300) POST /api/v1/inspections one after another, each
#      with two officers (eligibility on both ends, overlap, cap, audit):
#      mean milliseconds per schedule.
#
# Knobs: BENCH_SECONDS (5), BENCH_INSPECTIONS (500000), BENCH_SCHEDULES (300),
# BENCH_THREADS (2), ZHIFA_BIN (build/zhifa). Figures are reported, not
# asserted. Output: build/bench-inspection/results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_SECONDS=${BENCH_SECONDS:-5}
BENCH_INSPECTIONS=${BENCH_INSPECTIONS:-500000}
BENCH_SCHEDULES=${BENCH_SCHEDULES:-300}
BENCH_THREADS=${BENCH_THREADS:-2}
ZHIFA_BIN=${ZHIFA_BIN:-build/zhifa}
OUT=build/bench-inspection
DB=$OUT/bench.db
PASSWORD=bench-pass-2026
NAME=inspection
BENCH_TOOLS="wrk sqlite3 curl node"
. bench/lib.sh

echo "zhifa inspection benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"

# ---- 1. data -----------------------------------------------------------------
"$ZHIFA_BIN" demo --db "$DB" --password "$PASSWORD" > /dev/null
next=$(( $(date +%Y) + 1 ))
t0=$(now)
sqlite3 "$DB" <<EOF
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<$BENCH_INSPECTIONS)
INSERT INTO inspection(enterprise_id, unit_id, region_path, type, status, window_from, window_to,
                       created_by, created_at, updated_at)
SELECT e.id, 3 + (i%2), e.region_path, 'routine', 'scheduled',
       date('$next-01-01', '+' || (i%300) || ' days'), date('$next-01-01', '+' || (i%300 + 3) || ' days'),
       'bench', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM n JOIN enterprise e ON e.id = 1 + (i*7919) % (SELECT max(id) FROM enterprise);
INSERT INTO inspection_person(inspection_id, person_id, role)
SELECT id, (SELECT id FROM person WHERE name='李明'), 'officer' FROM inspection WHERE created_by='bench' AND id%50=0;
EOF
n=$(sqlite3 "$DB" "SELECT count(*) FROM inspection")
ents=$(sqlite3 "$DB" "SELECT max(id) FROM enterprise")
echo "data: $n inspections over $ents enterprises ($(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.1f", b-a}') s to write)"

# ---- 2. reads under wrk --------------------------------------------------------
serve "$BENCH_THREADS"
brigade=$(login brigade); officer=$(login officer1)
[ -n "$brigade" ] && [ -n "$officer" ] || die "login failed"

cat > "$OUT/random.lua" <<'EOF'
-- wrk: PATH with {E} replaced by a random enterprise id in 1..ENTS
local path, ents = os.getenv("BPATH"), tonumber(os.getenv("ENTS"))
wrk.headers["Cookie"] = os.getenv("COOKIE")
request = function()
  return wrk.format("GET", (path:gsub("{E}", tostring(math.random(1, ents)))))
end
EOF
run_wrk(){ # $1 label, $2 path ({E}: random enterprise), $3 cookie, $4 slug, $5 connections (16)
  local f="$OUT/wrk-$4.txt" c=${5:-16} t=2
  [ "$c" -lt 2 ] && t=1
  BPATH="$2" ENTS="$ents" COOKIE="$3" wrk -t$t -c"$c" -d"${BENCH_SECONDS}s" --latency -s "$OUT/random.lua" \
    "http://127.0.0.1:$port" > "$f"
  grep -q "Non-2xx" "$f" && die "$1: non-2xx answers (see $f)"
  printf '  %-44s %8s req/s   p50 %-8s p99 %s\n' "$1" "$(awk '/Requests\/sec/{printf "%.0f", $2}' "$f")" \
    "$(awk '$1=="50%"{print $2}' "$f")" "$(awk '$1=="99%"{print $2}' "$f")"
  sleep 1   # let the server finish what a closed loop left queued
}
echo "reads at $n inspections, district-wide account, wrk -d${BENCH_SECONDS}s, server --threads $BENCH_THREADS"
echo "(1 connection: the time one request takes; 16: throughput, latency mostly queueing):"
run_wrk "GET /api/v1/health (floor), 16 connections" "/api/v1/health" "$brigade" health
run_wrk "GET /api/v1/health (floor), 1 connection" "/api/v1/health" "$brigade" health1 1
run_wrk "list ?enterprise_id=random" "/api/v1/inspections?enterprise_id={E}&limit=50" "$brigade" ent 1
run_wrk "list ?mine=true (officer1, 2% of rows)" "/api/v1/inspections?mine=true&limit=50" "$officer" mine 1
run_wrk "list, first page unfiltered" "/api/v1/inspections?limit=50" "$brigade" first 1
run_wrk "overlap preview, random enterprise" \
  "/api/v1/inspections/overlaps?enterprise_id={E}&from=$next-03-01&to=$next-03-10&unit=3" "$brigade" overlap1 1
run_wrk "overlap preview, 16 connections" \
  "/api/v1/inspections/overlaps?enterprise_id={E}&from=$next-03-01&to=$next-03-10&unit=3" "$brigade" overlap
run_wrk "list ?status=cancelled (none: a full scan)" "/api/v1/inspections?status=cancelled&limit=50" "$brigade" scan 1

# ---- 3. scheduling, one after another ------------------------------------------
# the year after next: no synthetic rows there, so the cap and overlaps are
# those of a real district (李明's and 刘芳's demo certificates run that long)
later=$((next + 1))
li=$(sqlite3 "$DB" "SELECT id FROM person WHERE name='李明'"); liu=$(sqlite3 "$DB" "SELECT id FROM person WHERE name='刘芳'")
ok=0; t0=$(now)
for i in $(seq 1 "$BENCH_SCHEDULES"); do
  code=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: $brigade" -H 'content-type: application/json' \
    -d "{\"enterprise_id\":$(( (i * 104729) % ents + 1 )),\"unit_id\":2,\"type\":\"special\",\"window_from\":\"$later-02-02\",\"window_to\":\"$later-02-04\",\"officers\":[$li,$liu]}" \
    "http://127.0.0.1:$port/api/v1/inspections")
  [ "$code" = 201 ] && ok=$((ok + 1))
done
ms=$(awk -v a="$t0" -v b="$(now)" -v n="$BENCH_SCHEDULES" 'BEGIN{printf "%.1f", (b-a)*1000/n}')
echo "scheduling: $BENCH_SCHEDULES POSTs one after another (curl each, two officers): $ms ms per schedule, $ok answered 201" \
     "(others: the enterprise closed, or drawn twice by the same unit)"
