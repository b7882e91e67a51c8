# Issue 12, item 18: every chart series of the workbook is named by the
# header of the column its values come from (the effect chart named its
# estimate and lower-bound series the wrong way round, so the estimate's
# diamond sat on the lower bound), in Korean and English.
ssp indicators -q --json -o "$TMPDIR/r.json" ../ref/indicators/pilot
ssp report "$TMPDIR/r.json" ../ref/indicators/pilot -o "$TMPDIR/ko.xlsx"
echo "status $?"
/usr/bin/python3 ../cli/xlsx.py "$TMPDIR/ko.xlsx" series >"$TMPDIR/ko.txt"
head -6 "$TMPDIR/ko.txt"
ssp report --lang en "$TMPDIR/r.json" ../ref/indicators/pilot -o "$TMPDIR/en.xlsx"
echo "status $?"
/usr/bin/python3 ../cli/xlsx.py "$TMPDIR/en.xlsx" series >"$TMPDIR/en.txt"
head -3 "$TMPDIR/en.txt"
# Every series of every chart: its name is its column's header.
for f in ko en; do
	awk -F'\t' -v f=$f '{ n = $2; sub(/^name=/, "", n); h = $3
		     sub(/.*\(header /, "", h); sub(/\)$/, "", h)
		     if (n != h) bad++ } END { print f ": " NR " series, " bad + 0 " misnamed" }' "$TMPDIR/$f.txt"
done
# The diamond marks the estimate.
grep -c 'header estimate)	marker=diamond' "$TMPDIR/en.txt"
grep -c 'marker=diamond' "$TMPDIR/en.txt"
