#!/bin/bash
# check-prop-rate.sh SSP: ssp test prop and ssp test rate against R
# (prop-expected.csv and rate-expected.csv, made by make-ref.R, and
# prop-sided-expected.csv and rate-level-expected.csv, made by
# make-ref-sided.R): every set, method, p0, alternative, level and per;
# compared by compare.awk at 1e-9.
set -u
ssp=$1
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
rc=0
tail -n +2 "$here/prop-expected.csv" | cut -d, -f2,3 | sort -u |
	while IFS=, read -r method p0; do
		"$ssp" test prop -g set --method "$method" --p0 "$p0" x n "$here/prop.csv" |
			awk -F, -v p="$method,$p0" 'NR > 1 { print $1, p, $2, $3, $4, $5, $6, $8 }' OFS=,
	done >"$out"
awk -F, -v nkey=3 -v name=prop-ref -f "$here/compare.awk" "$out" "$here/prop-expected.csv" || rc=1
for per in $(tail -n +2 "$here/rate-expected.csv" | cut -d, -f2 | sort -u); do
	"$ssp" test rate -g set --per "$per" events exposure "$here/rate.csv" |
		awk -F, -v p="$per" 'NR > 1 { $1 = $1 "," p; print }' OFS=,
done >"$out"
awk -F, -v nkey=2 -v name=rate-ref -f "$here/compare.awk" "$out" "$here/rate-expected.csv" || rc=1
tail -n +2 "$here/prop-sided-expected.csv" | cut -d, -f2-5 | sort -u |
	while IFS=, read -r method alt level p0; do
		"$ssp" test prop -g set --method "$method" --alternative "$alt" \
			--level "$level" --p0 "$p0" x n "$here/prop.csv" |
			awk -F, -v p="$method,$alt,$level,$p0" 'NR > 1 { print $1, p, $2, $3, $4, $5, $6, $8 }' OFS=,
	done >"$out"
awk -F, -v nkey=5 -v name=prop-sided-ref -f "$here/compare.awk" "$out" "$here/prop-sided-expected.csv" || rc=1
tail -n +2 "$here/rate-level-expected.csv" | cut -d, -f2,3 | sort -u |
	while IFS=, read -r level per; do
		"$ssp" test rate -g set --level "$level" --per "$per" events exposure "$here/rate.csv" |
			awk -F, -v p="$level,$per" 'NR > 1 { $1 = $1 "," p; print }' OFS=,
	done >"$out"
awk -F, -v nkey=3 -v name=rate-level-ref -f "$here/compare.awk" "$out" "$here/rate-level-expected.csv" || rc=1
exit $rc
