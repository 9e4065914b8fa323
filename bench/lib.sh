# bench/lib.sh — the set-up every benchmark script shares, sourced after it
# sets NAME (for messages), OUT (its output folder) and ZHIFA_BIN, and
# optionally BENCH_TOOLS (commands it needs) and BENCH_CLEAN (extra globs
# under $OUT removed at exit). Gives: die; at exit, the server $server_pid
# stopped and the databases removed (kept with BENCH_KEEP=1); the tools and
# the binary checked; $OUT created and everything printed copied to
# $OUT/results.txt; free_port, now, secs; serve (the binary on $DB at a
# free $port, waited for, as $server_pid) and login (a session cookie).
server_pid=""

die(){ echo "bench/$NAME: $*" >&2; exit 1; }
bench_cleanup(){
  if [ -n "$server_pid" ] && kill -0 "$server_pid" 2>/dev/null; then
    kill -TERM "$server_pid" 2>/dev/null || true
    wait "$server_pid" 2>/dev/null || true
  fi
  if [ "${BENCH_KEEP:-0}" != 1 ]; then
    rm -f "$OUT"/*.db "$OUT"/*.db-*
    for g in ${BENCH_CLEAN:-}; do rm -rf "$OUT"/$g; done
  fi
}
trap bench_cleanup EXIT
trap 'exit 130' INT TERM

for t in ${BENCH_TOOLS:-}; do
  command -v "$t" >/dev/null || die "$t is missing (scripts/deps.sh bench)"
done
[ -x "$ZHIFA_BIN" ] || die "$ZHIFA_BIN is missing (make)"
mkdir -p "$OUT"
rm -f "$OUT"/*.db "$OUT"/*.db-* "$OUT/results.txt"
for g in ${BENCH_CLEAN:-}; do rm -rf "$OUT"/$g; done
exec > >(tee "$OUT/results.txt") 2>&1

# A free TCP port on the loopback.
free_port(){ node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }
# Wall-clock seconds, and the difference of two such readings.
now(){ date +%s.%N; }
secs(){ awk -v a="$1" -v b="$2" 'BEGIN{printf "%.2f", b-a}'; }

# serve [THREADS]: starts "$ZHIFA_BIN serve" on $DB at a free loopback $port
# (THREADS server threads, default one per CPU), logs to $OUT/serve.log,
# sets $server_pid (stopped at exit) and waits until it answers.
serve(){
  port=$(free_port)
  "$ZHIFA_BIN" serve --db "$DB" --listen "127.0.0.1:$port" --threads "${1:-$(nproc)}" > "$OUT/serve.log" 2>&1 &
  server_pid=$!
  for i in $(seq 1 100); do curl -s -o /dev/null "http://127.0.0.1:$port/api/v1/health" && break; sleep 0.1; done
}
# login USER: the "zf_session=…" cookie of USER signed in with $PASSWORD.
login(){ curl -s -D - -o /dev/null -H 'content-type: application/json' \
  -d "{\"username\":\"$1\",\"password\":\"$PASSWORD\"}" "http://127.0.0.1:$port/api/v1/session" \
  | sed -n 's/^[Ss]et-[Cc]ookie: \(zf_session=[^;]*\).*/\1/p'; }
