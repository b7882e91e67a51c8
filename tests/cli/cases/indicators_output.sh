# -o writes atomically; a full disk is an I/O error (3), and no file is left.
ssp indicators -q --catalogue indicators/two.json -o "$TMPDIR/r.csv" ../../examples/dataset; echo "status $?"
cat "$TMPDIR/r.csv"
ssp indicators -q --catalogue indicators/two.json ../../examples/dataset >/dev/full; echo "status $?"
ssp indicators -q --catalogue indicators/two.json -o /nonexistent/r.csv ../../examples/dataset; echo "status $?"
ls "$TMPDIR"
