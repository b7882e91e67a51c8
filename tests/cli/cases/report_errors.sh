# Usage errors, unreadable and wrong results, an unwritable workbook: each
# with its status, and no file left behind.
ssp report; echo "status $?"
ssp report x.json; echo "status $?"
ssp report --lang fr x.json -o r.xlsx; echo "status $?"
ssp report --alpha 1 x.json -o r.xlsx; echo "status $?"
ssp report nosuch.json -o "$TMPDIR/r.xlsx"; echo "status $?"
printf '{"results": 1}\n' >"$TMPDIR/bad.json"
ssp report "$TMPDIR/bad.json" -o "$TMPDIR/r.xlsx" 2>&1 | sed "s|$TMPDIR|TMP|"; echo "status ${PIPESTATUS[0]}"
printf '{"results": [\n' >"$TMPDIR/cut.json"
ssp report "$TMPDIR/cut.json" -o "$TMPDIR/r.xlsx" 2>&1 | sed "s|$TMPDIR|TMP|"; echo "status ${PIPESTATUS[0]}"
ssp indicators -q --json --catalogue indicators/two.json -o "$TMPDIR/ok.json" ../../examples/dataset
ssp report "$TMPDIR/ok.json" ../../examples/dataset -o /nonexistent/r.xlsx; echo "status $?"
ssp report "$TMPDIR/ok.json" nosuch -o "$TMPDIR/r.xlsx"; echo "status $?"
ls "$TMPDIR"
