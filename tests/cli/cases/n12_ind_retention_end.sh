# Retention follow-up stops at --end: exits after it are censored there,
# and a day nobody was followed to inside the window has no value, with a
# note (RET_180 had 27.3 % with 9 events at --end 2024-11-17).
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
for o in "" "--end 2024-11-17" "--end 2024-09-30"; do
	echo "== $o"
	# shellcheck disable=SC2086
	ssp indicators -q --min-cell 0 --min-n 0 $o "$d/pilot" "$d/synth" |
		sel indicator technology arm n numerator denominator estimate ci_low ci_high note |
		grep -E '^(indicator|RET_90|RET_180),(technology|huggy_vest|smart_diaper),'
done
