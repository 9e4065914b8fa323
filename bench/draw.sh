#!/usr/bin/env bash
# bench/draw.sh — the double-random draw's benchmark (issue 4): "Draw 10% of
# a 500,000-enterprise pool with 200 officers and all constraints: < 1 s".
# After build/zhifa is built. Run by hand or from `make bench`:
#
#   1. ledger: `zhifa demo --scale province` (500,000 enterprises), then all
#      of them moved into the demo district's seven townships, supervised at
#      district level (one UPDATE), so that one brigade's pool holds them;
#   2. constraints: 200 eligible officers in a squad under the brigade (and
#      5 more whose certificate expired), 1,000 conflicts of interest, 2,000
#      key enterprises of the year, 10,000 earlier inspections by the 200
#      (last-inspector exclusions) and 3,000 recent ones (left out of the
#      pool); draw.officer_monthly_cap raised to 1,000 in a new published
#      rule set (200 × 20 could not staff 50,000 inspections);
#   3. through the server, as the brigade account: POST /api/v1/draws with
#      ratio 10 %, stratified by sector and street, 2 officers each (the
#      freeze: pool, officer pool with staff_may_enforce and workload,
#      exclusions, seed, commitment), then POST /api/v1/draws/{id}/draw (the
#      algorithm, the re-check, ~50,000 inspections with 100,000 officers in
#      one transaction, the seed revealed); wall time of each request;
#   4. the published document downloaded and checked by `zhifa draw verify`.
#
# Knobs: ZHIFA_BIN (build/zhifa), BENCH_KEEP=1 keeps build/bench-draw.
# Figures are reported, not asserted. Output: build/bench-draw/results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

ZHIFA_BIN=${ZHIFA_BIN:-build/zhifa}
OUT=build/bench-draw
PASSWORD=bench-pass-2026
NAME=draw
BENCH_TOOLS="sqlite3 curl node"
BENCH_CLEAN="*.json"
. bench/lib.sh
# CPU seconds (user + system) the server has used so far: with other work on
# the machine the wall time of a request says little, its CPU time does
cpu(){ awk -v hz="$(getconf CLK_TCK)" '{printf "%.3f", ($14+$15)/hz}' "/proc/$server_pid/stat"; }
day(){ date -u -d "@$(( $(date +%s) + 8*3600 + $1*86400 ))" +%Y-%m-%d; }

echo "zhifa draw benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "software: $("$ZHIFA_BIN" --version)"
echo

# ---- 1. the ledger ----------------------------------------------------------
DB=$OUT/draw.db
t0=$(now)
"$ZHIFA_BIN" demo --db "$DB" --password "$PASSWORD" --scale province > "$OUT/demo.log" 2>&1 || die "demo failed: $(tail -3 "$OUT/demo.log")"
t1=$(now)
echo "demo --scale province: $(sqlite3 "$DB" "SELECT count(*) FROM enterprise") enterprises, $(secs "$t0" "$t1") s"

# the window: the month after next, first to 20th (one calendar month)
FROM=$(date -u -d "$(day 0 | cut -c1-7)-01 +2 month" +%Y-%m-01)
TO=$(date -u -d "$FROM" +%Y-%m-20)
YEAR=${FROM:0:4}
PAST=$(date -u -d "$FROM -8 month" +%Y-%m-%d)
RECENT=$(date -u -d "$FROM -2 month" +%Y-%m-%d)
NOW=$(date -u +%Y-%m-%dT%H:%M:%SZ)

t0=$(now)
sqlite3 "$DB" <<SQL || die "preparing the ledger failed"
PRAGMA foreign_keys=OFF;
BEGIN;
-- every enterprise into the district's seven townships, district-supervised, active
CREATE TEMP TABLE town(n INTEGER PRIMARY KEY, code TEXT, path TEXT);
INSERT INTO town(n, code, path) SELECT row_number() OVER (ORDER BY code) - 1, code, path FROM region
  WHERE parent='360104' AND level='township';
UPDATE enterprise SET region=(SELECT code FROM town WHERE n=enterprise.id % (SELECT count(*) FROM town)),
  region_path=(SELECT path FROM town WHERE n=enterprise.id % (SELECT count(*) FROM town)),
  supervising_level='district', status='active';
-- 205 officers in 执法一中队 (unit 3): 200 with a valid certificate, 5 expired
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i+1 FROM n WHERE i<205)
INSERT INTO person(unit_id, kind, name, id_number, created_at, updated_at)
  SELECT 3, 'officer', '基准执法员' || i, 'BENCH' || printf('%013d', i), '$NOW', '$NOW' FROM n;
INSERT INTO certificate(person_id, number, issuer, valid_from, valid_to, created_at, updated_at)
  SELECT id, 'BENCH-' || id, '江西省人民政府', '2020-01-01',
         CASE WHEN CAST(substr(name, 6) AS INTEGER) > 200 THEN '2021-12-31' ELSE '2099-12-31' END, '$NOW', '$NOW'
  FROM person WHERE name LIKE '基准执法员%';
-- 1,000 conflicts: 50 officers × 20 enterprises
INSERT INTO conflict(person_id, enterprise_id, enterprise_name, reason, valid_from, created_by, created_at)
  SELECT p.id, e.id, e.name, '基准测试', '2020-01-01', 'bench', '$NOW'
  FROM (SELECT id FROM person WHERE name LIKE '基准执法员%' ORDER BY id LIMIT 50) p
  JOIN (SELECT id, name FROM enterprise ORDER BY id LIMIT 20 OFFSET 1000) e;
-- 2,000 more key enterprises of the year (besides those of the demo's rule)
INSERT INTO key_enterprise(enterprise_id, year, basis, reason, added_by, added_at)
  SELECT id, $YEAR, 'manual', '基准测试', 'bench', '$NOW' FROM enterprise WHERE id % 250 = 7
  AND id NOT IN (SELECT enterprise_id FROM key_enterprise WHERE year=$YEAR AND removed_at IS NULL);
-- 10,000 earlier inspections (8 months before), two of the 200 each: last inspectors
INSERT INTO inspection(enterprise_id, unit_id, region_path, type, status, window_from, window_to, created_by, created_at, updated_at)
  SELECT id, 3, region_path, 'routine', 'closed', '$PAST', '$PAST', 'bench', '$NOW', '$NOW' FROM enterprise WHERE id % 50 = 3;
INSERT INTO inspection_person(inspection_id, person_id, role)
  SELECT i.id, (SELECT min(id) FROM person WHERE name LIKE '基准执法员%') + (i.id % 200), 'officer'
  FROM inspection i WHERE i.created_by='bench';
INSERT INTO inspection_person(inspection_id, person_id, role)
  SELECT i.id, (SELECT min(id) FROM person WHERE name LIKE '基准执法员%') + ((i.id + 1) % 200), 'officer'
  FROM inspection i WHERE i.created_by='bench';
-- 3,000 recent ones (2 months before): left out of the pool
INSERT INTO inspection(enterprise_id, unit_id, region_path, type, status, window_from, window_to, created_by, created_at, updated_at)
  SELECT id, 3, region_path, 'routine', 'closed', '$RECENT', '$RECENT', 'bench-recent', '$NOW', '$NOW'
  FROM enterprise WHERE id % 166 = 5;
-- draw.officer_monthly_cap 1000 from the window on, in a new published rule set
INSERT INTO rule_set(name, legal_source, effective_from, status, created_at, created_by, updated_at)
  VALUES('基准测试参数', '基准测试', '$FROM', 'draft', '$NOW', 'bench', '$NOW');
INSERT INTO rule_value(set_id, key, value, unit, label, source, verified, note)
  SELECT (SELECT max(id) FROM rule_set), key, value, unit, label, source, verified, note FROM rule_value
  WHERE set_id=(SELECT id FROM rule_set WHERE status='published' AND effective_from<='$FROM' ORDER BY effective_from DESC LIMIT 1);
INSERT INTO rule_value(set_id, key, value, unit, label, source, verified)
  VALUES((SELECT max(id) FROM rule_set), 'draw.officer_monthly_cap', 1000, 'count', '每名执法人员每月被抽派检查户数上限', '基准测试', 0)
  ON CONFLICT(set_id, key) DO UPDATE SET value=1000;
UPDATE rule_set SET status='published', published_at='$NOW', published_by='bench' WHERE id=(SELECT max(id) FROM rule_set);
COMMIT;
ANALYZE;
SQL
t1=$(now)
echo "constraints: 200 + 5 officers, $(sqlite3 "$DB" "SELECT count(*) FROM conflict") conflicts, $(sqlite3 "$DB" "SELECT count(*) FROM key_enterprise") key enterprises, $(sqlite3 "$DB" "SELECT count(*) FROM inspection WHERE created_by LIKE 'bench%'") earlier inspections; $(secs "$t0" "$t1") s"
echo "window $FROM … $TO"
echo

# ---- 2. freeze and draw through the server ---------------------------------------
serve 2
cookie=$(login brigade)
[ -n "$cookie" ] || die "login failed"
api(){ curl -s -o "$OUT/$1.json" -w '%{http_code} %{time_total}\n' -H "cookie: $cookie" -H 'content-type: application/json' "${@:2}"; }

c0=$(cpu)
read -r code t_freeze < <(api freeze -d "{\"name\":\"基准：10%抽取\",\"window_from\":\"$FROM\",\"window_to\":\"$TO\",\"ratio\":10,\"stratify_sector\":true,\"stratify_street\":true,\"officers_per_enterprise\":2}" "http://127.0.0.1:$port/api/v1/draws")
[ "$code" = 201 ] || die "freeze answered $code: $(head -c 400 "$OUT/freeze.json")"
id=$(node -e 'const d=require(process.argv[1]);console.log(d.id)' "$PWD/$OUT/freeze.json")
node -e 'const d=require(process.argv[1]);console.log(`freeze: pool ${d.pool_size} (left out: ${d.excluded_key} key, ${d.excluded_recent} recent), sample ${d.sample_size}, ${d.officer_count} officers with ${d.officer_capacity} slots, ${d.exclusion_count} exclusion pairs`)' "$PWD/$OUT/freeze.json"
c1=$(cpu)
echo "freeze (POST /api/v1/draws): $t_freeze s wall, $(awk -v a="$c0" -v b="$c1" 'BEGIN{printf "%.2f", b-a}') s server CPU"
c0=$(cpu)
read -r code t_draw < <(api draw -X POST -d '{}' "http://127.0.0.1:$port/api/v1/draws/$id/draw")
[ "$code" = 200 ] || die "draw answered $code: $(head -c 400 "$OUT/draw.json")"
c1=$(cpu)
echo "draw (POST /api/v1/draws/$id/draw): $t_draw s wall, $(awk -v a="$c0" -v b="$c1" 'BEGIN{printf "%.2f", b-a}') s server CPU (target < 1 s) — $(sqlite3 "$DB" "SELECT count(*) FROM inspection WHERE draw_id=$id") inspections, $(sqlite3 "$DB" "SELECT count(*) FROM inspection_person p JOIN inspection i ON i.id=p.inspection_id WHERE i.draw_id=$id") officers assigned"
echo "checks: invalid certificates assigned $(sqlite3 "$DB" "SELECT count(*) FROM inspection_person p JOIN inspection i ON i.id=p.inspection_id JOIN person x ON x.id=p.person_id WHERE i.draw_id=$id AND CAST(substr(x.name,6) AS INTEGER)>200 AND x.name LIKE '基准%'"), conflicts assigned $(sqlite3 "$DB" "SELECT count(*) FROM inspection_person p JOIN inspection i ON i.id=p.inspection_id JOIN conflict c ON c.person_id=p.person_id AND c.enterprise_id=i.enterprise_id WHERE i.draw_id=$id")"

# ---- 3. the published document and the verifier ------------------------------------
read -r code t_doc < <(api document "http://127.0.0.1:$port/api/v1/public/draws/$id/document")
[ "$code" = 200 ] || die "document answered $code"
t0=$(now)
"$ZHIFA_BIN" draw verify "$OUT/document.json" > "$OUT/verify.txt" || die "verify failed: $(cat "$OUT/verify.txt")"
t1=$(now)
echo "document: $(du -m "$OUT/document.json" | cut -f1) MB in $t_doc s; zhifa draw verify: $(secs "$t0" "$t1") s — $(cat "$OUT/verify.txt")"
