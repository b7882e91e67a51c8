#!/bin/bash
# check-twosample.sh SSP: ssp test two-sample against R (twosample-expected.csv,
# made by make-ref.R): every set and every combination of var_equal,
# alternative and level the fixture has; compared by compare.awk at 1e-9
# (group1 and group2 as text).
set -u
ssp=$1
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
tail -n +2 "$here/twosample-expected.csv" | cut -d, -f2-4 | sort -u |
	while IFS=, read -r veq alt level; do
		flags="--alternative $alt --level $level"
		[ "$veq" = 1 ] && flags="$flags --var-equal"
		# shellcheck disable=SC2086
		"$ssp" test two-sample -g set $flags value group "$here/twosample.csv" 2>/dev/null |
			awk -F, -v p="$veq,$alt,$level" 'NR > 1 { $1 = $1 "," p; print }' OFS=,
	done >"$out"
awk -F, -v nkey=4 -v name=twosample-ref -f "$here/compare.awk" "$out" "$here/twosample-expected.csv"
