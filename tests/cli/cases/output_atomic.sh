ssp stats -o "$TMPDIR/out.csv" -g region mean:score scores.csv && cat "$TMPDIR/out.csv" && ls "$TMPDIR"
