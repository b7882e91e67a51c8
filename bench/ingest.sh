#!/usr/bin/env bash
# bench/ingest.sh - throughput of `ssp ingest` on a generated vendor export
# of the AI band (the marknova_band.csv form of examples/pilot: user_id,
# epoch_s, steps, hr, wear), mapped, pseudonymized, validated and written
# into a dataset whose roster is already in, beside DuckDB reading the same
# export with its types (the floor of any tool that must read it).
# Usage: bench/ingest.sh [--rows N] [--runs R] [--ssp PATH]
set -euo pipefail

ROWS=10000000 RUNS=3 SSP=bin/ssp SEED=20240717 GEN_VERSION=1
usage() { echo "usage: $0 [--rows N] [--runs R] [--ssp PATH]" >&2; exit 64; }
while [ $# -gt 0 ]; do
  case "$1" in
    --rows) ROWS=${2:?}; shift 2 ;;
    --runs) RUNS=${2:?}; shift 2 ;;
    --ssp)  SSP=${2:?}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done
for v in "$ROWS" "$RUNS"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "error: '$v' is not a positive integer" >&2; exit 64; }
done
case "$SSP" in /*|bin/ssp) ;; *) SSP="$PWD/$SSP" ;; esac   # --ssp is relative to the caller
cd "$(dirname "$0")/.."                      # repo root
[ -x "$SSP" ] || { echo "error: ssp binary '$SSP' not found (build it first: make)" >&2; exit 2; }
command -v hyperfine >/dev/null || { echo "error: required tool 'hyperfine' not found" >&2; exit 1; }
OUT=bench/out/ingest
mkdir -p "$OUT"
PEERS=$(bench/peers.sh)
PILOT=examples/pilot/dongducheon
CSV="$OUT/band-$ROWS.csv"

# 1. The export: the roster's 50 users, each a run of minutes from its
# first day, worn in long stretches, valid throughout.
STAMP="rows=$ROWS seed=$SEED gen=$GEN_VERSION"
if [ -f "$CSV" ] && [ "$(cat "$CSV.stamp" 2>/dev/null)" = "$STAMP" ]; then
  echo "data: reusing $CSV"
else
  echo "data: generating $CSV ($ROWS rows)"
  awk -F, -v n="$ROWS" -v seed="$SEED" 'NR > 1 { id[++ns] = $1 } END {
    srand(seed); print "user_id,epoch_s,steps,hr,wear"
    for (s = 1; s <= ns; s++) {
      cnt = int(n / ns) + (s <= n % ns); t = 1721142000 + 60 * int(rand() * 1440); w = 1
      for (i = 0; i < cnt; i++) {
        if (rand() < 0.003) w = !w
        if (w) { st = rand() < 0.6 ? 0 : int(rand() * 120); printf "%s,%d,%d,%d,1\n", id[s], t, st, 55 + int(rand() * 40) + int(st / 4) }
        else printf "%s,%d,0,,0\n", id[s], t
        t += 60
      }
    } }' "$PILOT/대상자명단.csv" > "$CSV.tmp"
  mv "$CSV.tmp" "$CSV"
  echo "$STAMP" > "$CSV.stamp"
fi
BYTES=$(stat -c %s "$CSV")
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "data: $CSV is $ROWS rows, $MB MB"

# 2. The dataset with its roster, copied afresh before each run.
install -m 600 examples/demo-hmac.key "$OUT/h.key"
rm -rf "$OUT/ds0" && "$SSP" ingest -q --key "$OUT/h.key" -o "$OUT/ds0" \
  --map examples/mappings/roster-dongducheon.json "$PILOT/대상자명단.csv"
q() { printf '%q' "$1"; }
SSP_CMD="$(q "$SSP") ingest -q --key $OUT/h.key -o $OUT/ds --map examples/mappings/marknova-band.json $(q "$CSV")"
DUCK_CMD="NODE_PATH=$(q "$PEERS") node bench/peers.js duckdb read $(q "$CSV") $OUT/duckdb.csv 2"
PREP="rm -rf $OUT/ds && cp -a $OUT/ds0 $OUT/ds"

# 3. Correctness: every row accepted by ssp, every row counted by DuckDB.
bash -c "$PREP" && "$SSP" ingest --key "$OUT/h.key" -o "$OUT/ds" --map examples/mappings/marknova-band.json \
  "$CSV" 2> "$OUT/check.txt"
grep -q ": $ROWS rows read, $ROWS accepted, 0 rejected, 0 duplicates, 0 filtered$" "$OUT/check.txt" ||
  { echo "FAIL: ssp ingest did not accept every row:" >&2; cat "$OUT/check.txt" >&2; exit 1; }
[ "$(( $(wc -l < "$OUT/ds/logs/ai_band_minutes.csv") - 1 ))" -eq "$ROWS" ] || { echo "FAIL: the table has not $ROWS rows" >&2; exit 1; }
bash -c "$DUCK_CMD" && [ "$(sed -n 2p "$OUT/duckdb.csv")" = "$ROWS" ] ||
  { echo "FAIL: DuckDB counted $(sed -n 2p "$OUT/duckdb.csv") rows, not $ROWS" >&2; exit 1; }
echo "check: ssp ingest accepted all $ROWS rows; DuckDB read $ROWS"

# 4. Timing.
HF_CSV="$OUT/hyperfine.csv"
hyperfine -S bash --warmup 1 --runs "$RUNS" --export-csv "$HF_CSV" \
  -n ssp --prepare "$PREP" "$SSP_CMD" -n duckdb "$DUCK_CMD"
median_of() { awk -F, -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "median") c = i; next }
  $1 == name { print $c }' "$HF_CSV"; }
S=$(median_of ssp) D=$(median_of duckdb)
RSS=$( (bash -c "$PREP"; /usr/bin/time -f %M bash -c "$SSP_CMD") 2>&1 | tail -n 1)
awk -v rows="$ROWS" -v mb="$MB" -v s="$S" -v d="$D" -v rss="$RSS" 'BEGIN {
  printf "ingest bench: %d rows (%s MB): ssp ingest %.2f s (%.0f rows/s, %.1f MB/s, peak %.0f MiB); DuckDB read alone %.2f s (%.0f rows/s, %.1f MB/s), %.1fx faster\n",
    rows, mb, s, rows / s, mb / s, rss / 1024, d, rows / d, mb / d, s / d }'
