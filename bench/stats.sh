#!/usr/bin/env bash
# bench/stats.sh - benchmark `ssp stats` against DuckDB, Polars, GNU datamash
# and R data.table: per-group mean and median of `value` grouped by `subject`
# over a generated CSV (5 M rows, 2,000 groups). Goal: ssp at least 2x faster
# than DuckDB and than Polars, peak memory at most 64 MiB + 8 bytes a value.
# Usage: bench/stats.sh [--rows N] [--groups G] [--runs R] [--ssp PATH]
set -euo pipefail

ROWS=5000000 GROUPS_N=2000 RUNS=5 SSP=bin/ssp SEED=20240611 GEN_VERSION=1
usage() { echo "usage: $0 [--rows N] [--groups G] [--runs R] [--ssp PATH]" >&2; exit 64; }
while [ $# -gt 0 ]; do
  case "$1" in
    --rows)   ROWS=${2:?}; shift 2 ;;
    --groups) GROUPS_N=${2:?}; shift 2 ;;
    --runs)   RUNS=${2:?}; shift 2 ;;
    --ssp)    SSP=${2:?}; shift 2 ;;
    -h|--help) usage ;;
    *) echo "unknown argument: $1" >&2; usage ;;
  esac
done
for v in "$ROWS" "$GROUPS_N" "$RUNS"; do
  [[ "$v" =~ ^[1-9][0-9]*$ ]] || { echo "error: '$v' is not a positive integer" >&2; exit 64; }
done

case "$SSP" in /*|bin/ssp) ;; *) SSP="$PWD/$SSP" ;; esac   # --ssp is relative to the caller
cd "$(dirname "$0")/.."                      # repo root
if [ ! -x "$SSP" ]; then
  echo "error: ssp binary '$SSP' not found or not executable (build it first: make)" >&2
  exit 2
fi
for t in datamash Rscript hyperfine; do
  command -v "$t" >/dev/null || { echo "error: required tool '$t' not found" >&2; exit 1; }
done
OUT=bench/out
mkdir -p "$OUT"
PEERS=$(bench/peers.sh)
CSV="$OUT/stats-$ROWS-$GROUPS_N.csv"

# 1. Deterministic data: subject (random order), region (categorical), value (~4 decimals).
STAMP="rows=$ROWS groups=$GROUPS_N seed=$SEED gen=$GEN_VERSION"
if [ -f "$CSV" ] && [ "$(cat "$CSV.stamp" 2>/dev/null)" = "$STAMP" ]; then
  echo "data: reusing $CSV"
else
  echo "data: generating $CSV ($ROWS rows, $GROUPS_N groups, seed $SEED)"
  awk -v n="$ROWS" -v g="$GROUPS_N" -v seed="$SEED" 'BEGIN {
    srand(seed)
    w = length(g - 1 ""); if (w < 5) w = 5
    fmt = "S%0" w "d,%s,%.4f\n"
    split("north,south,east,west,central", reg, ",")
    for (s = 0; s < g; s++) base[s] = 60 + 40 * rand()     # per-subject resting rate
    print "subject,region,value"
    for (i = 0; i < n; i++) {
      s = int(rand() * g)
      noise = 8 * (rand() + rand() + rand() - 1.5)           # roughly bell-shaped
      printf fmt, s, reg[1 + int(rand() * 5)], base[s] + noise
    }
  }' > "$CSV.tmp"
  mv "$CSV.tmp" "$CSV"
  echo "$STAMP" > "$CSV.stamp"
fi
echo "data: $CSV is $(stat -c %s "$CSV" | awk '{printf "%d bytes (%.1f MiB)", $1, $1/1048576}')"

# 2. The commands. Each writes its CSV result to the path given as argument.
q() { printf '%q' "$1"; }
# (single line, no single quotes: it is embedded in '...' in an sh command line)
R_EXPR='suppressMessages(library(data.table)); setDTthreads(2); a <- commandArgs(trailingOnly = TRUE); d <- fread(a[1]); fwrite(d[, .(mean = mean(value), median = median(value)), by = subject], a[2])'
TOOLS=(ssp duckdb polars datamash data.table)
cmd_for() {  # cmd_for TOOL OUTPATH -> shell command string
  case "$1" in
    ssp)        echo "$(q "$SSP") stats -j 2 -g subject mean:value median:value $(q "$CSV") > $(q "$2")" ;;
    duckdb|polars) echo "NODE_PATH=$(q "$PEERS") node bench/peers.js $1 stats $(q "$CSV") $(q "$2") 2" ;;
    datamash)   echo "datamash -t, --header-in -s -g 1 mean 3 median 3 < $(q "$CSV") > $(q "$2")" ;;
    data.table) echo "Rscript -e '$R_EXPR' $(q "$CSV") $(q "$2")" ;;
  esac
}

# 3. Correctness: compare per-group mean and median against ssp, relative 1e-9.
# datamash prints 14 significant digits and fwrite 15, i.e. relative rounding
# <= 5e-14, far inside 1e-9, so one tolerance serves all three tools.
echo "check: running each tool once"
for t in "${TOOLS[@]}"; do
  sh -c "$(cmd_for "$t" "$OUT/check-$t.csv")" || { echo "FAIL: $t exited with status $?" >&2; exit 1; }
done
hdr=$(head -n 1 "$OUT/check-ssp.csv")
if [ "$hdr" != "subject,mean(value),median(value)" ]; then
  echo "FAIL: ssp header is '$hdr', expected 'subject,mean(value),median(value)'" >&2; exit 1
fi
compare() {  # compare NAME FILE SKIP_HEADER: per-group join against ssp's output
  awk -F, -v name="$1" -v skip="$3" -v tol=1e-9 '
    function rel(a, b,   d, m) { a += 0; b += 0; d = a - b; if (d < 0) d = -d
      m = (a < 0 ? -a : a); if ((b < 0 ? -b : b) > m) m = (b < 0 ? -b : b)
      return m == 0 ? d : d / m }
    function bad(msg) { if (nbad++ < 10) print "  " name ": " msg > "/dev/stderr" }
    FNR == 1 && (NR == FNR || skip) { next }               # ssp header / other header
    NR == FNR { mean[$1] = $2; med[$1] = $3; n++; next }
    { seen++
      if (!($1 in mean)) { bad("group " $1 " missing from ssp"); next }
      if (rel(mean[$1], $2) > tol) bad("group " $1 " mean ssp=" mean[$1] " " name "=" $2)
      if (rel(med[$1], $3) > tol)  bad("group " $1 " median ssp=" med[$1] " " name "=" $3) }
    END { if (seen != n) bad("group count ssp=" n " " name "=" seen)
          if (nbad) { print "FAIL: ssp and " name " disagree (" nbad " problems)" > "/dev/stderr"; exit 1 }
          print "check: ssp == " name " on " n " groups (mean, median; rel 1e-9)" }
  ' "$OUT/check-ssp.csv" "$2"
}
compare duckdb     "$OUT/check-duckdb.csv"     1 || exit 1
compare polars     "$OUT/check-polars.csv"     1 || exit 1
compare datamash   "$OUT/check-datamash.csv"   0 || exit 1
compare data.table "$OUT/check-data.table.csv" 1 || exit 1
# ssp must list groups in first-seen order.
if ! cmp -s <(awk -F, 'NR > 1 && !seen[$1]++ { print $1 }' "$CSV") \
            <(tail -n +2 "$OUT/check-ssp.csv" | cut -d, -f1); then
  echo "FAIL: ssp groups are not in first-seen order of the input" >&2; exit 1
fi

# 4. Timing: one hyperfine run with every command.
HF_CSV="$OUT/stats-$ROWS-$GROUPS_N-hyperfine.csv"
hf_args=()
for t in "${TOOLS[@]}"; do hf_args+=(-n "$t" "$(cmd_for "$t" /dev/null)"); done
hyperfine --warmup 1 --runs "$RUNS" --export-csv "$HF_CSV" "${hf_args[@]}"

median_of() {  # median seconds for a command name, from hyperfine's CSV
  awk -F, -v name="$1" 'NR == 1 { for (i = 1; i <= NF; i++) if ($i == "median") c = i; next }
    $1 == name { print $c; found = 1 } END { if (!found || !c) exit 1 }' "$HF_CSV"
}
declare -A MED RSS
for t in "${TOOLS[@]}"; do MED[$t]=$(median_of "$t") || { echo "FAIL: no median for $t in $HF_CSV" >&2; exit 1; }; done

# Peak RSS, once per tool: GNU time reports the largest process in the tree,
# so datamash's figure may be that of the sort(1) child its -s spawns.
if [ -x /usr/bin/time ]; then
  for t in "${TOOLS[@]}"; do
    /usr/bin/time -f %M -o "$OUT/rss-$t.txt" sh -c "$(cmd_for "$t" /dev/null)"
    RSS[$t]=$(awk '{ printf "%.1f", $1 / 1024 }' "$OUT/rss-$t.txt")
  done
else
  echo "note: /usr/bin/time not found (apt package 'time'); skipping peak RSS"
  for t in "${TOOLS[@]}"; do RSS[$t]="n/a"; done
fi

echo
printf '%-12s %12s %10s %14s\n' tool "median (s)" "vs ssp" "peak RSS (MiB)"
for t in "${TOOLS[@]}"; do
  printf '%-12s %12.3f %9.2fx %14s\n' "$t" "${MED[$t]}" \
    "$(awk -v a="${MED[$t]}" -v b="${MED[ssp]}" 'BEGIN { print a / b }')" "${RSS[$t]}"
done
# The versions, and the goals as ratios of this one run.
echo "versions: $("$SSP" --version | head -n 1); $(NODE_PATH="$PEERS" node bench/peers.js duckdb version);" \
  "$(NODE_PATH="$PEERS" node bench/peers.js polars version); $(datamash --version | head -n 1);" \
  "R data.table $(Rscript -e 'cat(as.character(packageVersion("data.table")))')"
awk -v rows="$ROWS" -v groups="$GROUPS_N" -v s="${MED[ssp]}" -v d="${MED[duckdb]}" -v p="${MED[polars]}" \
  -v rss="${RSS[ssp]}" 'BEGIN {
    budget = 64 + 8 * rows / 1048576
    printf "stats bench: %d rows, %d groups: ssp %.3f s; DuckDB %.2fx, Polars %.2fx its time (goal: 2x); ssp peak %s MiB (goal: %.0f MiB)\n",
           rows, groups, s, d / s, p / s, rss, budget }'
