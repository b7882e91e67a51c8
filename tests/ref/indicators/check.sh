#!/bin/bash
# check.sh SSP: `ssp indicators` against the R reference (expected.csv and
# expected-by-sex.csv, made by make-ref.R next to this script) over the
# datasets pilot/ and synth/ taken together:
#   SSP indicators --min-cell 0 --min-n 0 pilot synth
#       -> expected.csv         (key indicator,technology,region,arm)
#   SSP indicators --min-cell 0 --min-n 0 --level 0.9 --by sex pilot synth
#       -> expected-by-sex.csv  (key indicator,technology,region,arm,sex)
# ssp's CSV (RFC 4180; labels may hold commas and be quoted) is read by
# header name and projected onto the expected columns, empty numeric fields
# becoming NA (and a C "inf"/"nan" becoming Inf/NA); then
# tests/ref/test/compare.awk compares every column (equal when the same
# text, or within 1e-9 relative).  compare.awk takes two different texts as
# equal numbers (both 0), so the text column estimand (itt, completers, or
# NA for empty) is compared once more as text, exactly ("KEY estimand:
# ssp=X R=Y" and a "NAME: N estimand values ..." line).  Rows ssp writes
# that R does not have are reported as "extra:". Prints the compare.awk summary lines; exits 0 only
# when both comparisons pass.  Needs bash and awk, no R.
set -u
if [ $# -ne 1 ]; then
	echo "usage: $0 SSP" >&2
	exit 2
fi
ssp=$1
case $ssp in */*) ssp=$(cd "$(dirname "$ssp")" && pwd)/$(basename "$ssp") ;; esac
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
cd "$here/../../.." || exit 2
tmp=$(mktemp -d "${TMPDIR:-/tmp}/indicators-ref.XXXXXX") || exit 2
trap 'rm -rf "$tmp"' EXIT

# project.awk: ssp's CSV -> the columns of the expected file's header (the
# -v cols list), comma-joined; the first nkey columns are keys (kept as
# text), the others numbers (empty -> NA).
cat >"$tmp/project.awk" <<'AWK'
function splitcsv(line, f,   n, i, c, cur, inq) {
	n = 0; cur = ""; inq = 0
	for (i = 1; i <= length(line); i++) {
		c = substr(line, i, 1)
		if (inq) {
			if (c == "\"") {
				if (substr(line, i + 1, 1) == "\"") { cur = cur "\""; i++ }
				else inq = 0
			} else cur = cur c
		} else if (c == "\"") inq = 1
		else if (c == ",") { f[++n] = cur; cur = "" }
		else cur = cur c
	}
	f[++n] = cur
	return n
}
function num(s,   t) {
	if (s == "") return "NA"
	t = tolower(s)
	if (t ~ /^[+]?inf(inity)?$/) return "Inf"
	if (t ~ /^-inf(inity)?$/) return "-Inf"
	if (t ~ /^[-+]?nan/) return "NA"
	return s
}
BEGIN { nc = split(cols, want, ",") }
{
	sub(/\r$/, "")
	nf = splitcsv($0, f)
	if (FNR == 1) {
		for (j = 1; j <= nf; j++) at[f[j]] = j
		for (i = 1; i <= nc; i++)
			if (!(want[i] in at)) { print "no column " want[i] " in ssp's output" > "/dev/stderr"; bad = 1 }
		if (bad) exit 1
		next
	}
	if ($0 == "") next
	out = ""
	for (i = 1; i <= nc; i++) {
		v = f[at[want[i]]]
		if (i > nkey) v = num(v)
		out = out (i > 1 ? "," : "") v
	}
	print out
}
AWK

# run NAME NKEY EXPECTED FLAGS...: one comparison
fail=0
run() {
	local name=$1 nkey=$2 expected=$3
	shift 3
	local cols
	cols=$(head -n 1 "$expected")
	if ! "$ssp" indicators --min-cell 0 --min-n 0 "$@" \
		tests/ref/indicators/pilot tests/ref/indicators/synth \
		>"$tmp/$name.raw" 2>"$tmp/$name.err"; then
		echo "$name: ssp indicators $* failed:"
		head -n 5 "$tmp/$name.err"
		fail=1
		return
	fi
	if ! awk -v cols="$cols" -v nkey="$nkey" -f "$tmp/project.awk" \
		"$tmp/$name.raw" >"$tmp/$name.csv"; then
		fail=1
		return
	fi
	# rows ssp has and R has not (compare.awk reports only the reverse)
	awk -F, -v nkey="$nkey" '
		function key(   k, i) { k = $1; for (i = 2; i <= nkey; i++) k = k "," $i; return k }
		NR == FNR { if (FNR > 1) want[key()] = 1; next }
		{ k = key(); if (!(k in want)) { print "extra: " k; bad = 1 }; if (seen[k]++) { print "duplicate: " k; bad = 1 } }
		END { exit bad }' "$expected" "$tmp/$name.csv" || fail=1
	awk -F, -v nkey="$nkey" -v name="$name" -f tests/ref/test/compare.awk \
		"$tmp/$name.csv" "$expected" || fail=1
	# the text column estimand, exactly
	awk -F, -v nkey="$nkey" -v name="$name" '
		function key(   k, i) { k = $1; for (i = 2; i <= nkey; i++) k = k "," $i; return k }
		NR == FNR { got[key()] = $0; next }
		FNR == 1 { for (i = nkey + 1; i <= NF; i++) if ($i == "estimand") c = i; next }
		c && (key() in got) {
			k = key(); split(got[k], g, ","); n++
			if (g[c] != $c) { print k " estimand: ssp=" g[c] " R=" $c; bad++ }
		}
		END { printf "%s: %d estimand values compared as text, %d mismatched\n", name, n, bad; exit (bad > 0 || !c) }' \
		"$tmp/$name.csv" "$expected" || fail=1
}

run indicators-ref 4 tests/ref/indicators/expected.csv
run indicators-ref-by-sex 5 tests/ref/indicators/expected-by-sex.csv --level 0.9 --by sex
exit $fail
