#!/bin/bash
# vcase.sh ARGS...: run `ssp validate ARGS` with every output, print the
# status and each output file, and check that nothing is lost: rows read =
# valid + rejected (from the report), and the valid and rejects files hold
# exactly that many rows.
d=${TMPDIR:-/tmp}/vcase.$$
mkdir -p "$d"
ssp validate --report "$d/report.json" --valid "$d/valid.csv" \
	--rejects "$d/rejects.csv" "$@"
echo "status $?"
for f in report.json valid.csv rejects.csv rejects.errors.csv; do
	[ -f "$d/$f" ] && { echo "--- $f"; cat "$d/$f"; }
done
[ -f "$d/rejects.csv" ] && echo "--- rejects mode $(stat -c %a "$d/rejects.csv") $(stat -c %a "$d/rejects.errors.csv")"
if [ -f "$d/report.json" ]; then
	set -- $(tr -d '\n' <"$d/report.json" | grep -o '"rows": {[^}]*}' | tail -1 | tr -dc '0-9 ')
	read=$1 valid=$2 rejected=$3
	# Records of an RFC 4180 file: a line break ends one where the quotes
	# so far are balanced (works on any ASCII-compatible encoding).
	records() {
		[ -f "$1" ] || { echo 1; return; }
		awk '{ q += gsub(/"/, "\"") } q % 2 == 0 { n++ } END { print n + 0 }' "$1"
	}
	nv=$(($(records "$d/valid.csv") - 1))
	nr=$(($(records "$d/rejects.csv") - 1))
	if [ "$read" -eq $((valid + rejected)) ] && [ "$nv" -eq "$valid" ] &&
		[ "$nr" -eq "$rejected" ]; then
		echo "counts: $read read = $valid valid + $rejected rejected"
	else
		echo "COUNTS DO NOT ADD UP: read $read, valid $valid ($nv in file), rejected $rejected ($nr in file)"
	fi
fi
rm -rf "$d"
