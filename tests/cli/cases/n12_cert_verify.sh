# Issue 12, item 31: ssp verify --inputs covers every file the results
# rest on (a datapackage.json pointing measures at a doctored file, the
# plan's digest), --recompute checks the files it read are the
# certificate's inputs; the file name and the trusted comment must match
# the JSON's id and verdict; a legacy non-prehashed (Ed) signature is
# refused; a failed ssp cert leaves none of the four files.
cp -r ../../examples/dataset "$TMPDIR/ds"
cp ../../examples/plans/smart_diaper.json "$TMPDIR/plan.json"
install -m 600 ../../examples/demo-sign.key "$TMPDIR/k.key"
cp ../../examples/demo-sign.pub "$TMPDIR/k.pub"
cp ../../data-schema/indicators.json "$TMPDIR/"
cd "$TMPDIR" || exit
cp ds/datapackage.json dp.orig
ssp indicators -q --json --catalogue indicators.json -o r.json ds
ssp cert --plan plan.json --unregistered --results r.json --key k.key -o c --date 2025-01-15 2>/dev/null >ids
id=$(head -1 ids | cut -d' ' -f1)
v() { # ssp verify, the id and digests (which change with any number) hidden
	ssp verify --pub k.pub "$@" | sed -e "s/$id/ID/g" -e 's/sha256=[0-9a-f]*/sha256=HEX/'
	echo "status ${PIPESTATUS[0]}"
}
v --inputs ds --inputs . --recompute "c/$id.json"
# measures pointed at a doctored copy (the score of a vest subject)
sed '$s/,23$/,29/' ds/measures.csv >ds/measures2.csv
sed -i 's/"measures.csv"/"measures2.csv"/' ds/datapackage.json
v --inputs ds --inputs . --recompute "c/$id.json"
cp dp.orig ds/datapackage.json
# the plan changed after the certificate
printf ' ' >>plan.json
v --inputs ds --inputs . "c/$id.json" | grep -E '^MISMATCH|status'
# the file renamed: another id
mkdir r && for f in "c/$id".*; do cp "$f" "r/SSP-NM-smart_diaper-dangjin-000000000000${f#c/$id}"; done
v r/SSP-NM-smart_diaper-dangjin-000000000000.json | grep -E '^MISMATCH|status'
# a legacy signature (minisign -l) with ssp cert's trusted comment
tc=$(sed -n 's/^trusted comment: //p' "c/$id.json.minisig")
minisign -S -l -s k.key -m "c/$id.json" -t "$tc" >/dev/null 2>&1
minisign -Vm "c/$id.json" -p k.pub >/dev/null && echo "minisign verifies the legacy signature"
v "c/$id.json" | grep -E '^MISMATCH|status'
# a failed ssp cert (the key readable by others) leaves nothing
chmod 644 k.key
ssp cert --plan plan.json --unregistered --results r.json --key k.key -o c2 --date 2025-01-15 2>&1 >/dev/null |
	sed "s|$TMPDIR|TMP|"
ls -A c2
