#!/usr/bin/env bash
# check.sh SSP_BINARY -- compare `ssp stats` with the R reference values.
#
# For every (qtype, level) pair present in expected.csv (qtype 1..9 at level
# 0.95, plus qtype 7 at 0.90 for the mean-ci ops) this runs
#   SSP_BINARY stats -g set --quantile-type T --level L OP:x ... data.csv
# with every op of expected.csv in one call, then compares each expected cell
# (set, op) of that (qtype, level) with ssp's output:
#   equal if both NA, both the same infinity, or
#   |a-b| <= tol*max(|a|,|b|) (tol 1e-9 for mean-ci-lo/hi, else 1e-12)
#   or |a-b| <= 1e-300.
# It also checks, once per call, that ssp printed one row per set in
# first-seen order of data.csv (counted as one check).
# Prints one line per mismatch, then `stats-ref: N checked, M mismatched`;
# exits 0 iff M == 0 and N > 0.  Needs bash and awk (mawk or gawk), no R.
# Fixtures are made by make-ref.R next to this script.
set -u

if [ $# -ne 1 ]; then
  echo "usage: $0 SSP_BINARY" >&2
  exit 2
fi
ssp=$1
case $ssp in */*) ;; *) ssp=$(command -v -- "$ssp" || echo "$ssp") ;; esac
if [ ! -x "$ssp" ]; then
  echo "check.sh: not an executable: $1" >&2
  exit 2
fi

dir=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
data=$dir/data.csv
expected=$dir/expected.csv
tmp=$(mktemp -d "${TMPDIR:-/tmp}/stats-ref.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

# all ops, in the order of expected.csv
ops=()
while IFS= read -r op; do ops+=("$op:x"); done < <(
  awk -F, 'NR > 1 && !seen[$4]++ { print $4 }' "$expected")

cat > "$tmp/compare.awk" <<'AWK'
# args: -v T=qtype -v L=level -v RC=ssp exit status; files: expected ssp data
function isnum(s) {
  return s ~ /^[-+]?([0-9]+[.]?[0-9]*|[.][0-9]+)([eE][-+]?[0-9]+)?$/
}
function abs(v) { return v < 0 ? -v : v }
function same(a, b, tol,   x, y, d, m) {
  a = a ""; b = b ""
  if (a == "NA" || b == "NA") return a == b
  if (a == "Inf" || a == "-Inf" || b == "Inf" || b == "-Inf") return a == b
  if (!isnum(a) || !isnum(b)) return 0
  x = a + 0; y = b + 0
  d = abs(x - y); m = abs(x); if (abs(y) > m) m = abs(y)
  return d <= tol * m || d <= 1e-300
}
# split one CSV record (RFC 4180 quoting, no embedded newlines) into f[1..n]
function splitcsv(line, f,   n, i, c, cur, inq) {
  n = 0; cur = ""; inq = 0
  for (i = 1; i <= length(line); i++) {
    c = substr(line, i, 1)
    if (inq) {
      if (c == "\"") {
        if (substr(line, i + 1, 1) == "\"") { cur = cur "\""; i++ }
        else inq = 0
      } else cur = cur c
    } else if (c == "\"") inq = 1
    else if (c == ",") { f[++n] = cur; cur = "" }
    else cur = cur c
  }
  f[++n] = cur
  return n
}
BEGIN { FS = ","; nexp = 0; nsets_out = 0; nsets_data = 0 }
FILENAME == ARGV[1] {
  if (FNR > 1 && $2 == T && $3 == L) {
    nexp++; eset[nexp] = $1; eop[nexp] = $4; eval[nexp] = $5
  }
  next
}
FILENAME == ARGV[2] {
  sub(/\r$/, "")
  nf = splitcsv($0, f)
  if (FNR == 1) {
    ncol = nf
    for (j = 2; j <= nf; j++) {
      col[j] = f[j]
      if (col[j] ~ /\(x\)$/) col[j] = substr(col[j], 1, length(col[j]) - 3)
    }
    next
  }
  s = f[1]
  out_order = out_order (nsets_out++ ? "|" : "") s
  for (j = 2; j <= nf && j <= ncol; j++)
    if (!((s, col[j]) in got)) got[s, col[j]] = f[j]
  next
}
FNR > 1 && !($1 in seenset) { seenset[$1] = 1; data_order = data_order (nsets_data++ ? "|" : "") $1 }
END {
  where = " " T (L != "0.95" ? " (level " L ")" : "")
  checked = 0; bad = 0
  if (RC != 0) {
    printf "ssp exited with status %s (qtype %s, level %s)\n", RC, T, L
    checked++; bad++
  }
  checked++
  if (out_order != data_order) {
    printf "set order%s: ssp=%s R=%s\n", where, out_order, data_order
    bad++
  }
  for (i = 1; i <= nexp; i++) {
    checked++
    tol = (eop[i] == "mean-ci-lo" || eop[i] == "mean-ci-hi") ? 1e-9 : 1e-12
    if (!((eset[i], eop[i]) in got)) {
      printf "%s %s%s: ssp=<missing> R=%s\n", eset[i], eop[i], where, eval[i]
      bad++
    } else if (!same(got[eset[i], eop[i]], eval[i], tol)) {
      printf "%s %s%s: ssp=%s R=%s\n", eset[i], eop[i], where, got[eset[i], eop[i]], eval[i]
      bad++
    }
  }
  printf "@@counts %d %d\n", checked, bad
}
AWK

N=0
M=0
while read -r t l; do
  out=$tmp/out.$t.$l
  "$ssp" stats -g set --quantile-type "$t" --level "$l" "${ops[@]}" "$data" \
    > "$out" 2> "$tmp/err"
  rc=$?
  if [ "$rc" -ne 0 ] && [ -s "$tmp/err" ]; then
    sed 's/^/  ssp stderr: /' "$tmp/err" | head -n 5
  fi
  while IFS= read -r line; do
    case $line in
      "@@counts "*)
        read -r _ c b <<< "$line"
        N=$((N + c)); M=$((M + b)) ;;
      *) printf '%s\n' "$line" ;;
    esac
  done < <(awk -v T="$t" -v L="$l" -v RC="$rc" -f "$tmp/compare.awk" \
             "$expected" "$out" "$data")
done < <(awk -F, 'NR > 1 && !seen[$2 "," $3]++ { print $2, $3 }' "$expected")

echo "stats-ref: $N checked, $M mismatched"
[ "$M" -eq 0 ] && [ "$N" -gt 0 ]
