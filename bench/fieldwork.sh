#!/usr/bin/env bash
# bench/fieldwork.sh — carrying out inspections (issue 5, items 1–2), after
# build/zhifa is built. Run by hand or from `make bench`:
#
#   1. the demo district; BENCH_WALKS (100) inspections of 危化 enterprises
#      scheduled for today (two officers);
#   2. each walked through the API one request after another as officer1:
#      GET …/field, start (officers rechecked, checklist fixed), the three
#      steps, attendance, every checklist line in one results call, notes,
#      report (must-check lines, deadline); per act: mean and p99 ms, and
#      the floor GET /api/v1/health measured the same way in the same run;
#   3. GET …/field (the walk-through page's read) under wrk, 1 and 16
#      connections, on a reported inspection.
#
# Knobs: BENCH_WALKS (100), BENCH_SECONDS (5), BENCH_THREADS (2), ZHIFA_BIN
# (build/zhifa). Figures are reported, not asserted. Output:
# build/bench-fieldwork/results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

BENCH_WALKS=${BENCH_WALKS:-100}
BENCH_SECONDS=${BENCH_SECONDS:-5}
BENCH_THREADS=${BENCH_THREADS:-2}
ZHIFA_BIN=${ZHIFA_BIN:-build/zhifa}
OUT=build/bench-fieldwork
DB=$OUT/bench.db
PASSWORD=bench-pass-2026
NAME=fieldwork
BENCH_TOOLS="wrk curl node"
. bench/lib.sh

echo "zhifa fieldwork benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
"$ZHIFA_BIN" demo --db "$DB" --password "$PASSWORD" > /dev/null 2>&1
port=$(free_port)
"$ZHIFA_BIN" serve --db "$DB" --listen "127.0.0.1:$port" --threads "$BENCH_THREADS" > "$OUT/serve.log" 2>&1 &
server_pid=$!
for i in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/health" && break; sleep 0.1; done

URL="http://127.0.0.1:$port" PASSWORD="$PASSWORD" WALKS="$BENCH_WALKS" node --input-type=module > "$OUT/walk.json" <<'EOF2'
const url = process.env.URL, pw = process.env.PASSWORD, N = Number(process.env.WALKS);
async function login(u) {
  const r = await fetch(url + '/api/v1/session', { method: 'POST', headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: u, password: pw }) });
  return /zf_session=[^;]*/.exec(r.headers.get('set-cookie'))[0];
}
const call = async (cookie, method, path, body) => {
  const r = await fetch(url + path, { method, headers: { cookie, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body) });
  return { status: r.status, body: await r.json() };
};
const brigade = await login('brigade'), officer = await login('officer1');
const staff = async (n) => (await call(brigade, 'GET', `/api/v1/staff?q=${encodeURIComponent(n)}`)).body.items.find((x) => x.name === n).id;
const officers = [await staff('李明'), await staff('刘芳')];
const unit = (await call(brigade, 'GET', '/api/v1/units?limit=200')).body.items.find((x) => x.name === '执法一中队').id;
const today = new Date(Date.now() + 8 * 3600e3).toISOString().slice(0, 10);
const ents = [];
for (let cursor = null, i = 0; i < 50; i++) {
  const r = await call(brigade, 'GET', `/api/v1/enterprises?status=active&limit=200${cursor ? '&cursor=' + cursor : ''}`);
  ents.push(...r.body.items.filter((e) => e.sector === 'chem'));
  cursor = r.body.next_cursor;
  if (!cursor) break;
}
const times = {};
const timed = async (k, fn) => {
  const t0 = process.hrtime.bigint();
  const r = await fn();
  (times[k] ||= []).push(Number(process.hrtime.bigint() - t0) / 1e6);
  if (r.status !== 200) throw new Error(`${k}: ${r.status} ${JSON.stringify(r.body)}`);
  return r.body;
};
let done = 0, last = 0;
for (const e of ents) {
  if (done >= N) break;
  const s = await call(brigade, 'POST', '/api/v1/inspections', { enterprise_id: e.id, unit_id: unit, type: 'routine',
    window_from: today, window_to: today, officers });
  if (s.status !== 201) continue;
  const id = s.body.id;
  await timed('health (floor)', () => call(officer, 'GET', '/api/v1/health'));
  let x = await timed('GET field', () => call(officer, 'GET', `/api/v1/inspections/${id}/field`));
  const w = (k, path, body) => timed(k, () => call(officer, 'POST', `/api/v1/inspections/${id}/${path}`, { version: x.version, ...body }));
  x = await w('start', 'start', {});
  for (const step of ['notice', 'check', 'feedback']) x = await w('step', 'steps', { step });
  x = await w('attendance', 'attendance', { principal_present: true, principal_name: '王总', safety_manager_present: false, operators_present: false });
  x = await w(`results (${x.checklist.length} lines)`, 'results', { items: x.checklist.map((l, i) => ({ line_id: l.line_id, verdict: i ? 'ok' : 'fail', note: '' })) });
  x = await w('notes', 'notes', { measures: '责令整改', education: '普法' });
  x = await w('report', 'report', {});
  done++; last = id;
}
const out = { walks: done, last, acts: {} };
for (const [k, a] of Object.entries(times)) {
  a.sort((p, q) => p - q);
  out.acts[k] = { n: a.length, mean: a.reduce((p, q) => p + q, 0) / a.length, p99: a[Math.min(a.length - 1, Math.floor(a.length * 0.99))] };
}
console.log(JSON.stringify({ ...out, cookie: officer }));
EOF2
node -e '
const r = JSON.parse(require("fs").readFileSync(process.argv[1], "utf8"));
console.log(`walks: ${r.walks} inspections carried out through the API as officer1, one request after another`);
for (const [k, v] of Object.entries(r.acts)) console.log(`  ${k.padEnd(28)} n=${String(v.n).padStart(4)}  mean ${v.mean.toFixed(2)} ms  p99 ${v.p99.toFixed(2)} ms`);
' "$OUT/walk.json"
last=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).last)' "$OUT/walk.json")
cookie=$(node -e 'console.log(JSON.parse(require("fs").readFileSync(process.argv[1],"utf8")).cookie)' "$OUT/walk.json")
for c in 1 16; do
  t=2; [ "$c" -lt 2 ] && t=1
  wrk -t$t -c$c -d"${BENCH_SECONDS}s" --latency -H "Cookie: $cookie" "http://127.0.0.1:$port/api/v1/inspections/$last/field" > "$OUT/wrk-field-$c.txt"
  rps=$(awk '/Requests\/sec/{print $2}' "$OUT/wrk-field-$c.txt")
  p50=$(awk '$1=="50%"{print $2}' "$OUT/wrk-field-$c.txt"); p99=$(awk '$1=="99%"{print $2}' "$OUT/wrk-field-$c.txt")
  echo "GET …/field (reported, with its checklist), $c connection(s): $rps req/s, p50 $p50, p99 $p99"
done
