#!/bin/bash
# check-ancova.sh SSP: ssp test ancova against R's lm, emmeans and
# clubSandwich (ancova-expected.csv, made by make-ref-ancova.R): MASS's
# anorexia with two pairs of --levels, and the synthetic sets of ancova.csv
# (ties, unequal site sizes, four sites, arm constant within site), each
# with the baseline alone and with a covariate, with and without --cluster;
# compared by compare.awk at 1e-9 relative.
set -u
ssp=$1
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
rc=0
{
	for lv in CBT,Cont FT,Cont; do
		key="anorexia,${lv/,//},none"
		"$ssp" test ancova --levels "$lv" Postwt Treat Prewt "$here/ancova-anorexia.csv" 2>/dev/null |
			awk -v k="$key,0" 'NR > 1 { print k "," $0 }'
		"$ssp" test ancova --levels "$lv" --cluster row6 Postwt Treat Prewt "$here/ancova-anorexia.csv" 2>/dev/null |
			awk -v k="$key,1" 'NR > 1 { print k "," $0 }'
	done
	for cov in none age; do
		c=()
		[ $cov = age ] && c=(--covariate age)
		"$ssp" test ancova -g set "${c[@]}" post arm pre "$here/ancova.csv" 2>/dev/null |
			awk -F, -v c=$cov 'NR > 1 { s = $1; $1 = ""; print s ",intervention/comparison," c ",0" $0 }' OFS=,
		"$ssp" test ancova -g set --cluster site "${c[@]}" post arm pre "$here/ancova.csv" 2>/dev/null |
			awk -F, -v c=$cov 'NR > 1 { s = $1; $1 = ""; print s ",intervention/comparison," c ",1" $0 }' OFS=,
	done
} >"$out"
awk -F, -v nkey=4 -v name=ancova-ref -f "$here/compare.awk" "$out" "$here/ancova-expected.csv" || rc=1
exit $rc
