# One rule for who is in a windowed denominator (ssp-indicators(1)): a
# subject observed at least one day of the period. Two of the vest's
# subjects left on 2024-07-01: with --start 2024-07-02 they are in no
# denominator (they counted as inactive users), without it they are.
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
d=$PWD/../../examples/dataset
cd "$TMPDIR" && mkdir w && cp "$d"/* w/
sed -i 's/^\(ho-00[12],.*\),,$/\1,2024-07-01,moved/' w/subjects.csv
grep -c '2024-07-01,moved' w/subjects.csv
for o in "" "--start 2024-07-02"; do
	echo "== $o"
	# shellcheck disable=SC2086
	ssp indicators -q --min-cell 0 --min-n 0 $o w | sel indicator technology arm n numerator denominator estimate |
		grep -E '^(indicator|UTL_ACTIVE|UTL_DAYS_WEEK|EFF_SGDS_K_END),(technology|huggy_vest),'
done
