#!/usr/bin/env bash
# bench/inspection_province.sh — the officer's inspection list at province
# scale (issue 5, benchmark "Inspection list for an officer at province
# scale (2M inspections): p99 < 20 ms at 64 connections"), after
# build/zhifa is built. Run by hand or from `make bench`:
#
#   1. the demo plus a province written straight into the tables by SQL:
#      a squad and BENCH_OFFICERS (24) officers in each of the other 99
#      counties, 1,000 enterprises in each (copies of the demo's, in the
#      county's townships), and inspections up to BENCH_INSPECTIONS
#      (2,000,000) in all, 1% of them per county, seven years back to three
#      months ahead in id order, windows of 1–15 days, two officers of the
#      county each (so each officer has ~1,600–1,800 over the years; 李明,
#      officer1's person, is one of the demo district's 22), statuses as
#      the dates make them (past: closed, some reported or cancelled;
#      today: scheduled, in progress, reported; ahead: scheduled), 3%
#      covert, the on-site record (with 5% late) of every one begun; no
#      ANALYZE (as a deployment would be);
#   2. under wrk (-c64 and -c1, BENCH_SECONDS each), with GET /api/v1/health
#      as the floor of the same run, logged in as officer1 (scope: the
#      demo district, 20,000 inspections): the two lists the field app's
#      今日检查 asks (mine=true with today's window; mine=true&status=
#      in_progress) and 我的检查's first page (mine=true, 50 a page); and
#      the 工作台's counts every sign-in opens (GET /api/v1/workbench);
#      req/s, p50, p99 and req/s as a ratio to the floor's.
#
# Knobs: BENCH_SECONDS (5), BENCH_INSPECTIONS (2000000), BENCH_OFFICERS (24),
# BENCH_THREADS (server threads; default: as `zhifa serve` without
# --threads, one per CPU), ZHIFA_BIN (build/zhifa), BENCH_KEEP=1 keeps the
# database. Figures are reported, not asserted. Output:
# build/bench-inspection-province/results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_SECONDS=${BENCH_SECONDS:-5}
BENCH_INSPECTIONS=${BENCH_INSPECTIONS:-2000000}
BENCH_OFFICERS=${BENCH_OFFICERS:-24}
BENCH_THREADS=${BENCH_THREADS:-$(nproc)}
ZHIFA_BIN=${ZHIFA_BIN:-build/zhifa}
OUT=build/bench-inspection-province
DB=$OUT/bench.db
PASSWORD=bench-pass-2026
NAME=inspection_province
BENCH_TOOLS="wrk sqlite3 curl node"
. bench/lib.sh

echo "zhifa inspection list at province scale — $(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD 2>/dev/null || echo '?')"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"

# ---- 1. data -----------------------------------------------------------------
# today as the server and the field app see it (Asia/Shanghai, src/core/calendar.h)
today=$(TZ=Asia/Shanghai date +%F)
"$ZHIFA_BIN" demo --db "$DB" --password "$PASSWORD" > /dev/null 2>&1
t0=$(now)
sqlite3 "$DB" <<EOF
PRAGMA synchronous=OFF;
PRAGMA cache_size=-262144;
BEGIN;
-- the counties (k 0..99; the demo district's k is where its code sorts) and
-- their townships
CREATE TEMP TABLE c AS SELECT row_number() OVER (ORDER BY code) - 1 AS k, code FROM region WHERE level='county';
CREATE TEMP TABLE t AS
  SELECT c.k, row_number() OVER (PARTITION BY c.k ORDER BY r.code) - 1 AS j, r.code, r.path
  FROM region r JOIN c ON r.parent=c.code WHERE r.level='township';
CREATE TEMP TABLE tn AS SELECT k, count(*) AS n FROM t GROUP BY k;
-- a squad in every other county
INSERT INTO unit(name, kind, region, parent_id, created_at)
  SELECT '执法支队（基准）', 'squad', code, NULL, '2019-01-01T00:00:00Z' FROM c WHERE code<>'360104';
-- officers: the demo district's own, BENCH_OFFICERS in every other county
WITH RECURSIVE n(j) AS (SELECT 0 UNION ALL SELECT j+1 FROM n WHERE j<$BENCH_OFFICERS-1)
INSERT INTO person(unit_id, kind, name, id_number, position, created_at, updated_at)
  SELECT u.id, 'officer', '执法员' || c.k || '-' || n.j, printf('B%04d%04d', c.k, n.j), '执法队员',
         '2019-01-01T00:00:00Z', '2019-01-01T00:00:00Z'
  FROM c JOIN unit u ON u.region=c.code AND u.name='执法支队（基准）' JOIN n ORDER BY c.k, n.j;
CREATE TEMP TABLE op AS
  SELECT c.k, row_number() OVER (PARTITION BY c.k ORDER BY p.id) - 1 AS j, p.id AS person_id
  FROM person p JOIN unit u ON u.id=p.unit_id
  JOIN c ON c.code=CASE WHEN u.name='执法支队（基准）' THEN u.region ELSE '360104' END
  WHERE p.kind='officer';
CREATE TEMP TABLE opn AS SELECT k, count(*) AS n FROM op GROUP BY k;
-- 1,000 enterprises in every other county (copies of the demo's first 1,000)
INSERT INTO enterprise(uscc, name, address, region, region_path, lng, lat, industry, sector, employees,
       revenue_band, standardisation, hazards, major_hazard_level, principal, principal_phone,
       safety_manager, safety_manager_phone, supervising_level, status, status_reason, version,
       created_at, updated_at)
  SELECT printf('B%03d%s', c.k, substr(e.uscc, 5)), e.name || '（' || c.k || '）', e.address, t.code, t.path,
         e.lng, e.lat, e.industry, e.sector, e.employees, e.revenue_band, e.standardisation, e.hazards,
         e.major_hazard_level, e.principal, e.principal_phone, e.safety_manager, e.safety_manager_phone,
         e.supervising_level, e.status, e.status_reason, 1, e.created_at, e.updated_at
  FROM c JOIN enterprise e ON e.id<=1000 JOIN tn ON tn.k=c.k JOIN t ON t.k=c.k AND t.j=e.id % tn.n
  WHERE c.code<>'360104' ORDER BY c.k, e.id;
CREATE TEMP TABLE ce AS
  SELECT c.k, min(e.id) AS lo, count(*) AS n FROM enterprise e JOIN t ON t.code=e.region JOIN c ON c.k=t.k GROUP BY c.k;
-- the inspections: i in id order runs from seven years back to three months
-- ahead (~690 windows open a day over the province)
CREATE TEMP TABLE k0 AS SELECT (SELECT count(*) FROM inspection) AS base, '$today' AS today;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<$BENCH_INSPECTIONS-(SELECT base FROM k0)),
  d AS (SELECT i, i % 100 AS k, date((SELECT today FROM k0), (i * 2645 / $BENCH_INSPECTIONS - 2555) || ' days') AS f,
               (i * 31) % 15 AS len, ((i / 100) * 48271 + i / 7) % 100 AS h FROM n),
  w AS (SELECT d.*, date(f, len || ' days') AS tt FROM d),
  s AS (SELECT w.*, CASE
          WHEN tt < (SELECT today FROM k0) THEN
            CASE WHEN h % 25 = 0 THEN 'cancelled' WHEN h % 25 = 1 THEN 'reported' ELSE 'closed' END
          WHEN f <= (SELECT today FROM k0) THEN
            CASE WHEN h % 20 = 0 THEN 'cancelled' WHEN h % 20 < 4 THEN 'reported'
                 WHEN h % 20 < 10 THEN 'in_progress' ELSE 'scheduled' END
          ELSE CASE WHEN h % 20 = 0 THEN 'cancelled' ELSE 'scheduled' END END AS status FROM w)
INSERT INTO inspection(enterprise_id, unit_id, region_path, type, status, window_from, window_to,
                       actual_start, actual_end, created_by, created_at, updated_at)
SELECT e.id, CASE WHEN c.code='360104' THEN 3 + (s.i / 100) % 2 ELSE u.id END, e.region_path,
       CASE WHEN s.h < 3 THEN 'covert' WHEN s.h < 20 THEN 'key' WHEN s.h < 40 THEN 'random'
            WHEN s.h < 70 THEN 'routine' WHEN s.h < 85 THEN 'special' WHEN s.h < 90 THEN 'complaint'
            WHEN s.h < 95 THEN 'reinspection' ELSE 'joint' END,
       s.status, s.f, s.tt,
       CASE WHEN s.status IN ('in_progress', 'reported', 'closed') THEN s.f || 'T09:00:00Z' END,
       CASE WHEN s.status IN ('reported', 'closed') THEN s.f || 'T11:30:00Z' END,
       'bench', s.f || 'T00:00:00Z', s.f || 'T00:00:00Z'
FROM s
CROSS JOIN c ON c.k=s.k
JOIN ce ON ce.k=s.k
JOIN enterprise e ON e.id=ce.lo + ((s.i / 100) * 7919) % ce.n
LEFT JOIN unit u ON u.region=c.code AND u.name='执法支队（基准）'
ORDER BY s.i;
-- two officers of the county each
INSERT INTO inspection_person(inspection_id, person_id, role)
  SELECT x.id, op.person_id, 'officer'
  FROM (SELECT id, (id - (SELECT base FROM k0)) AS i, (id - (SELECT base FROM k0)) % 100 AS k FROM inspection
        WHERE created_by='bench') x
  JOIN opn ON opn.k=x.k
  JOIN (SELECT 0 AS r UNION ALL SELECT 1) rr
  JOIN op ON op.k=x.k AND op.j=CASE WHEN rr.r=0 THEN (x.i / 100) % opn.n
                                    ELSE ((x.i / 100) % opn.n + 1 + (x.i / 100 / opn.n) % (opn.n - 1)) % opn.n END;
-- the on-site record of every one begun, 5% of the reports late
INSERT INTO inspection_site(inspection_id, started_by, started_at, report_deadline, reported_at, reported_by,
                            late, late_reason, closed_at, closed_by)
  SELECT id, 'bench', actual_start, datetime(actual_end, '+48 hours'),
         CASE WHEN status IN ('reported', 'closed') THEN actual_end END,
         CASE WHEN status IN ('reported', 'closed') THEN 'bench' END,
         CASE WHEN status IN ('reported', 'closed') AND id % 20 = 0 THEN 1 ELSE 0 END,
         CASE WHEN status IN ('reported', 'closed') AND id % 20 = 0 THEN '基准：逾期' END,
         CASE WHEN status='closed' THEN actual_end END, CASE WHEN status='closed' THEN 'bench' END
  FROM inspection WHERE created_by='bench' AND actual_start IS NOT NULL;
COMMIT;
EOF
n=$(sqlite3 "$DB" "SELECT count(*) FROM inspection")
echo "data: $n inspections, $(sqlite3 "$DB" "SELECT count(*) FROM enterprise") enterprises," \
     "$(sqlite3 "$DB" "SELECT count(DISTINCT person_id) FROM inspection_person") officers with inspections" \
     "($(awk -v a="$t0" -v b="$(now)" 'BEGIN{printf "%.0f", b-a}') s to write, $(du -m "$DB" | cut -f1) MB)"
li=$(sqlite3 "$DB" "SELECT id FROM person WHERE name='李明'")
echo "officer1 (李明): $(sqlite3 "$DB" "SELECT count(*) FROM inspection_person WHERE person_id=$li") inspections;" \
     "$(sqlite3 "$DB" "SELECT count(*) FROM inspection_person p JOIN inspection i ON i.id=p.inspection_id
        WHERE p.person_id=$li AND i.window_from<='$today' AND i.window_to>='$today'") with today in the window," \
     "$(sqlite3 "$DB" "SELECT count(*) FROM inspection_person p JOIN inspection i ON i.id=p.inspection_id
        WHERE p.person_id=$li AND i.status='in_progress'") in progress;" \
     "his district: $(sqlite3 "$DB" "SELECT count(*) FROM inspection WHERE region_path LIKE '/360000/360100/360104/%'")"

# ---- 2. reads under wrk --------------------------------------------------------
serve "$BENCH_THREADS"
officer=$(login officer1)
[ -n "$officer" ] || die "login failed"
for q in "mine=true&from=$today&to=$today&limit=100" "mine=true&status=in_progress&limit=100" "mine=true&limit=50"; do
  echo "  GET /api/v1/inspections?$q: $(curl -s -H "Cookie: $officer" "http://127.0.0.1:$port/api/v1/inspections?$q" \
    | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const r=JSON.parse(s);
        console.log(r.items.length + " items, " + s.length + " bytes")})')"
done

floor=""
run_wrk(){ # $1 label, $2 path, $3 slug, $4 connections
  local f="$OUT/wrk-$3.txt" c=$4 t=2 rps ratio
  [ "$c" -lt 2 ] && t=1
  wrk -t$t -c"$c" -d"${BENCH_SECONDS}s" --latency -H "Cookie: $officer" "http://127.0.0.1:$port$2" > "$f"
  grep -q "Non-2xx" "$f" && die "$1: non-2xx answers (see $f)"
  rps=$(awk '/Requests\/sec/{printf "%.0f", $2}' "$f")
  [ -z "$floor" ] && floor=$rps
  ratio=$(awk -v a="$rps" -v b="$floor" 'BEGIN{printf "%.3f", a/b}')
  printf '  %-52s %8s req/s  x floor %-6s p50 %-9s p99 %s\n' "$1" "$rps" "$ratio" \
    "$(awk '$1=="50%"{print $2}' "$f")" "$(awk '$1=="99%"{print $2}' "$f")"
  sleep 1   # let the server finish what a closed loop left queued
}
for c in 64 1; do
  floor=""
  echo "wrk -c$c -d${BENCH_SECONDS}s, server --threads $BENCH_THREADS, officer1's session (x floor: req/s over the floor's):"
  run_wrk "GET /api/v1/health (floor)" "/api/v1/health" "health-c$c" $c
  run_wrk "今日检查 ?mine=true&from=today&to=today" "/api/v1/inspections?mine=true&from=$today&to=$today&limit=100" "today-c$c" $c
  run_wrk "今日检查 ?mine=true&status=in_progress" "/api/v1/inspections?mine=true&status=in_progress&limit=100" "progress-c$c" $c
  run_wrk "我的检查 ?mine=true, first page (50)" "/api/v1/inspections?mine=true&limit=50" "mine-c$c" $c
  run_wrk "工作台 /api/v1/workbench (the counts)" "/api/v1/workbench" "workbench-c$c" $c
done
echo "load average $(cut -d' ' -f1-3 /proc/loadavg) at the end"
