#!/usr/bin/env bash
# bench/validate.sh - benchmark `ssp validate` against DuckDB doing the same
# checks (bench/peers.js validate: the log read with its types, every cell's
# constraints and the primary key), with a bare read of the file, `wc -l` and
# a bare libcsv tokenizing pass (bench/csvcount.c) as floors, on a generated
# ai_band_minutes device log of 10 M rows. Goals: ssp validate at least 2x
# faster than DuckDB; key memory at most 32 bytes a row (the peak RSS of the
# whole run, over the rows, bounds it).
# Usage: bench/validate.sh [--rows N] [--runs R] [--ssp PATH]
set -euo pipefail

ROWS=10000000 RUNS=5 SSP=bin/ssp SEED=20240701 GEN_VERSION=1 TABLE=ai_band_minutes
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
if [ ! -x "$SSP" ]; then
  echo "error: ssp binary '$SSP' not found or not executable (build it first: make)" >&2
  exit 2
fi
for t in cc hyperfine; do
  command -v "$t" >/dev/null || { echo "error: required tool '$t' not found" >&2; exit 1; }
done
OUT=bench/out
mkdir -p "$OUT"
PEERS=$(bench/peers.sh)
CSV="$OUT/validate-$ROWS.csv"

# 1. The libcsv floor: count fields and records, nothing else.
cc -O2 -o "$OUT/csvcount" bench/csvcount.c -lcsv

# 2. Deterministic data: ~500 subjects (s_ + 12 hex digits), each a run of
# consecutive minutes (+09:00) with rare sync gaps, so (subject_id, ts) is
# unique; worn is a two-state Markov chain; steps 0-300, mostly 0 or small,
# with walking bouts; heart_rate 40-140 when worn ("" when not, "NA" on 1%
# of worn minutes: signal loss). Every row is valid against the schema.
STAMP="rows=$ROWS seed=$SEED gen=$GEN_VERSION"
if [ -f "$CSV" ] && [ "$(cat "$CSV.stamp" 2>/dev/null)" = "$STAMP" ]; then
  echo "data: reusing $CSV"
else
  echo "data: generating $CSV ($ROWS rows, seed $SEED)"
  awk -v n="$ROWS" -v seed="$SEED" '
    function civil(z,   era, doe, yoe, y, doy, mp, d, m) {   # days since 1970-01-01 -> Y-M-D
      z += 719468; era = int(z / 146097); doe = z - era * 146097
      yoe = int((doe - int(doe / 1460) + int(doe / 36524) - int(doe / 146096)) / 365)
      y = yoe + era * 400; doy = doe - (365 * yoe + int(yoe / 4) - int(yoe / 100))
      mp = int((5 * doy + 2) / 153); d = doy - int((153 * mp + 2) / 5) + 1
      m = mp < 10 ? mp + 3 : mp - 9; if (m <= 2) y++
      return sprintf("%04d-%02d-%02d", y, m, d)
    }
    BEGIN {
      srand(seed)
      ns = n < 500 ? n : 500; day0 = 19905                 # 2024-07-01
      hex = "0123456789abcdef"
      for (s = 1; s <= ns; s++) {
        do { id = "s_"; for (k = 0; k < 12; k++) id = id substr(hex, 1 + int(rand() * 16), 1) } while (id in used)
        used[id] = 1; sid[s] = id
      }
      print "subject_id,ts,steps,heart_rate,worn"
      for (s = 1; s <= ns; s++) {
        cnt = int(n / ns) + (s <= n % ns)
        t = int(rand() * 30 * 1440)                        # minutes after 2024-07-01T00:00+09:00
        rest = 55 + int(rand() * 25); worn = rand() < 0.8; walking = 0
        for (i = 0; i < cnt; i++) {
          if (rand() < 0.002) t += 1 + int(rand() * 180)   # device not synced: minutes missing
          d = int(t / 1440); mod = t - d * 1440; h = int(mod / 60); mi = mod - h * 60
          if (!(d in day)) day[d] = civil(day0 + d)
          if (worn) { if (rand() < 0.004) worn = 0 } else if (rand() < 0.03) worn = 1
          if (worn) {
            if (walking) { if (rand() < 0.1) walking = 0 } else if (rand() < (h < 6 ? 0.002 : 0.03)) walking = 1
            r = rand()
            if (walking) steps = 70 + int(rand() * 60) + (r < 0.05 ? int(rand() * 170) : 0)
            else steps = r < 0.65 ? 0 : (r < 0.9 ? int(rand() * 15) : int(rand() * 50))
            hr = rest + int(steps / 4) + int(6 * (rand() + rand() + rand() - 1.5)) - (h < 6 ? 5 : 0)
            hr = hr < 40 ? 40 : (hr > 140 ? 140 : hr)
            printf "%s,%sT%02d:%02d:00+09:00,%d,%s,true\n", sid[s], day[d], h, mi, steps, rand() < 0.01 ? "NA" : hr
          } else
            printf "%s,%sT%02d:%02d:00+09:00,0,,false\n", sid[s], day[d], h, mi
          t++
        }
      }
    }' > "$CSV.tmp"
  mv "$CSV.tmp" "$CSV"
  echo "$STAMP" > "$CSV.stamp"
fi
BYTES=$(stat -c %s "$CSV")
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "data: $CSV is $BYTES bytes ($MB MB)"

# 3. Correctness: all three agree on the size of the file, and ssp accepts
# every row (its foreign-key warning about subjects is expected in
# single-table mode).
lines=$(wc -l < "$CSV")
[ "$lines" -eq $((ROWS + 1)) ] || { echo "FAIL: wc -l says $lines lines, expected $((ROWS + 1))" >&2; exit 1; }
counts=$("$OUT/csvcount" "$CSV") || { echo "FAIL: csvcount rejected $CSV" >&2; exit 1; }
if [ "$counts" != "$((ROWS + 1)) $((5 * (ROWS + 1)))" ]; then
  echo "FAIL: csvcount says '$counts' (records fields), expected '$((ROWS + 1)) $((5 * (ROWS + 1)))'" >&2; exit 1
fi
rc=0
"$SSP" validate -q --max-errors 5 --table "$TABLE" "$CSV" 2> "$OUT/validate-check.txt" || rc=$?
if [ "$rc" -ne 0 ]; then
  echo "FAIL: ssp validate exited with status $rc:" >&2; sed 's/^/  /' "$OUT/validate-check.txt" >&2; exit 1
fi
if ! grep -q ": $ROWS rows read, $ROWS valid, 0 rejected$" "$OUT/validate-check.txt"; then
  echo "FAIL: ssp validate did not report $ROWS valid rows:" >&2; sed 's/^/  /' "$OUT/validate-check.txt" >&2; exit 1
fi
NODE_PATH="$PEERS" node bench/peers.js duckdb validate "$CSV" "$OUT/validate-duckdb.csv" 2
if [ "$(sed -n 2p "$OUT/validate-duckdb.csv")" != "$ROWS,0,0" ]; then
  echo "FAIL: DuckDB says rows,bad,repeated = $(sed -n 2p "$OUT/validate-duckdb.csv"), expected $ROWS,0,0" >&2; exit 1
fi
echo "check: wc -l, csvcount, DuckDB and ssp validate agree on $ROWS rows; all valid, no key repeated"

# 4. Timing: one hyperfine run with all three commands, output discarded.
q() { printf '%q' "$1"; }
TOOLS=(read wc libcsv duckdb ssp)
cmd_for() {  # cmd_for TOOL -> shell command string
  case "$1" in
    read)   echo "cat $(q "$CSV") > /dev/null" ;;
    duckdb) echo "NODE_PATH=$(q "$PEERS") node bench/peers.js duckdb validate $(q "$CSV") $OUT/validate-duckdb.csv 2" ;;
    wc)     echo "wc -l $(q "$CSV") > /dev/null" ;;
    libcsv) echo "$OUT/csvcount $(q "$CSV") > /dev/null" ;;
    ssp)    echo "$(q "$SSP") validate -q --max-errors 0 --table $TABLE $(q "$CSV") > /dev/null 2>&1" ;;
  esac
}
declare -A LABEL=([read]="cat (read)" [wc]="wc -l" [libcsv]="libcsv" [duckdb]="DuckDB" [ssp]="ssp validate")
HF_CSV="$OUT/validate-$ROWS-hyperfine.csv"
hf_args=()
for t in "${TOOLS[@]}"; do hf_args+=(-n "$t" "$(cmd_for "$t")"); done
hyperfine --warmup 1 --runs "$RUNS" --export-csv "$HF_CSV" "${hf_args[@]}"

median_of() {  # median seconds for a command name, from hyperfine's CSV
  awk -F, -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "median") c = i; next }
    $1 == name { print $c; found = 1 } END { if (!found || !c) exit 1 }' "$HF_CSV"
}
declare -A MED MBS
for t in "${TOOLS[@]}"; do
  MED[$t]=$(median_of "$t") || { echo "FAIL: no median for $t in $HF_CSV" >&2; exit 1; }
  MBS[$t]=$(awk -v b="$BYTES" -v s="${MED[$t]}" 'BEGIN { printf "%.1f", b / s / 1e6 }')
done

# Peak RSS of ssp validate, once.
RSS="n/a"
if [ -x /usr/bin/time ]; then
  /usr/bin/time -f %M -o "$OUT/rss-validate.txt" sh -c "$(cmd_for ssp)"
  RSS=$(awk '{ printf "%.1f", $1 / 1024 }' "$OUT/rss-validate.txt")
else
  echo "note: /usr/bin/time not found (apt package 'time'); skipping peak RSS"
fi

RATIO=$(awk -v s="${MED[ssp]}" -v l="${MED[libcsv]}" 'BEGIN { printf "%.2f", l / s }')  # speed ratio
echo
printf '%-14s %12s %10s %12s\n' tool "median (s)" "MB/s" "vs libcsv"
for t in "${TOOLS[@]}"; do
  printf '%-14s %12.3f %10.1f %11.2fx\n' "${LABEL[$t]}" "${MED[$t]}" "${MBS[$t]}" \
    "$(awk -v s="${MED[$t]}" -v l="${MED[libcsv]}" 'BEGIN { print l / s }')"
done
echo "ssp validate peak RSS: $RSS MiB ($(awk -v m="$RSS" -v n="$ROWS" 'BEGIN { printf "%.1f", m * 1048576 / n }') bytes a row)"
echo "validate bench: $ROWS rows ($MB MB): wc -l ${MBS[wc]} MB/s, libcsv ${MBS[libcsv]} MB/s," \
  "ssp validate ${MBS[ssp]} MB/s ($RATIO of libcsv)"
awk -v s="${MED[ssp]}" -v d="${MED[duckdb]}" -v m="$RSS" -v n="$ROWS" 'BEGIN {
  printf "goal: ssp validate %.2fx faster than DuckDB (goal 2x); %.1f bytes a row all told (goal: key memory 32)\n", d / s, m * 1048576 / n }'
