#!/usr/bin/env bash
# bench/plan.sh — the annual plan at its largest district size (issue 4,
# item 3): every active district-supervised enterprise of the demo district
# (~2,700) made a key enterprise of next year, then through the API as the
# brigade and the leader: the key grid, "spread evenly", the plan detail
# (budget and coverage), submission, approval and publication (which
# schedules one inspection per key enterprise). Reports each call's time
# (curl time_total, the median of BENCH_ROUNDS for the reads). Figures are
# reported, not asserted. Knobs: ZHIFA_BIN (build/zhifa), BENCH_ROUNDS (5).
# Output: build/bench-plan/results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

ZHIFA_BIN=${ZHIFA_BIN:-build/zhifa}
BENCH_ROUNDS=${BENCH_ROUNDS:-5}
OUT=build/bench-plan
PASSWORD=bench-pass-2026
NAME=plan
BENCH_TOOLS="sqlite3 curl node"
BENCH_CLEAN="*.jar"
. bench/lib.sh

echo "zhifa plan benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
DB="$OUT/plan.db"
"$ZHIFA_BIN" demo --db "$DB" --password "$PASSWORD" >/dev/null
YEAR=$(( $(TZ=Asia/Shanghai date +%Y) + 1 ))
sqlite3 "$DB" "INSERT INTO key_enterprise(enterprise_id, year, basis, reason, added_by, added_at)
  SELECT id, $YEAR, 'manual', 'bench', 'bench', '2026-01-01T00:00:00Z' FROM enterprise
  WHERE supervising_level='district' AND status='active'
  AND id NOT IN (SELECT enterprise_id FROM key_enterprise WHERE year=$YEAR AND removed_at IS NULL)"
NKEY=$(sqlite3 "$DB" "SELECT count(*) FROM key_enterprise WHERE year=$YEAR AND removed_at IS NULL")
PORT=$(free_port)
URL="http://127.0.0.1:$PORT"
"$ZHIFA_BIN" serve --db "$DB" --listen "127.0.0.1:$PORT" --threads 2 >"$OUT/server.log" 2>&1 &
server_pid=$!
for _ in $(seq 100); do curl -sf "$URL/api/v1/health" >/dev/null && break; sleep 0.1; done

login(){ curl -sf -c "$OUT/$1.jar" -H 'Content-Type: application/json' \
  -d "{\"username\":\"$1\",\"password\":\"$PASSWORD\"}" "$URL/api/v1/session" >/dev/null; }
# call WHO METHOD PATH [BODY]: prints time_total; fails on a non-2xx answer
call(){
  local who=$1 method=$2 path=$3 body=${4:-}
  if [ -n "$body" ]; then
    curl -sf -o /dev/null -w '%{time_total}' -b "$OUT/$who.jar" -X "$method" -H 'Content-Type: application/json' -d "$body" "$URL$path"
  else
    curl -sf -o /dev/null -w '%{time_total}' -b "$OUT/$who.jar" -X "$method" "$URL$path"
  fi
}
median(){ tr ' ' '\n' | sort -n | awk '{a[NR]=$1} END{printf "%.1f", 1000*a[int((NR+1)/2)]}'; }
reads(){ local who=$1 path=$2 t="" i; for i in $(seq "$BENCH_ROUNDS"); do t="$t $(call "$who" GET "$path")"; done; echo $t | median; }
ms(){ awk -v s="$1" 'BEGIN{printf "%.1f", 1000*s}'; }

login brigade
login leader
PLAN=$(curl -sf -b "$OUT/brigade.jar" "$URL/api/v1/plans?year=$YEAR" | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).items[0].id))')
echo "plan $PLAN of $YEAR, $NKEY key enterprises"
echo "GET  /plans/{id}/keys   (grid, none scheduled)  median $(reads brigade "/api/v1/plans/$PLAN/keys") ms"
echo "GET  /plans/{id}        (budget, coverage)      median $(reads brigade "/api/v1/plans/$PLAN") ms"
echo "POST /plans/{id}/spread (schedule all by month) $(ms "$(call brigade POST "/api/v1/plans/$PLAN/spread" '{"period_kind":"month"}')") ms"
echo "GET  /plans/{id}/keys   (all scheduled)         median $(reads brigade "/api/v1/plans/$PLAN/keys") ms"
curl -sf -b "$OUT/brigade.jar" -X PATCH -H 'Content-Type: application/json' -d '{"officers_planned":100}' \
  "$URL/api/v1/plans/$PLAN" >/dev/null
echo "POST /plans/{id}/submit                         $(ms "$(call brigade POST "/api/v1/plans/$PLAN/submit" '{}')") ms"
TODAY=$(TZ=Asia/Shanghai date +%F)
echo "POST /plans/{id}/approve                        $(ms "$(call leader POST "/api/v1/plans/$PLAN/approve" "{\"approval_document\":\"青府字〔$YEAR〕1号\",\"approved_on\":\"$TODAY\"}")") ms"
echo "POST /plans/{id}/publish ($NKEY inspections)    $(ms "$(call leader POST "/api/v1/plans/$PLAN/publish" '{}')") ms"
echo "GET  /plans/{id}/progress                       median $(reads brigade "/api/v1/plans/$PLAN/progress") ms"
echo "GET  /public/plans?year=$YEAR (no login)        median $(reads brigade "/api/v1/public/plans?year=$YEAR") ms"
echo "inspections scheduled: $(sqlite3 "$DB" "SELECT count(*) FROM inspection WHERE plan_id=$PLAN AND status='scheduled'")"
