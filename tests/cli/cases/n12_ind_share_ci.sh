# Every share's interval lies within [0, 100] % and n is the denominator
# used: the alerts, contacts or referrals of a share of events, the days of
# a share of days (Wilson, as R's prop.test(N, D, correct = FALSE)).
# (A difference of percentages, t, welch, ols or cr2, is no share.)
# A share of grams takes the ratio estimator on the logit scale (delta_logit).
# sel COLS...: ssp's CSV on stdin -> the named columns (labels may hold commas)
sel() {
	awk -v want="$*" '
	function split_csv(line, f,   n, i, c, cur, q) {
		n = 0; cur = ""; q = 0
		for (i = 1; i <= length(line); i++) {
			c = substr(line, i, 1)
			if (q) { if (c == "\"") { if (substr(line, i + 1, 1) == "\"") { cur = cur c; i++ } else q = 0 } else cur = cur c }
			else if (c == "\"") q = 1
			else if (c == ",") { f[++n] = cur; cur = "" }
			else cur = cur c
		}
		f[++n] = cur; return n
	}
	BEGIN { n = split(want, w, " ") }
	{ nf = split_csv($0, f) }
	NR == 1 { for (i = 1; i <= nf; i++) at[f[i]] = i }
	{ o = ""; for (i = 1; i <= n; i++) o = o (i > 1 ? "," : "") f[at[w[i]]]; print o }'
}
d=$PWD/../ref/indicators
ssp indicators -q --min-cell 0 --min-n 0 --by sex "$d/pilot" |
	sel indicator technology arm sex n numerator denominator estimate ci_low ci_high ci_method |
	grep -E '^(indicator|SAF_FALSE_ALARM|SAF_ACK_10MIN|EFC_REMOTE_SHARE|TS_REFERRAL_DONE|UTL_WEAR_8H|DQ_NO_DATA_DAYS|TS_PLATE_WASTE),(technology|huggy_vest|cognitive_kiosk|smart_diaper|food_scanner),'
# no share anywhere in the results has an end outside [0, 100]
ssp indicators -q --min-cell 0 --min-n 0 --level 0.99 --by sex "$d/pilot" "$d/synth" |
	sel unit ci_low ci_high ci_method |
	awk -F, '$1 == "%" && $4 != "t" && $4 != "welch" && $4 != "ols" && $4 != "cr2" && $4 != "mmrm_reml" && $2 != "NA" && $2 != "" && ($2 < 0 || $3 > 100) { bad++ } END { print bad + 0, "shares out of bounds" }'
