# compare.awk: ssp's rows (first file) against R's (second file, with a
# header); the first nkey columns identify a row, the rest are compared:
# equal when the same text (NA, Inf), or |a - b| <= tol max(|a|, |b|)
# (or 1e-300), tol 1e-9 unless -v tol=X. Prints mismatches and "NAME: N checked, M mismatched";
# exits 1 on a mismatch or when nothing was checked.
# Usage: awk -F, -v nkey=N -v name=NAME [-v tol=X] -f compare.awk OURS EXPECTED
BEGIN { if (tol == "") tol = 1e-9 }
function key(   k, i) { k = $1; for (i = 2; i <= nkey; i++) k = k "," $i; return k }
NR == FNR { got[key()] = $0; next }
FNR == 1 { for (i = nkey + 1; i <= NF; i++) col[i] = $i; next }
{
	k = key()
	if (!(k in got)) { print "missing: " k; bad++; next }
	split(got[k], g, ",")
	for (i = nkey + 1; i <= NF; i++) {
		n++; a = g[i]; b = $i
		if (a == b) continue
		if (a == "NA" || b == "NA" || a ~ /Inf/ || b ~ /Inf/) { print k " " col[i] ": ssp=" a " R=" b; bad++; continue }
		d = a - b; if (d < 0) d = -d
		m = (a < 0 ? -a : a); mb = (b < 0 ? -b : b); if (mb > m) m = mb
		if (d > tol * m && d > 1e-300) { print k " " col[i] ": ssp=" a " R=" b; bad++ }
	}
}
END { printf "%s: %d checked, %d mismatched\n", name, n, bad; exit (bad > 0 || n == 0) }
