ssp synth --canonical --scale 0.05 --log-days 2 --comparison-share 0.3 -o "$TMPDIR/p" && ssp validate "$TMPDIR/p"; echo "status $?"; cd "$TMPDIR/p" && ls . logs
