#!/bin/bash
# check-adjust.sh SSP: ssp adjust against R's p.adjust (adjust-expected.csv,
# made by make-ref.R): every method, every set; the passed-through p and
# p_adjusted compared by compare.awk at 1e-9.
set -u
ssp=$1
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for m in holm hochberg bonferroni bh by; do
	"$ssp" adjust --method "$m" -g set p "$here/adjust.csv" |
		awk -F, -v m="$m" 'NR > 1 { n[$1]++; print $1 "," m "," n[$1] "," $2 "," $3 }'
done >"$out" || exit 1
awk -F, -v nkey=3 -v name=adjust-ref -f "$here/compare.awk" "$out" "$here/adjust-expected.csv"
