#!/bin/bash
# mar.sh [-n PILOTS] [-s FIRST] [-j JOBS] [BIN]: intention to treat against completers
# when dropout depends on the observed scores (make sim; not part of make
# check).
#
# Each pilot is `ssp synth --canonical` with its own seed, half the
# participants in a comparison arm, a true effect on grip strength (GRIP,
# dz 0.5 in the intervention arm) and dropout after the midline that is
# the likelier the worse the participant's midline change was
# (--dropout 0.35 --mar-dropout GRIP=1.5: missing at random given the
# midline, the endline residual correlated 0.7 with it; truth.json). The
# exercise-bicycle cohort's GRIP is analysed twice:
#   - ITT: ssp test mmrm over the midline and endline of every participant
#     with a baseline and a later score, the endline's arm difference;
#   - completers: ssp test ancova of the endline on the baseline, those
#     with both;
# each against the true difference of the arms' mean changes at endline
# (truth.json): does the 95% CI cover it, and the mean error of the
# estimate (its bias) with its standard error over the pilots.
set -eu
n=1000 jobs=2 first=1
while getopts n:s:j: o; do
	case $o in
	n) n=$OPTARG ;;
	s) first=$OPTARG ;;
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

one() { # one SEED: a line of results for one pilot
	local d="$tmp/p-$1"
	ssp synth --canonical --seed "$1" --scale 1 --log-days 1 --comparison-share 0.5 \
		--effect GRIP=0.5 --dropout 0.35 --mar-dropout GRIP=1.5 -o "$d" >/dev/null 2>&1
	local t
	t=$(jq -r '[.cohorts[].instruments[] | select(.code == "GRIP") | .arms[].mean_change] | .[0] - .[1]' "$d/truth.json")
	awk -F, 'NR == FNR { if (FNR > 1 && $3 == "exercise_bike") arm[$1] = $5; next }
		FNR == 1 { print "id,visit,arm,base,y"; next }
		$2 == "GRIP" && ($1 in arm) && $3 == "baseline" { b[$1] = $5 }
		$2 == "GRIP" && ($1 in arm) && $3 != "baseline" { v[$1, $3] = $5; seen[$1] = 1 }
		END { for (s in seen) if (s in b) for (k = 1; k <= 2; k++) {
			p = k == 1 ? "midline" : "endline"
			if ((s, p) in v) print s "," p "," arm[s] "," b[s] "," v[s, p] } }' \
		"$d/subjects.csv" "$d/measures.csv" | sort >"$d/long.csv"
	local ns
	ns=$(awk -F, 'NR > 1 { print $1 }' "$d/long.csv" | sort -u | wc -l)
	# visit,n,estimate(3),se,df,ci_low(6),ci_high(7),t,p
	ssp test mmrm --id id --visit visit y arm base "$d/long.csv" 2>/dev/null |
		awk -F, -v t="$t" -v ns="$ns" '$1 == "endline" { printf "itt_cover=%d itt_err=%.10g itt_n=%s ", ($6 <= t && t <= $7), $3 - t, ns }'
	awk -F, 'NR == 1 { print "id,arm,base,y"; next } $2 == "endline" { print $1 "," $3 "," $4 "," $5 }' \
		"$d/long.csv" >"$d/end.csv"
	# n(1),n1,n2,estimate(4),se,ci_low(6),ci_high(7),...
	ssp test ancova y arm base "$d/end.csv" 2>/dev/null |
		awk -F, -v t="$t" 'NR > 1 { printf "cc_cover=%d cc_err=%.10g cc_n=%s\n", ($6 <= t && t <= $7), $4 - t, $1 }'
	rm -rf "$d"
}
export -f one

val() { # val FIELD FILE: the field's values, one per line
	awk -v f="$1" '{ for (i = 1; i <= NF; i++) { split($i, kv, "="); if (kv[1] == f) print kv[2] } }' "$2"
}

share() { # share LABEL FIELD FILE: the share of 1s, with its exact interval
	val "$2" "$3" | (echo hit; cat) | ssp test prop --method exact --binary hit |
		awk -F, -v l="$1" 'NR > 1 { printf "%-40s %5d/%-5d = %.4f  (95%% CI %.4f-%.4f)\n", l, $1, $2, $3, $4, $5 }'
}

bias() { # bias LABEL FIELD FILE: the mean error and its standard error
	val "$2" "$3" | (echo err; cat) | ssp stats mean:err sd:err count:err |
		awk -F, -v l="$1" 'NR > 1 { printf "%-40s %+.4f kg (se %.4f, %d pilots)\n", l, $1, $2 / sqrt($3), $3 }'
}

seq "$first" $((first + n - 1)) | xargs -P "$jobs" -I{} bash -c 'one {}' >"$tmp/res"
echo "Intention to treat against completers over $n synthetic pilots (seeds $first-$((first + n - 1)); ssp synth"
echo "--scale 1 --comparison-share 0.5 --effect GRIP=0.5 --dropout 0.35"
echo "--mar-dropout GRIP=1.5; GRIP of the exercise-bicycle cohort, 120"
echo "participants, dropout after the midline driven by it)"
echo
share "ITT (mmrm) 95% CI covers the effect" itt_cover "$tmp/res"
share "completers (ancova) 95% CI covers it" cc_cover "$tmp/res"
bias "ITT (mmrm) mean error of the estimate" itt_err "$tmp/res"
bias "completers (ancova) mean error" cc_err "$tmp/res"
val itt_n "$tmp/res" | (echo n; cat) | ssp stats mean:n | awk 'NR > 1 { printf "%-40s %.1f\n", "participants in the ITT analysis (mean)", $1 }'
val cc_n "$tmp/res" | (echo n; cat) | ssp stats mean:n | awk 'NR > 1 { printf "%-40s %.1f\n", "completers (mean)", $1 }'
