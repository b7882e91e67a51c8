#!/usr/bin/env bash
# bench/panel.sh - benchmark `ssp panel` against R data.table, an awk | GNU
# datamash pipeline and Miller on a generated ai_band_minutes log (default
# >= 10 million rows), each computing per (subject_id, date = first 10 chars
# of ts): wear_minutes (rows with worn == true), steps (sum), active_minutes
# (rows with steps > 0). Goal: ssp fastest, >= 2x faster than data.table,
# peak memory not growing with the log size (ssp is also run on half the log).
# Usage: bench/panel.sh [--rows-target N] [--runs R] [--ssp PATH]
# shellcheck disable=SC2016  # single-quoted awk, Miller and R code, not shell
set -euo pipefail

TARGET=10000000 RUNS=3 SSP=bin/ssp SEED=7 GEN_VERSION=1
usage() { echo "usage: $0 [--rows-target N] [--runs R] [--ssp PATH]" >&2; exit 64; }
while [ $# -gt 0 ]; do
  case "$1" in
    --rows-target) TARGET=${2:?}; shift 2 ;;
    --runs)        RUNS=${2:?}; shift 2 ;;
    --ssp)         SSP=${2:?}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done
for v in "$TARGET" "$RUNS"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "error: '$v' is not a positive integer" >&2; exit 64; }
done

case "$SSP" in /*|bin/ssp) ;; *) SSP="$PWD/$SSP" ;; esac   # --ssp is relative to the caller
cd "$(dirname "$0")/.."                      # repo root
if [ ! -x "$SSP" ]; then
  echo "error: ssp binary '$SSP' not found or not executable (build it first: make)" >&2
  exit 2
fi
for t in Rscript datamash hyperfine; do
  command -v "$t" >/dev/null || { echo "error: required tool '$t' not found" >&2; exit 1; }
done
command -v mlr >/dev/null || { echo "error: Miller ('mlr') not found; install it: apt-get install -y miller" >&2; exit 1; }
OUT=bench/out
mkdir -p "$OUT"
PILOT="$OUT/panel-pilot"
LOG="$PILOT/logs/ai_band_minutes.csv"

# 1. Data from ssp synth. The band log has ~120,000 rows per unit of
# scale x log-day (1440 a household-day); take 14 days (fewer for small
# targets), a scale 3% above the estimate, and grow it if still short.
STAMP="rows-target=$TARGET seed=$SEED gen=$GEN_VERSION $("$SSP" --version 2>/dev/null | head -n 1)"
if [ -f "$LOG" ] && [ "$(head -n 1 "$PILOT.stamp" 2>/dev/null)" = "$STAMP" ]; then
  echo "data: reusing $LOG ($(sed -n 2p "$PILOT.stamp"))"
else
  DAYS=$(awk -v t="$TARGET" 'BEGIN { d = int(t * 1.03 / 120000) + 1; print (d > 14 ? 14 : d) }')
  SCALE=$(awk -v t="$TARGET" -v d="$DAYS" 'BEGIN { s = t * 1.03 / (120000 * d); printf "%.2f", s < 0.01 ? 0.01 : s + 0.005 }')
  for try in 1 2 3 4; do
    echo "data: ssp synth --canonical --seed $SEED --scale $SCALE --log-days $DAYS (target $TARGET rows)"
    rm -rf "$PILOT" "$PILOT.tmp"
    "$SSP" synth --canonical --seed "$SEED" --scale "$SCALE" --log-days "$DAYS" -o "$PILOT.tmp" > /dev/null
    N=$(( $(wc -l < "$PILOT.tmp/logs/ai_band_minutes.csv") - 1 ))
    [ "$N" -ge "$TARGET" ] && break
    [ "$try" -eq 4 ] && { echo "error: could not reach $TARGET rows (last: $N)" >&2; exit 1; }
    SCALE=$(awk -v s="$SCALE" -v n="$N" -v t="$TARGET" 'BEGIN { printf "%.2f", s * t / n * 1.02 + 0.01 }')
  done
  mv "$PILOT.tmp" "$PILOT"
  printf '%s\nscale=%s log-days=%s rows=%s\n' "$STAMP" "$SCALE" "$DAYS" "$N" > "$PILOT.stamp"
fi
ROWS=$(( $(wc -l < "$LOG") - 1 ))
BYTES=$(stat -c %s "$LOG")
MB=$(awk -v b="$BYTES" 'BEGIN { printf "%.1f", b / 1e6 }')
echo "data: $LOG is $ROWS rows, $BYTES bytes ($MB MB)"
[ "$(head -n 1 "$LOG")" = "subject_id,ts,steps,heart_rate,worn" ] || { echo "FAIL: unexpected header in $LOG" >&2; exit 1; }

# 2. The commands, run by bash. Each writes its result to $OUT/panel-TOOL*.
# fread would parse ts as POSIXct (UTC) and worn as logical: read ts as text
# so substr() gives the local date; as.logical() accepts either form of worn.
q() { printf '%q' "$1"; }
R_EXPR='suppressMessages(library(data.table)); setDTthreads(2); a <- commandArgs(trailingOnly = TRUE); d <- fread(a[1], colClasses = list(character = "ts")); fwrite(d[, .(wear_minutes = sum(as.logical(worn)), steps = sum(steps), active_minutes = sum(steps > 0)), by = .(subject_id, date = substr(ts, 1, 10))], a[2])'
AWK_PREP='BEGIN { FS = OFS = "," } NR > 1 { print $1, substr($2, 1, 10), ($5 == "true"), $3, ($3 > 0) }'
MLR_PUT='$date = substr1($ts, 1, 10); $worn01 = $worn == "true" ? 1 : 0; $active01 = $steps > 0 ? 1 : 0'
PEERS=$(bench/peers.sh)
TOOLS=(ssp duckdb polars data.table datamash miller)
cmd_for() {  # cmd_for TOOL [LOGFILE] -> bash command string
  local log=${2:-$LOG}
  case "$1" in
    ssp)        echo "$(q "$SSP") panel -q -o $OUT/panel-ssp $(q "$log") 2> $OUT/panel-ssp.err" ;;
    duckdb|polars) echo "NODE_PATH=$(q "$PEERS") node bench/peers.js $1 panel $(q "$log") $OUT/panel-$1.csv 2" ;;
    data.table) echo "Rscript -e '$R_EXPR' $(q "$log") $OUT/panel-data.table.csv" ;;
    datamash)   echo "set -o pipefail; awk '$AWK_PREP' $(q "$log") | datamash -t, -s -g 1,2 sum 3 sum 4 sum 5 > $OUT/panel-datamash.csv" ;;
    miller)     echo "mlr --icsv --ocsv put '$MLR_PUT' then stats1 -a sum -f worn01,steps,active01 -g subject_id,date $(q "$log") > $OUT/panel-miller.csv" ;;
  esac
}

# 3. Correctness: every tool's subject-day table (subject,date,wear,steps,active)
# must equal ssp's, converted from its long form; ssp's rows must be sorted.
echo "check: running each tool once"
for t in "${TOOLS[@]}"; do
  bash -c "$(cmd_for "$t")" || { echo "FAIL: $t exited with status $?" >&2
    [ "$t" != ssp ] || cat "$OUT/panel-ssp.err" >&2; exit 1; }
done
U="$OUT/panel-ssp/usage.csv"
[ "$(head -n 1 "$U")" = "subject_id,date,metric,value" ] || { echo "FAIL: unexpected header in $U" >&2; exit 1; }
awk -F, 'NR > 1 { k = $1 "," $2; if (k < prev) { print "FAIL: " FILENAME " not sorted at line " NR > "/dev/stderr"; exit 1 } prev = k }' "$U"
awk -F, 'NR > 1 && $3 ~ /^(wear_minutes|steps|active_minutes)$/ { k = $1 "," $2; if (!(k in seen)) { seen[k]; key[++n] = k } v[k, $3] = $4 }
  END { for (i = 1; i <= n; i++) { k = key[i]; print k "," v[k, "wear_minutes"] "," v[k, "steps"] "," v[k, "active_minutes"] } }' "$U" |
  LC_ALL=C sort > "$OUT/panel-check-ssp.txt"
NDAYS=$(wc -l < "$OUT/panel-check-ssp.txt")
[ "$NDAYS" -gt 0 ] || { echo "FAIL: ssp wrote no subject-days" >&2; exit 1; }
compare() {  # compare NAME FILE HEADER: same subject-days, same three numbers
  local f="$OUT/panel-check-$1.txt"
  awk -F, -v OFS=, -v hdr="$3" 'FNR == 1 && hdr != "" { if ($0 != hdr) { print "FAIL: header " $0 > "/dev/stderr"; exit 1 } next }
    { print $1, $2, $3 + 0, $4 + 0, $5 + 0 }' "$2" | LC_ALL=C sort > "$f"
  if ! cmp -s "$OUT/panel-check-ssp.txt" "$f"; then
    echo "FAIL: ssp and $1 disagree (subject,date,wear,steps,active; < ssp, > $1):" >&2
    diff "$OUT/panel-check-ssp.txt" "$f" | grep '^[<>]' | head -n 10 >&2; exit 1
  fi
  echo "check: ssp == $1 on $NDAYS subject-days (wear_minutes, steps, active_minutes)"
}
compare duckdb     "$OUT/panel-duckdb.csv"     "subject_id,date,wear_minutes,steps,active_minutes"
compare polars     "$OUT/panel-polars.csv"     "subject_id,date,wear_minutes,steps,active_minutes"
compare data.table "$OUT/panel-data.table.csv" "subject_id,date,wear_minutes,steps,active_minutes"
compare datamash   "$OUT/panel-datamash.csv"   ""
compare miller     "$OUT/panel-miller.csv"     "subject_id,date,worn01_sum,steps_sum,active01_sum"

# 4. Timing: one hyperfine run with all four commands.
HF_CSV="$OUT/panel-$ROWS-hyperfine.csv"
hf_args=()
for t in "${TOOLS[@]}"; do hf_args+=(-n "$t" "$(cmd_for "$t")"); done
hyperfine -S bash --warmup 1 --runs "$RUNS" --export-csv "$HF_CSV" "${hf_args[@]}"

median_of() {  # median seconds for a command name, from hyperfine's CSV
  awk -F, -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "median") c = i; next }
    $1 == name { print $c; found = 1 } END { if (!found || !c) exit 1 }' "$HF_CSV"
}
declare -A MED RSS
for t in "${TOOLS[@]}"; do MED[$t]=$(median_of "$t") || { echo "FAIL: no median for $t in $HF_CSV" >&2; exit 1; }; done

# Peak RSS, once per tool. GNU time reports the largest single process in
# the tree, not the sum: for the datamash pipeline that is awk, datamash or
# the sort(1) that datamash -s spawns (reading a pipe, sort keeps a small
# buffer and spills to temporary files, so its peak stays low); for
# data.table it is R. ssp is also
# run on the first half of the log, to see whether its memory grows.
HALF="$OUT/panel-half.csv"
head -n $(( ROWS / 2 + 1 )) "$LOG" > "$HALF"
rss() { /usr/bin/time -f %M -o "$OUT/panel-rss.txt" bash -c "$1"; awk '{ v = $1 } END { printf "%.1f", v / 1024 }' "$OUT/panel-rss.txt"; }
if [ -x /usr/bin/time ]; then
  for t in "${TOOLS[@]}"; do RSS[$t]=$(rss "$(cmd_for "$t")"); done
  RSS_HALF=$(rss "$(cmd_for ssp "$HALF")")
else
  echo "note: /usr/bin/time not found (apt package 'time'); skipping peak RSS"
  for t in "${TOOLS[@]}"; do RSS[$t]="n/a"; done; RSS_HALF="n/a"
fi
rm -f "$HALF"

echo
printf '%-12s %12s %10s %12s\n' tool "median (s)" "vs ssp" "peak MiB"
for t in "${TOOLS[@]}"; do
  printf '%-12s %12.3f %9.2fx %12s\n' "$t" "${MED[$t]}" \
    "$(awk -v a="${MED[$t]}" -v b="${MED[ssp]}" 'BEGIN { print a / b }')" "${RSS[$t]}"
done
echo "(peak MiB: largest single process; for datamash that of awk, datamash or its sort)"
echo "ssp peak MiB: ${RSS[ssp]} on $ROWS rows, $RSS_HALF on $(( ROWS / 2 )) rows (first half)"
awk -v rows="$ROWS" -v mb="$MB" -v s="${MED[ssp]}" -v r="${MED[data.table]}" -v d="${MED[datamash]}" -v m="${MED[miller]}" \
    -v ps="${RSS[ssp]}" -v pr="${RSS[data.table]}" -v pd="${RSS[datamash]}" -v pm="${RSS[miller]}" -v ph="$RSS_HALF" 'BEGIN {
  printf "panel bench: %d rows (%s MB): ssp %.2f s, data.table %.2f s (%.1fx), datamash %.2f s (%.1fx), Miller %.2f s (%.1fx); ",
    rows, mb, s, r, r / s, d, d / s, m, m / s
  printf "peak MiB ssp %s (%s at half), data.table %s, datamash %s, Miller %s\n", ps, ph, pr, pd, pm
  fast = (s < r && s < d && s < m) ? "yes" : "no"; two = (r / s >= 2) ? "yes" : "no"
  flat = (ps == "n/a") ? "n/a" : ((ps <= ph * 1.1 + 1) ? "yes" : "no")
  printf "goal: ssp fastest %s; >= 2x faster than data.table %s (%.2fx); memory flat from half to full log %s\n", fast, two, r / s, flat
}'
awk -v s="${MED[ssp]}" -v d="${MED[duckdb]}" -v p="${MED[polars]}" -v ps="${RSS[ssp]}" -v pd="${RSS[duckdb]}" -v pp="${RSS[polars]}" 'BEGIN {
  printf "goal: ssp at least 4x ahead of DuckDB (%.2fx, %s MiB) and Polars (%.2fx, %s MiB); ssp %s MiB\n", d / s, pd, p / s, pp, ps }'
