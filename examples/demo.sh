#!/bin/sh
# demo.sh: the main job on the shipped example data, as far as ssp goes
# today: the example pilot's vendor exports ingested (pseudonymized,
# validated, faults rejected) into a canonical dataset, its device logs
# reduced to the usage panel, the dataset checked whole, and the outcomes
# summarized. Run by `make demo`; uses bin/ssp of this tree.
set -eu
cd "$(dirname "$0")"
PATH=$(cd ../bin && pwd):$PATH
out=../out
ds=$out/dataset
rm -rf "$out"
mkdir -p "$out"

# table: CSV on stdin as aligned columns (no quoted commas in this data).
table() {
	awk -F, '{ for (i = 1; i <= NF; i++) { c[NR, i] = $i
	             if (length($i) > w[i]) w[i] = length($i) } n = NF }
	         END { for (r = 1; r <= NR; r++) { line = ""
	               for (i = 1; i <= n; i++) line = line sprintf("%-*s  ", w[i], c[r, i])
	               sub(/ +$/, "", line); print line } }'
}

echo "== 1. Ingest: 28 vendor exports of the example pilot (examples/pilot:"
echo "   synthetic; CP949, BOM, 오전/오후, Excel and epoch times, NDJSON),"
echo "   mapped by examples/mappings, pseudonymized with the demo key."
echo "   1% of the rows carry an injected fault (listed in pilot/truth.json)."
echo
./ingest.sh "$ds" 2>&1 | sed 's/^ssp ingest: /  /' || true
echo
echo "== 2. Every injected fault was rejected or dropped as a duplicate:"
../tests/ingest/faults.sh "$ds" pilot/truth.json | tail -1
echo
echo "== 3. Device logs reduced to the subject-day usage panel"
echo
ssp panel -q -o "$ds" "$ds"/logs/*.csv 2>&1 | sed 's/^ssp panel: /  /'
echo
echo "== 4. The dataset checked whole, foreign keys included"
echo
ssp validate "$ds" 2>&1 | sed 's/^ssp validate: /  /'
echo
echo "== 5. Standard indicators of data-schema/indicators.json (all in"
echo "   out/dataset/results.csv; small cells suppressed). Per instrument: the"
echo "   change from baseline to endline in the intervention arm (within), and"
echo "   the endline difference between the arms adjusted for baseline (ANCOVA,"
echo "   clustered by site: CR2 with Satterthwaite df), Holm-adjusted p"
echo
ssp indicators -q -o "$ds/results.csv" "$ds"
ssp indicators -q --json -o "$ds/results.json" "$ds"
awk -F, 'NR == 1 || ($1 ~ /^EFF_.*_END$/ && $6 == "intervention") || $1 ~ /^EFF_.*_ADJ$/ {
	if (NR == 1) { print "indicator,technology,effect,n,estimate,ci_low,ci_high,df,p_adjusted"; next }
	what = $1 ~ /_ADJ$/ ? "between" : "within"
	if ($23 == "true") { print $1 "," $4 "," what ",suppressed,,,,,"; next }
	printf "%s,%s,%s,%s,%.2f,%.2f,%.2f,%.1f,%.3g\n", $1, $4, what, $7, $11, $12, $13, $16, $18
}' "$ds/results.csv" | table
echo
echo "== 6. The workbook and the charts for analysts and committees"
echo
ssp report $(printf -- "--plan %s " plans/*.json) "$ds/results.json" "$ds" -o "$out/report.xlsx"
echo "  out/report.xlsx (summary with verdicts, every indicator, a sheet with"
echo "  charts per technology, data quality, provenance)"
ssp plot -q "$ds/results.json" "$ds" -o "$out/plots" | sed 's|^\.\./|  |'
echo
echo "== 7. Certificates (실증결과 확인서) for the six technologies' plans"
echo "   (examples/plans, each registered before the data: plans/*.minisig),"
echo "   signed with the demo key; a plan not met gets a signed statement instead"
echo
# A secret key must not be readable by others; git does not keep modes.
install -m 600 demo-sign.key "$out/demo-sign.key"
for plan in plans/*.json; do
	# status 1 is a plan not met (a statement); anything else is a failure
	rc=0
	ssp cert --plan "$plan" --plan-pub demo-sign.pub --results "$ds/results.json" \
		--key "$out/demo-sign.key" -o "$out/certs" 2>"$out/cert.err" >"$out/cert.out" || rc=$?
	head -1 "$out/cert.out" | sed 's/^/  /'
	if [ "$rc" -gt 1 ]; then
		cat "$out/cert.err" >&2
		exit "$rc"
	fi
done
rm -f "$out/cert.out" "$out/cert.err"
echo
echo "== 8. Each one verified: signatures, PDF, every input's SHA-256, and every"
echo "   number computed again from the dataset"
echo
for c in "$out"/certs/*.json; do
	ssp verify --pub demo-sign.pub --plan-pub demo-sign.pub --inputs "$ds" --inputs . \
		--recompute "$c" |
		tail -1 | sed "s|^$out/certs/|  |"
done
echo
echo "A vendor checks its own data first: ssp check --plan plans/smart_diaper.json DATASET"
echo "Make your own pilot: ssp synth --vendor -o DIR; see README.md."
