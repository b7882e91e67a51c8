# Usage errors, a bad plan, results computed otherwise than the plan asks,
# and what ssp verify and ssp check refuse.
P=../../examples/plans/smart_diaper.json
ssp cert; echo "status $?"
ssp cert --plan "$P" --results x.json --key k -o d --date 2025-02-30; echo "status $?"
printf '{"format": "ssp-plan-1", "colour": 1}\n' >"$TMPDIR/p.json"
ssp check --plan "$TMPDIR/p.json" ../../examples/dataset 2>&1 | sed "s|$TMPDIR|TMP|"; echo "status ${PIPESTATUS[0]}"
sed 's/"require": "ci_high_at_most"/"require": "smaller"/' "$P" >"$TMPDIR/p2.json"
ssp check --plan "$TMPDIR/p2.json" ../../examples/dataset 2>&1 | sed "s|$TMPDIR|TMP|"; echo "status ${PIPESTATUS[0]}"
ssp indicators -q --json --min-cell 0 -o "$TMPDIR/r.json" ../../examples/dataset
install -m 600 ../../examples/demo-sign.key "$TMPDIR/k.key"
ssp cert --plan "$P" --results "$TMPDIR/r.json" --key "$TMPDIR/k.key" -o "$TMPDIR/c"; echo "status $?"
ssp cert --plan "$P" --unregistered --results "$TMPDIR/r.json" --key "$TMPDIR/k.key" -o "$TMPDIR/c"; echo "status $?"
ssp cert --plan nosuch.json --unregistered --results "$TMPDIR/r.json" --key "$TMPDIR/k.key" -o "$TMPDIR/c"; echo "status $?"
ssp verify x.json; echo "status $?"
ssp verify --pub ../../examples/demo-sign.pub --recompute x.json; echo "status $?"
ssp verify --pub ../../examples/demo-sign.pub cert.txt; echo "status $?"
ssp verify --pub ../../examples/demo-sign.pub nosuch.json; echo "status $?"
ssp check --plan "$P"; echo "status $?"
ls "$TMPDIR"
