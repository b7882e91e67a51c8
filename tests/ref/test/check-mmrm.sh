#!/bin/bash
# check-mmrm.sh SSP: ssp test mmrm against R's nlme::gls with an
# unstructured covariance (corSymm + varIdent, REML): the sets of mmrm.csv
# (balanced, dropout at random, intermittent gaps over four visits, two
# visits, a small set), made and fitted by make-ref-mmrm.R into
# mmrm-expected.csv; the levels both ways on one set. Compared by
# compare.awk at 1e-9 relative (R's gls at the REML optimum that
# make-ref-mmrm.R finds by Newton steps beyond nlminb, whose own stop is
# only good to about 5e-6).
set -u
ssp=$1
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
{
	"$ssp" test mmrm -g set --id id --visit visit y arm base "$here/mmrm.csv" 2>/dev/null |
		awk -F, 'NR > 1 { s = $1; $1 = ""; print s ",intervention/comparison" $0 }' OFS=,
	"$ssp" test mmrm -g set --levels comparison,intervention --id id --visit visit y arm base "$here/mmrm.csv" 2>/dev/null |
		awk -F, '$1 == "two2" { s = $1; $1 = ""; print s ",comparison/intervention" $0 }' OFS=,
} >"$out"
awk -F, -v nkey=3 -v tol=1e-9 -v name=mmrm-ref -f "$here/compare.awk" "$out" "$here/mmrm-expected.csv"
