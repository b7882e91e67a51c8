#!/bin/bash
# coverage.sh [-n PILOTS] [-j JOBS] [BIN]: the simulation study of ssp test's
# confidence intervals and tests (make sim; not part of make check).
#
# Each pilot is `ssp synth --canonical` with its own seed (half the
# participants in a comparison arm), analysed as a user would: grip strength
# (GRIP: continuous, so the true change on the recorded scale is truth.json's
# mean_change) baseline -> endline of the exercise-bicycle cohort, by
#   - ssp test paired, long form, per arm: does the 95% CI of the mean change
#     cover the arm's true change (truth.json)?
#   - ssp test two-sample on the per-subject changes, intervention against
#     comparison: does the 95% Welch CI cover the true difference?
#   - ssp test ancova of the endline on the baseline, intervention against
#     comparison, without and with --cluster site_id (CR2, Satterthwaite):
#     does the 95% CI of the adjusted difference cover the true difference
#     of the arms' changes (the ANCOVA target when the arms share a
#     baseline distribution)?
# Run twice: with a true effect (dz 0.2 in the intervention arm) for
# coverage, and with none (--effect GRIP=0) for the size of the tests (the
# share of p < 0.05 among paired t, Wilcoxon, Welch t and Mann-Whitney).
# Every share is printed with its exact 95% interval (ssp test prop).
set -eu
n=1000 jobs=2
while getopts n:j: o; do
	case $o in
	n) n=$OPTARG ;;
	j) jobs=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
bin=$(cd "${1:-bin}" && pwd)
export PATH="$bin:$PATH"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export tmp

one() { # one SEED EFFECT: a line of results for one pilot
	local d="$tmp/$2-$1"
	ssp synth --canonical --seed "$1" --scale 0.5 --log-days 1 \
		--comparison-share 0.5 --effect "GRIP=$2" -o "$d" >/dev/null 2>&1
	local ti tc
	ti=$(jq -r '.cohorts[].instruments[] | select(.code == "GRIP") | .arms.intervention.mean_change' "$d/truth.json")
	tc=$(jq -r '.cohorts[].instruments[] | select(.code == "GRIP") | .arms.comparison.mean_change' "$d/truth.json")
	awk -F, 'NR == FNR { if (FNR > 1) { arm[$1] = $5; site[$1] = $4 }; next }
		FNR == 1 { print "subject_id,arm,phase,score,site_id"; next }
		$2 == "GRIP" { print $1 "," arm[$1] "," $3 "," $5 "," site[$1] }' \
		"$d/subjects.csv" "$d/measures.csv" >"$d/grip.csv"
	awk -F, 'NR > 1 && $3 == "baseline" { b[$1] = $4; a[$1] = $2 }
		NR > 1 && $3 == "endline" { e[$1] = $4 }
		NR > 1 { st[$1] = $5 }
		END { print "subject_id,arm,change,baseline,endline,site_id"
		      for (s in e) if (s in b) print s "," a[s] "," e[s] - b[s] "," b[s] "," e[s] "," st[s] }' \
		"$d/grip.csv" >"$d/change.csv"
	# arm,n,...,ci_low(7),ci_high(8),t,df,p(11),...,wilcoxon_p(15)
	ssp test paired -g arm --id subject_id --phase phase --from baseline \
		--to endline score "$d/grip.csv" 2>/dev/null |
		awk -F, -v ti="$ti" -v tc="$tc" 'NR > 1 { t = $1 == "intervention" ? ti : tc
			printf "%s_cover=%d %s_p=%s %s_wp=%s ", $1, ($7 <= t && t <= $8), $1, $11, $1, $15 }'
	# group1,group2,n1,n2,mean1,mean2,mean_diff,ci_low(8),ci_high(9),t,df,p(12),g,mw_w,mw_p(15)
	ssp test two-sample --levels intervention,comparison change arm "$d/change.csv" |
		awk -F, -v t="$ti - $tc" 'NR > 1 { split(t, x, " - "); d = x[1] - x[2]
			printf "diff_cover=%d diff_p=%s diff_mwp=%s ", ($8 <= d && d <= $9), $12, $15 }'
	# n,n1,n2,estimate,se,ci_low(6),ci_high(7),t,df,p(10),...
	ssp test ancova endline arm baseline "$d/change.csv" 2>/dev/null |
		awk -F, -v t="$ti - $tc" 'NR > 1 { split(t, x, " - "); d = x[1] - x[2]
			printf "anc_cover=%d anc_p=%s ", ($6 <= d && d <= $7), $10 }'
	ssp test ancova --cluster site_id endline arm baseline "$d/change.csv" 2>/dev/null |
		awk -F, -v t="$ti - $tc" 'NR > 1 { split(t, x, " - "); d = x[1] - x[2]
			printf "ancc_cover=%d ancc_p=%s ancc_clusters=%s\n", ($6 <= d && d <= $7), $10, $13 }'
	rm -rf "$d"
}
export -f one

share() { # share LABEL FIELD TEST: the share of pilots where TEST holds
	awk -v f="$2" "{ for (i = 1; i <= NF; i++) { split(\$i, kv, \"=\"); v[kv[1]] = kv[2] }
		x = v[f]; print ($3) ? 1 : 0 }" "$4" | (echo hit; cat) |
		ssp test prop --method exact --binary hit |
		awk -F, -v l="$1" 'NR > 1 { printf "%-44s %5d/%-5d = %.4f  (95%% CI %.4f-%.4f)\n", l, $1, $2, $3, $4, $5 }'
}

for eff in 0.2 0; do
	seq "$n" | xargs -P "$jobs" -I{} bash -c 'one {} '"$eff" >"$tmp/res-$eff"
done
echo "ssp test: coverage and size over $n synthetic pilots each (ssp synth"
echo "--scale 0.5 --comparison-share 0.5; GRIP of the exercise-bicycle cohort)"
echo
echo "True effect dz 0.2 (intervention +0.6 kg, comparison 0):"
share "paired 95% CI covers the change, intervention" intervention_cover 'x == 1' "$tmp/res-0.2"
share "paired 95% CI covers the change, comparison" comparison_cover 'x == 1' "$tmp/res-0.2"
share "Welch 95% CI covers the arm difference" diff_cover 'x == 1' "$tmp/res-0.2"
share "power: paired t p < 0.05, intervention" intervention_p 'x < 0.05' "$tmp/res-0.2"
share "power: Welch t p < 0.05" diff_p 'x < 0.05' "$tmp/res-0.2"
share "ANCOVA 95% CI covers the arm difference" anc_cover 'x == 1' "$tmp/res-0.2"
share "ANCOVA CR2 95% CI (by site) covers it" ancc_cover 'x == 1' "$tmp/res-0.2"
share "power: ANCOVA p < 0.05" anc_p 'x < 0.05' "$tmp/res-0.2"
share "power: ANCOVA CR2 p < 0.05" ancc_p 'x < 0.05' "$tmp/res-0.2"
echo
echo "No true effect (size at alpha 0.05):"
share "paired 95% CI covers 0, intervention" intervention_cover 'x == 1' "$tmp/res-0"
share "Welch 95% CI covers 0" diff_cover 'x == 1' "$tmp/res-0"
share "paired t p < 0.05, intervention" intervention_p 'x < 0.05' "$tmp/res-0"
share "Wilcoxon signed-rank p < 0.05, intervention" intervention_wp 'x < 0.05' "$tmp/res-0"
share "Welch t p < 0.05" diff_p 'x < 0.05' "$tmp/res-0"
share "Mann-Whitney p < 0.05" diff_mwp 'x < 0.05' "$tmp/res-0"
share "ANCOVA p < 0.05" anc_p 'x < 0.05' "$tmp/res-0"
share "ANCOVA CR2 (by site) p < 0.05" ancc_p 'x < 0.05' "$tmp/res-0"
