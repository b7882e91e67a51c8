#!/bin/bash
# check-paired.sh SSP: ssp test paired against R (paired-expected.csv, made
# by make-ref.R), for every set and every combination of alternative,
# level, mcid and direction the fixture has; every column; equal when both
# are NA, the same infinity, or |a - b| <= 1e-9 max(|a|, |b|) (or 1e-300).
# Prints mismatches and "paired-ref: N checked, M mismatched".
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
awk -F, 'NR == FNR { k = $1 "," $2 "," $3 "," $4 "," $5; got[k] = $0; next }
	FNR == 1 { for (i = 6; i <= NF; i++) name[i] = $i; next }
	{ k = $1 "," $2 "," $3 "," $4 "," $5
	  if (!(k in got)) { print "missing: " k; bad++; next }
	  split(got[k], g, ",")
	  for (i = 6; i <= NF; i++) {
	    n++; a = g[i]; b = $i
	    if (a == b) continue
	    if (a == "NA" || b == "NA" || a ~ /Inf/ || b ~ /Inf/) { print k " " name[i] ": ssp=" a " R=" b; bad++; continue }
	    d = a - b; if (d < 0) d = -d
	    m = (a < 0 ? -a : a); mb = (b < 0 ? -b : b); if (mb > m) m = mb
	    if (d > 1e-9 * m && d > 1e-300) { print k " " name[i] ": ssp=" a " R=" b; bad++ } } }
	END { printf "paired-ref: %d checked, %d mismatched\n", n, bad; exit (bad > 0 || n == 0) }' \
	"$out" "$here/paired-expected.csv"
