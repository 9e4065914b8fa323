#!/usr/bin/env bash
# bench/evidence.sh — evidence upload benchmark (issue 5, item 5), after
# build/zhifa is built. Run by hand or from `make bench`:
#
#   a file of BENCH_EVIDENCE_MB MiB (default 1024: JPEG magic bytes, then
#   /dev/urandom; created once as /tmp/zhifa-bench-evidence-<MB>.bin and
#   reused) is uploaded with curl over loopback to POST /api/v1/evidence
#   (streamed to DB.files/uploads, hashed, fsync'ed, renamed into the
#   content-addressed store) BENCH_EVIDENCE_ROUNDS times (default 2: the
#   first stores the bytes, the next find them already stored). Reported:
#   MB/s of each upload (curl's total time, so the server's hashing and
#   fsync are inside), whether the server's SHA-256 matches sha256sum, and
#   the server's resident memory: VmRSS just before the first upload and
#   VmHWM (peak, reset before the first upload) after the last, the
#   difference being the extra memory the uploads cost. Targets: ≥ 200 MB/s, < 20 MB extra RSS.
#
# Knobs: BENCH_EVIDENCE_MB, BENCH_EVIDENCE_ROUNDS, BENCH_THREADS (2),
# ZHIFA_BIN (build/zhifa). Figures are reported, not asserted.
# Output: build/bench-evidence/results.txt.
set -euo pipefail
cd "$(dirname "$0")/.."

MB=${BENCH_EVIDENCE_MB:-1024}
ROUNDS=${BENCH_EVIDENCE_ROUNDS:-2}
BENCH_THREADS=${BENCH_THREADS:-2}
ZHIFA_BIN=${ZHIFA_BIN:-build/zhifa}
OUT=build/bench-evidence
PASSWORD=bench-pass-2026
SRC=/tmp/zhifa-bench-evidence-$MB.bin
NAME=evidence
BENCH_TOOLS="curl node"
BENCH_CLEAN="*.files cookies"
. bench/lib.sh
kb(){ awk '/^'"$1"':/{print $2}' "/proc/$server_pid/status"; }

echo "zhifa evidence benchmark — $(date -u '+%Y-%m-%d %H:%M UTC')"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'), load average $(cut -d' ' -f1-3 /proc/loadavg) at start"
echo "software: $("$ZHIFA_BIN" --version), $(curl --version | head -1 | cut -d' ' -f1-2)"

if [ ! -s "$SRC" ] || [ "$(stat -c %s "$SRC")" != $((MB * 1048576)) ]; then
  echo "creating $SRC ($MB MiB from /dev/urandom, once)"
  { printf '\xff\xd8\xff\xe0'; head -c $((MB * 1048576 - 4)) /dev/urandom; } > "$SRC"
fi
want=$(sha256sum "$SRC" | cut -d' ' -f1)

"$ZHIFA_BIN" demo --db "$OUT/ev.db" --password "$PASSWORD" >/dev/null 2>&1
port=$(free_port)
"$ZHIFA_BIN" serve --db "$OUT/ev.db" --listen "127.0.0.1:$port" --threads "$BENCH_THREADS" 2>"$OUT/server.log" &
server_pid=$!
url="http://127.0.0.1:$port"
for _ in $(seq 100); do curl -fs "$url/api/v1/health" >/dev/null && break; sleep 0.1; done
curl -fs -c "$OUT/cookies" -H 'content-type: application/json' \
  -d "{\"username\":\"officer1\",\"password\":\"$PASSWORD\"}" "$url/api/v1/session" >/dev/null
insp=$(curl -fs -b "$OUT/cookies" "$url/api/v1/inspections?limit=1" | sed -n 's/^{"items":\[{"id":\([0-9]*\).*/\1/p')
[ -n "$insp" ] || die "no inspection in the demo"

# the peak so far is start-up's (migrations, reference data): reset it
# (clear_refs 5, Linux ≥ 4.0) so that VmHWM below is the uploads' peak
echo 5 > "/proc/$server_pid/clear_refs" 2>/dev/null || echo "(cannot reset VmHWM: the peak below includes start-up)"
rss0=$(kb VmRSS)
echo "server VmRSS before the uploads: $((rss0 / 1024)) MB"
for i in $(seq "$ROUNDS"); do
  res=$(curl -s -b "$OUT/cookies" -H 'X-Requested-With: zhifa' -H 'Content-Type: application/octet-stream' \
    -H "Expect:" -X POST -T "$SRC" -w '\n%{http_code} %{time_total}' \
    "$url/api/v1/evidence?link_kind=inspection&link_id=$insp&name=bench.jpg")
  code=$(echo "$res" | tail -1 | cut -d' ' -f1)
  t=$(echo "$res" | tail -1 | cut -d' ' -f2)
  got=$(echo "$res" | head -1 | sed -n 's/.*"sha256":"\([0-9a-f]*\)".*/\1/p')
  [ "$code" = 201 ] || die "upload $i answered $code: $(echo "$res" | head -1)"
  ok=$([ "$got" = "$want" ] && echo "hash matches" || echo "HASH MISMATCH")
  awk -v mb="$MB" -v t="$t" -v i="$i" -v ok="$ok" \
    'BEGIN{printf "upload %d: %d MiB in %.2f s = %.0f MB/s (%s)%s\n", i, mb, t, mb*1.048576/t, ok, i==1 ? "" : ", already stored"}'
done
hwm=$(kb VmHWM)
echo "server VmHWM after the uploads: $((hwm / 1024)) MB; extra resident memory: $(((hwm - rss0) / 1024)).$(((hwm - rss0) % 1024 * 10 / 1024)) MB (target < 20 MB)"
echo "store: $(find "$OUT/ev.db.files/evidence" -type f | wc -l) file(s), uploads dir: $(find "$OUT/ev.db.files/uploads" -type f | wc -l) file(s)"
