#!/usr/bin/env bash
# bench/hazard.sh — hazard lists (issue 5, item 3), after build/zhifa is
# built. Run by hand or from `make bench`:
#
#   1. data: the district demo plus BENCH_HAZARDS synthetic hazards spread
#      over the demo's inspections and enterprises (SQL, one transaction),
#      a tenth of them rectifying past their deadline;
#   2. the overdue sweep those leave for the first read (every one gets an
#      event and an audit entry), time;
#   3. reads under wrk (1 connection: the time one request takes):
#      GET /api/v1/health as the machine's floor, the first page unfiltered,
#      ?enterprise_id=random, ?inspection_id=random, ?status=overdue,
#      ?overdue=true; p50/p99 and req/s.
#
# Knobs: BENCH_SECONDS (5), BENCH_HAZARDS (200000), BENCH_THREADS (2),
# ZHIFA_BIN (build/zhifa), BENCH_KEEP=1 keeps the database. Figures are
# reported, not asserted. Output: build/bench-hazard/results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_SECONDS=${BENCH_SECONDS:-5}
BENCH_HAZARDS=${BENCH_HAZARDS:-200000}
BENCH_THREADS=${BENCH_THREADS:-2}
ZHIFA_BIN=${ZHIFA_BIN:-build/zhifa}
OUT=build/bench-hazard
DB=$OUT/bench.db
PASSWORD=bench-pass-2026
NAME=hazard
BENCH_TOOLS="wrk sqlite3 curl node"
. bench/lib.sh

echo "zhifa hazard benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"

# ---- 1. data -----------------------------------------------------------------
"$ZHIFA_BIN" demo --db "$DB" --password "$PASSWORD" > /dev/null
t0=$(now)
sqlite3 "$DB" <<SQL
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<$BENCH_HAZARDS)
INSERT INTO hazard(inspection_id, enterprise_id, region_path, description, place, category, rectify,
                   status, order_no, order_date, deadline, reinspect_due, created_by, created_at, updated_at)
SELECT i.id, i.enterprise_id, i.region_path, 'bench hazard ' || n.i, 'place', 'general', 'deadline',
       CASE WHEN n.i%10=0 THEN 'rectifying' ELSE 'closed' END, 'B' || n.i, '2020-01-01',
       CASE WHEN n.i%10=0 THEN '2020-02-01' ELSE '2099-01-01' END, '2099-01-11',
       'bench', '2026-01-01T00:00:00Z', '2026-01-01T00:00:00Z'
FROM n JOIN inspection i ON i.id = 1 + (n.i*7919) % (SELECT max(id) FROM inspection);
COMMIT;
SQL
n=$(sqlite3 "$DB" "SELECT count(*) FROM hazard")
due=$(sqlite3 "$DB" "SELECT count(*) FROM hazard WHERE status='rectifying' AND deadline<date('now')")
insps=$(sqlite3 "$DB" "SELECT max(id) FROM inspection")
ents=$(sqlite3 "$DB" "SELECT max(enterprise_id) FROM hazard")
echo "data: $n hazards over $insps inspections ($(secs "$t0" "$(now)") s to write), $due past their deadline"

# ---- 2. the sweep ----------------------------------------------------------------
serve "$BENCH_THREADS"
brigade=$(login brigade)
[ -n "$brigade" ] || die "login failed"
t0=$(now); k=0
# the sweep marks at most 500 per read: read until none is left
while [ "$(sqlite3 "$DB" "SELECT count(*) FROM hazard WHERE status='rectifying' AND deadline<date('now')")" != 0 ]; do
  curl -s -o /dev/null -H "Cookie: $brigade" "http://127.0.0.1:$port/api/v1/hazards?limit=1"; k=$((k+1))
done
echo "overdue sweep: $due hazards marked overdue (event + audit each) in $(secs "$t0" "$(now)") s over $k reads"

# ---- 3. reads under wrk ------------------------------------------------------------
cat > "$OUT/random.lua" <<'LUA'
-- wrk: PATH with {E} / {I} replaced by a random enterprise / inspection id
local path, ents, insps = os.getenv("BPATH"), tonumber(os.getenv("ENTS")), tonumber(os.getenv("INSPS"))
wrk.headers["Cookie"] = os.getenv("COOKIE")
request = function()
  local p = path:gsub("{E}", tostring(math.random(1, ents))):gsub("{I}", tostring(math.random(1, insps)))
  return wrk.format("GET", p)
end
LUA
run_wrk(){ # $1 label, $2 path, $3 slug
  local f="$OUT/wrk-$3.txt"
  BPATH="$2" ENTS="$ents" INSPS="$insps" COOKIE="$brigade" wrk -t1 -c1 -d"${BENCH_SECONDS}s" --latency \
    -s "$OUT/random.lua" "http://127.0.0.1:$port" > "$f"
  grep -q "Non-2xx" "$f" && die "$1: non-2xx answers (see $f)"
  printf '  %-40s %8s req/s   p50 %-8s p99 %s\n' "$1" "$(awk '/Requests\/sec/{printf "%.0f", $2}' "$f")" \
    "$(awk '$1=="50%"{print $2}' "$f")" "$(awk '$1=="99%"{print $2}' "$f")"
}
echo "reads at $n hazards, district-wide account, wrk -t1 -c1 -d${BENCH_SECONDS}s, server --threads $BENCH_THREADS:"
run_wrk "GET /api/v1/health (floor)" "/api/v1/health" health
run_wrk "list, first page unfiltered" "/api/v1/hazards?limit=50" first
run_wrk "list ?enterprise_id=random" "/api/v1/hazards?enterprise_id={E}&limit=50" ent
run_wrk "list ?inspection_id=random" "/api/v1/hazards?inspection_id={I}&limit=50" insp
run_wrk "list ?status=overdue" "/api/v1/hazards?status=overdue&limit=50" overdue
run_wrk "list ?overdue=true" "/api/v1/hazards?overdue=true&limit=50" overdue2
