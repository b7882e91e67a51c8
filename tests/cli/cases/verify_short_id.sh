# A certificate whose id is shorter than the SSP-TECHNOLOGY-REGION- it
# must start with is a mismatch, named (its check read past the end of
# the id: found by tests/fuzz/fuzz_cert.c).
pub=$(pwd)/../../examples/demo-sign.pub
install -m 600 ../../examples/demo-sign.key "$TMPDIR/k.key"
cd "$TMPDIR" || exit
printf '{"format": "ssp-certificate-1", "kind": "certificate", "verdict": "met", "id": "SSP-x", "technology": "smart_diaper", "region": "dangjin"}\n' >SSP-x.json
minisign -S -s k.key -m SSP-x.json -t "ssp-cert id=SSP-x verdict=met" >/dev/null 2>&1
ssp verify --pub "$pub" SSP-x.json
echo "status $?"
