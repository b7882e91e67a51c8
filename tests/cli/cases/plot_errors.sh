# Input errors: a missing results file or dataset is an I/O error (3);
# a file that is not the JSON of ssp indicators, or not JSON, a usage
# error (2); a dataset whose rows do not hold is a data error (1); a
# missing gnuplot is 3 and names the Debian package; with nothing to
# draw, status 1. Nothing is left in the folder.
printf '{"tool": "ssp indicators", "results": []}\n' >"$TMPDIR/empty.json"
ssp plot -o "$TMPDIR/p" nosuch.json; echo "status $?"
ssp plot -o "$TMPDIR/p" scores.csv; echo "status $?"
ssp plot -o "$TMPDIR/p" indicators/two.json; echo "status $?"
ssp plot -o "$TMPDIR/p" "$TMPDIR/empty.json" nosuch; echo "status $?"
ssp plot -o "$TMPDIR/p" "$TMPDIR/empty.json" indicators/badsubj; echo "status $?"
SSP_GNUPLOT=/nonexistent ssp plot -o "$TMPDIR/p" "$TMPDIR/empty.json"; echo "status $?"
SSP_GNUPLOT= PATH=/nonexistent "$(command -v ssp)" plot -o "$TMPDIR/p" "$TMPDIR/empty.json"; echo "status $?"
ssp plot -o "$TMPDIR/p" "$TMPDIR/empty.json"; echo "status $?"
ssp plot -o /nonexistent/p "$TMPDIR/empty.json"; echo "status $?"
cd "$TMPDIR" || exit
ssp plot -o empty.json empty.json; echo "status $?"
ls p
