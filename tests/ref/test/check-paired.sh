#!/bin/bash
# check-paired.sh SSP: ssp test paired against R (paired-expected.csv, made
# by make-ref.R), for every set and every combination of alternative,
# level, mcid and direction the fixture has; every column; equal when both
# are NA, the same infinity, or within 1e-9 relative (compare.awk).
set -u
ssp=$1
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
tail -n +2 "$here/paired-expected.csv" | cut -d, -f2-5 | sort -u |
	while IFS=, read -r alt level mcid lib; do
		flags="--alternative $alt --level $level --mcid $mcid"
		[ "$lib" = 1 ] && flags="$flags --lower-is-better"
		# shellcheck disable=SC2086
		"$ssp" test paired -g set $flags pre post "$here/paired.csv" 2>/dev/null |
			awk -F, -v p="$alt,$level,$mcid,$lib" 'NR > 1 { $1 = $1 "," p; print }' OFS=,
	done >"$out"
awk -F, -v nkey=5 -v name=paired-ref -f "$here/compare.awk" "$out" "$here/paired-expected.csv"
