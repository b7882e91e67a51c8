#!/bin/bash
# check-anova-trend.sh SSP: ssp test anova and ssp test trend against R
# (anova-expected.csv, trend-expected.csv, made by make-ref.R): every set,
# every level; compared by compare.awk at 1e-9.
set -u
ssp=$1
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
rc=0
"$ssp" test anova -g set value group "$here/anova.csv" 2>/dev/null | tail -n +2 >"$out"
awk -F, -v nkey=1 -v name=anova-ref -f "$here/compare.awk" "$out" "$here/anova-expected.csv" || rc=1
for level in $(tail -n +2 "$here/trend-expected.csv" | cut -d, -f2 | sort -u); do
	"$ssp" test trend -g set --level "$level" y x "$here/trend.csv" 2>/dev/null |
		awk -F, -v p="$level" 'NR > 1 { $1 = $1 "," p; print }' OFS=,
done >"$out"
awk -F, -v nkey=2 -v name=trend-ref -f "$here/compare.awk" "$out" "$here/trend-expected.csv" || rc=1
exit $rc
