#!/bin/bash
# check-chisq.sh SSP: ssp test chisq against R (chisq-expected.csv, made by
# make-ref.R): every table with and without --yates; compared by
# compare.awk at 1e-9.
set -u
ssp=$1
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
for yates in 0 1; do
	flag=
	[ "$yates" = 1 ] && flag=--yates
	# shellcheck disable=SC2086
	"$ssp" test chisq -g set $flag row col "$here/chisq.csv" |
		awk -F, -v p="$yates" 'NR > 1 { $1 = $1 "," p; print }' OFS=,
done >"$out"
awk -F, -v nkey=2 -v name=chisq-ref -f "$here/compare.awk" "$out" "$here/chisq-expected.csv"
