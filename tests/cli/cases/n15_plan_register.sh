# Issue 15, item 4: a plan fixed before the data. ssp plan register signs
# it (minisign's format, the stock minisign verifies it); ssp cert
# --plan-pub records the registration and refuses one made on or after
# the cohort's first endline, one of other bytes, or one by another key;
# without --plan-pub the certificate says the plan was not registered;
# ssp verify checks what the certificate says, and the registration
# itself with --plan-pub.
E=../../examples
install -m 600 $E/demo-sign.key "$TMPDIR/k.key"
ssp keygen --sign -o "$TMPDIR/other" >/dev/null
cp $E/plans/smart_diaper.json "$TMPDIR/p.json"
ssp indicators -q --json -o "$TMPDIR/r.json" $E/dataset
sed -n 's/.*"smart_diaper","region":"dangjin","first_baseline":"[0-9-]*","first_endline":"\([0-9-]*\)".*/first endline \1/p' "$TMPDIR/r.json"
ssp plan register --key "$TMPDIR/k.key" --time 2024-05-15T09:00:00Z "$TMPDIR/p.json" | sed "s|$TMPDIR|TMP|"
minisign -Vm "$TMPDIR/p.json" -p $E/demo-sign.pub | tail -1
ssp plan verify --pub $E/demo-sign.pub "$TMPDIR/p.json" | sed "s|$TMPDIR|TMP|"
cert() { ssp cert --plan "$TMPDIR/p.json" --results "$TMPDIR/r.json" --key "$TMPDIR/k.key" \
	-o "$TMPDIR/c" --date 2025-01-15 "$@" 2>&1 | sed "s|$TMPDIR|TMP|g" | grep -v '^ssp cert: [PSM][0-9]' |
	sed -E 's/dangjin-[0-9a-f]{12}/dangjin-ID/; s/is key [0-9A-F]{16}$/is key KEY/'
	echo "cert status ${PIPESTATUS[0]}"; }
cert --plan-pub $E/demo-sign.pub
c=$(ls "$TMPDIR"/c/*.json)
grep -A4 '"registration"' "$c"
pdftotext "${c%.json}.pdf" - | grep '사전 등록'
ssp verify --pub $E/demo-sign.pub --inputs "$TMPDIR" --plan-pub $E/demo-sign.pub "$c" | grep registration
echo "-- by another key"
cert --plan-pub "$TMPDIR/other.pub"
echo "-- registered on the day of the first endline"
ssp plan register --key "$TMPDIR/k.key" --time 2024-12-10 "$TMPDIR/p.json" >/dev/null
cert --plan-pub $E/demo-sign.pub
ssp check --plan "$TMPDIR/p.json" --plan-pub $E/demo-sign.pub $E/dataset 2>/dev/null | grep -e registration -e would-be
echo "-- the plan changed after registration"
ssp plan register --key "$TMPDIR/k.key" --time 2024-05-15 "$TMPDIR/p.json" >/dev/null
sed -i 's/"value": 60/"value": 70/' "$TMPDIR/p.json"
cert --plan-pub $E/demo-sign.pub
ssp plan verify --pub $E/demo-sign.pub "$TMPDIR/p.json" | sed "s|$TMPDIR|TMP|g"; echo "verify status ${PIPESTATUS[0]}"
echo "-- not registered"
rm -rf "$TMPDIR/c"
cert
cert --unregistered --plan-pub $E/demo-sign.pub
cert --unregistered
c=$(ls "$TMPDIR"/c/*.json)
grep -A2 '"registration"' "$c"
pdftotext "${c%.json}.pdf" - | grep '사전 등록'
ssp verify --pub $E/demo-sign.pub "$c" | grep registration
echo "-- usage"
ssp plan register "$TMPDIR/p.json" 2>&1; echo "status $?"
ssp plan register --key "$TMPDIR/k.key" --time 2024-13-01 "$TMPDIR/p.json" 2>&1; echo "status $?"
ssp plan verify --pub $E/demo-sign.pub --sig "$TMPDIR/none" "$TMPDIR/p.json" 2>&1 | sed "s|$TMPDIR|TMP|"; echo "status ${PIPESTATUS[0]}"
ssp cert --plan "$TMPDIR/p.json" --results "$TMPDIR/r.json" --key "$TMPDIR/k.key" -o "$TMPDIR/c" --plan-sig x 2>&1; echo "status $?"
