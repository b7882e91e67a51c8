#!/bin/bash
# check-adjust.sh SSP: ssp adjust against R's p.adjust (adjust-expected.csv,
# made by make-ref.R): every method, every set; equal when both are NA or
# |a - b| <= 1e-9 max(|a|, |b|) (or <= 1e-300). Prints the mismatches and
# "adjust-ref: N checked, M mismatched"; status 0 when M is 0 and N > 0.
set -u
ssp=$1
here=$(cd "$(dirname "$0")" && pwd)
for m in holm hochberg bonferroni bh by; do
	"$ssp" adjust --method "$m" -g set p "$here/adjust.csv" |
		awk -F, -v m="$m" 'NR > 1 { n[$1]++; print $1 "," m "," n[$1] "," $3 }'
done >/tmp/ssp-adjust.$$ || exit 1
awk -F, 'NR == FNR { got[$1 "," $2 "," $3] = $4; next }
	FNR == 1 { next }
	{ k = $1 "," $2 "," $3; want = $5; n++
	  if (!(k in got)) { print "missing: " k; bad++; next }
	  a = got[k]; b = want
	  if (a == "NA" || b == "NA") { if (a != b) { print k ": ssp=" a " R=" b; bad++ }; next }
	  d = a - b; if (d < 0) d = -d
	  m = (a < 0 ? -a : a); mb = (b < 0 ? -b : b); if (mb > m) m = mb
	  if (d > 1e-9 * m && d > 1e-300) { print k ": ssp=" a " R=" b; bad++ } }
	END { printf "adjust-ref: %d checked, %d mismatched\n", n, bad; exit (bad > 0 || n == 0) }' \
	/tmp/ssp-adjust.$$ "$here/adjust-expected.csv"
rc=$?
rm -f /tmp/ssp-adjust.$$
exit $rc
