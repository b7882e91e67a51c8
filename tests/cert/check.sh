#!/bin/bash
# check.sh SSP: certificates end to end on the example pilot, ingested
# and reduced here as examples/demo.sh does:
# a plan met (certificate) and one not met (statement); minisign verifies
# our signatures and we verify minisign's; the JSON is reproducible; the
# PDF has its fonts embedded and its Korean text extracts; tampering with
# one byte of the certificate, its PDF, the results or an input makes
# ssp verify fail naming it; --recompute agrees; killing ssp cert leaves
# no partial file under a final name; ssp check gives the same verdicts.
set -u
ssp=$1
case $ssp in */*) ssp=$(cd "$(dirname "$ssp")" && pwd)/$(basename "$ssp") ;; esac
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fail=0
ok() { echo "ok - $1"; }
no() { echo "FAIL - $1"; fail=1; }
expect() { # expect STATUS DESCRIPTION COMMAND...
	local want=$1 what=$2
	shift 2
	"$@" >"$t/out" 2>"$t/err"
	local got=$?
	if [ "$got" = "$want" ]; then ok "$what"; else
		no "$what: status $got, not $want"; cat "$t/out" "$t/err"; fi
}
cd "$root" || exit 1
ds=$t/pilot
# status 1: the injected faults were rejected, as they should be
SSP_BIN=$(dirname "$ssp") examples/ingest.sh "$ds" 2>/dev/null
[ $? -le 1 ] || exit 1
"$ssp" panel -q -o "$ds" "$ds"/logs/*.csv 2>/dev/null || exit 1
cp "$ds/measures.csv" "$t/measures.csv"
"$ssp" indicators -q --json -o "$t/r.json" "$ds" || exit 1
"$ssp" keygen --sign -o "$t/k" >/dev/null || exit 1
minisign -G -W -p "$t/m.pub" -s "$t/m.key" >/dev/null 2>&1 || exit 1

# A plan met: the certificate.
expect 0 "cert: smart diaper plan met" "$ssp" cert --plan examples/plans/smart_diaper.json --plan-pub examples/demo-sign.pub \
	--results "$t/r.json" --key "$t/k.key" -o "$t/out1" --date 2025-01-15
id=$(head -1 "$t/out" | cut -d' ' -f1)
c=$t/out1/$id
case $id in SSP-smart_diaper-dangjin-*) ok "id $id" ;; *) no "id $id" ;; esac
grep -q '"kind": "certificate"' "$c.json" && ok "kind certificate" || no "kind"
expect 0 "minisign verifies our signature" minisign -Vm "$c.json" -p "$t/k.pub"
expect 0 "minisign verifies the PDF's signature" minisign -Vm "$c.pdf" -p "$t/k.pub"
expect 0 "ssp verify: genuine" "$ssp" verify --pub "$t/k.pub" "$c.json"
expect 0 "ssp verify --inputs --recompute: consistent" "$ssp" verify --pub "$t/k.pub" \
	--inputs "$ds" --inputs examples --recompute "$c.json"
grep -q '^ok recompute P1 TS_VOID_TO_CHANGE' "$t/out" && ok "recompute line" || no "recompute line"
# Reproducible bytes.
"$ssp" cert --plan examples/plans/smart_diaper.json --plan-pub examples/demo-sign.pub --results "$t/r.json" \
	--key "$t/k.key" -o "$t/out2" --date 2025-01-15 >/dev/null 2>&1
cmp -s "$c.json" "$t/out2/$id.json" && ok "the JSON is reproducible" || no "JSON differs"
cmp -s "$c.pdf" "$t/out2/$id.pdf" && ok "the PDF is reproducible" || no "PDF differs"
# The PDF.
pdffonts "$c.pdf" >"$t/fonts"
awk 'NR > 2 && $(NF-4) != "yes" { bad = 1 } END { exit bad }' "$t/fonts" &&
	grep -q Nanum "$t/fonts" && ok "PDF fonts embedded (Nanum)" || { no "fonts"; cat "$t/fonts"; }
pdftotext "$c.pdf" - >"$t/text"
grep -q '실증결과 확인서' "$t/text" && grep -q '메디로지스' "$t/text" && grep -q "$id" "$t/text" &&
	ok "PDF text extracts (Korean)" || no "PDF text"
pdfinfo "$c.pdf" | grep -q 'Page size:.*(A4)' && ok "PDF is A4" || no "A4"

# A plan not met: a signed statement, status 1.
expect 1 "cert: vest plan not met" "$ssp" cert --plan examples/plans/huggy_vest.json --plan-pub examples/demo-sign.pub \
	--results "$t/r.json" --key "$t/m.key" -o "$t/out1" --date 2025-01-15
nid=$(head -1 "$t/out" | cut -d' ' -f1)
case $nid in SSP-NM-huggy_vest-hongcheon-*) ok "statement id" ;; *) no "statement id $nid" ;; esac
grep -q '"kind": "not_met_statement"' "$t/out1/$nid.json" && ok "kind statement" || no "kind statement"
grep -q P1 "$t/err" && ok "the criteria not met are named" || no "criteria named"
expect 0 "ssp verifies minisign's key's signature" "$ssp" verify --pub "$t/m.pub" "$t/out1/$nid.json"
pdftotext "$t/out1/$nid.pdf" - | grep -q '미충족' && ok "statement PDF says not met" || no "statement PDF"
# The statement carries the cohort's participant flow, counted with the
# primary's instrument (UCLA_LS) as ssp flow counts it, and draws it.
"$ssp" flow --json --instrument UCLA_LS --min-cell 5 "$ds" >"$t/flow.json"
python3 - "$t/out1/$nid.json" "$t/flow.json" <<'PY' && ok "statement's flow is ssp flow's" || no "statement's flow"
import json, sys
c = json.load(open(sys.argv[1]))["flow"]
f = json.load(open(sys.argv[2]))["flow"]
want = [{k: r[k] for k in ("arm", "stage", "reason", "n", "suppressed")} for r in f
        if (r["technology"], r["region"]) == ("huggy_vest", "hongcheon")]
sys.exit(not (c["instrument"] == "UCLA_LS" and c["min_cell"] == 5 and c["rows"] == want and want))
PY
pdftotext "$t/out1/$nid.pdf" - | grep -q '참여자 흐름' && ok "statement PDF draws the flow" || no "flow in PDF"
# minisign's own signature of a certificate, with the trusted comment ssp
# cert signs, verifies with ssp verify; with another comment it does not.
cp "$c.json" "$c.pdf" "$t/"
tc=$(sed -n 's/^trusted comment: //p' "$c.json.minisig")
minisign -Sm "$t/$id.json" -s "$t/m.key" -t "$tc" >/dev/null 2>&1
minisign -Sm "$t/$id.pdf" -s "$t/m.key" -t "$tc" >/dev/null 2>&1
expect 0 "ssp verify accepts minisign's signature" "$ssp" verify --pub "$t/m.pub" "$t/$id.json"
expect 1 "another key is refused" "$ssp" verify --pub "$t/k.pub" "$t/$id.json"
minisign -Sm "$t/$id.json" -s "$t/m.key" -t "signed by minisign" >/dev/null 2>&1
expect 1 "a trusted comment not naming the certificate is refused" "$ssp" verify --pub "$t/m.pub" "$t/$id.json"
grep -q '^MISMATCH trusted comment' "$t/out" && ok "trusted comment named" || no "trusted comment not named: $(cat "$t/out")"

# Tampering: one byte of the certificate, of its PDF, of an input, of the results.
cp -r "$t/out1" "$t/bad"
b=$t/bad/$id
sed -i '0,/"verdict": "met"/s//"verdict": "mot"/' "$b.json"
expect 1 "one byte of the certificate" "$ssp" verify --pub "$t/k.pub" "$b.json"
grep -q '^MISMATCH signature' "$t/out" && grep -q '^MISMATCH pdf' "$t/out" &&
	ok "signature and pdf named" || no "not named: $(cat "$t/out")"
cp "$c.json" "$b.json"
printf 'x' | dd of="$b.pdf" bs=1 seek=2000 conv=notrunc 2>/dev/null
expect 1 "one byte of the PDF" "$ssp" verify --pub "$t/k.pub" "$b.json"
grep -q '^MISMATCH pdf' "$t/out" && ok "pdf named" || no "pdf not named: $(cat "$t/out")"
cp "$c.pdf" "$b.pdf"
printf 'X' | dd of="$ds/measures.csv" bs=1 seek=100 conv=notrunc 2>/dev/null
expect 1 "one byte of an input" "$ssp" verify --pub "$t/k.pub" --inputs "$ds" --inputs examples "$c.json"
grep -q '^MISMATCH input .*measures.csv' "$t/out" && ok "the input is named" || no "input not named: $(cat "$t/out")"
printf ' ' >>"$t/r.json"
expect 1 "one byte of the results" "$ssp" verify --pub "$t/k.pub" --inputs "$t" "$c.json"
grep -q '^MISMATCH results' "$t/out" && ok "the results are named" || no "results not named: $(cat "$t/out")"
cp "$t/measures.csv" "$ds/measures.csv"

# Killed mid-write: whatever exists under a final name is complete.
for i in 1 2 3 4 5 6 7 8; do
	"$ssp" cert --plan examples/plans/smart_diaper.json --plan-pub examples/demo-sign.pub --results "$t/r.json" \
		--key "$t/k.key" -o "$t/kill" --date 2025-01-15 >/dev/null 2>&1 &
	sleep "0.0$i"
	kill -9 $! 2>/dev/null
	wait $! 2>/dev/null
done
partial=0
for f in "$t"/kill/*; do
	[ -e "$f" ] || continue
	case $f in
	*.tmp*) ;;
	*.json) tail -c 2 "$f" | grep -q '}' || partial=1 ;;
	*.pdf) tail -c 8 "$f" | grep -q '%%EOF' || partial=1 ;;
	*.minisig) [ "$(wc -l <"$f")" = 4 ] || partial=1 ;;
	esac
done
[ $partial = 0 ] && ok "no partial file after kill -9" || no "a partial file under a final name"
# and a JSON under its final name comes with its PDF and both signatures
# (the four are renamed into place together, the JSON last)
alone=0
for f in "$t"/kill/*.json; do
	[ -e "$f" ] || continue
	b=${f%.json}
	for g in "$b.json.minisig" "$b.pdf" "$b.pdf.minisig"; do [ -s "$g" ] || alone=1; done
done
[ $alone = 0 ] && ok "no certificate without its PDF and signatures after kill -9" ||
	no "a certificate JSON without its PDF or signatures: $(ls -A "$t/kill")"

# The self-check agrees.
expect 0 "ssp check: diaper would be met" "$ssp" check --plan examples/plans/smart_diaper.json "$ds"
grep -q UNOFFICIAL "$t/out" && ok "marked unofficial" || no "not marked unofficial"
expect 1 "ssp check: vest would not" "$ssp" check --plan examples/plans/huggy_vest.json "$ds"
exit $fail
