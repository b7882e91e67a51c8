# Issue 12, item 21: a technology that is no valid sheet name (a / or
# other of []:*?/\, more than 31 characters, a leading or trailing
# apostrophe, a control character, empty, Excel's own "History", a name
# the workbook's own sheets have, a name another one has but for case)
# gets a valid, unique sheet name, and ssp report does not crash (it
# segfaulted). Sheet names are shown with their length in UTF-16 units.
row() { # row TECH (JSON-escaped)
	printf '{"indicator": "EFF_X_END", "label": "x", "type": "paired_change", "technology": "%s", "region": "r", "arm": "intervention", "by": {}, "n": 20, "estimate": 1.5, "ci_low": 0.5, "ci_high": 2.5, "p": 0.01, "p_adjusted": 0.01, "direction": "higher", "unit": "", "suppressed": false, "paired": {"mean_pre": 1, "mean_post": 2.5}}' "$1"
}
techs=('a/b' 'a:b' 'A_B' '[x]' 'star*?' 'back\\slash' \
	'abcdefghijabcdefghijabcdefghijabcdefghij' \
	'abcdefghijabcdefghijabcdefghijaXXXXXXXXX' \
	"'quoted'" "it's" "aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa'bc" 'History' 'history' \
	'요약' 'Summary' '😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀😀' \
	'가나다라마바사아자차카타파하가나다라마바사아자차카타파하가나다라마바사' \
	'' 'tab\there' "''")
{
	echo '{"parameters": {"by": [], "level": 0.95, "adjust": "holm", "min_cell": 5, "min_n": 10}, "results": ['
	sep=
	for t in "${techs[@]}"; do printf '%s' "$sep"; row "$t"; sep=,; done
	echo ']}'
} >"$TMPDIR/r.json"
for lang in ko en; do
	ssp report --lang $lang "$TMPDIR/r.json" -o "$TMPDIR/$lang.xlsx"
	echo "$lang: status $?"
	/usr/bin/python3 ../cli/xlsx.py "$TMPDIR/$lang.xlsx" sheets
	# Every chart's series refer to a sheet of the workbook, by its name.
	/usr/bin/python3 ../cli/xlsx.py "$TMPDIR/$lang.xlsx" series >"$TMPDIR/s.txt" &&
		echo "series: $(wc -l <"$TMPDIR/s.txt")"
done
ls "$TMPDIR"
