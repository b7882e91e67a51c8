# Issue 12, item 30: every value of a plan is type-checked and checked
# against data-schema/plan.schema.json's enums and patterns (status 2,
# naming the file and the member), before it can reach the judgement, a
# file name or a signed trusted comment; ssp cert no longer crashes on an
# 'adjust' that is not a string.
P=../../examples/plans/smart_diaper.json
ssp indicators -q --json -o "$TMPDIR/r.json" ../../examples/dataset
install -m 600 ../../examples/demo-sign.key "$TMPDIR/k.key"
try() { # try SED-EXPRESSION: ssp cert and ssp check on the changed plan
	sed "$1" "$P" >"$TMPDIR/p.json"
	ssp cert --plan "$TMPDIR/p.json" --unregistered --results "$TMPDIR/r.json" --key "$TMPDIR/k.key" \
		-o "$TMPDIR/c" --date 2025-01-15 2>&1 | sed "s|$TMPDIR|TMP|g"
	echo "cert status ${PIPESTATUS[0]}"
	ssp check --plan "$TMPDIR/p.json" ../../examples/dataset 2>&1 | sed "s|$TMPDIR|TMP|g"
	echo "check status ${PIPESTATUS[0]}"
}
try 's/"adjust": "holm"/"adjust": 5/'
try 's/"adjust": "holm"/"adjust": "sidak"/'
try 's|"technology": "smart_diaper"|"technology": "smart_diaper verdict=met/../x"|'
try 's/"region": "dangjin"/"region": "Dangjin"/'
try 's/"id": "S1"/"id": "S1\/..\/x"/'
try 's/"indicator": "RET_180"/"indicator": 7/'
try 's/"indicator": "RET_180"/"indicator": "RET_180", "arm": "both"/'
try 's/"title": .*/"title": 5,/'
try 's/"note": .*/"note": ["x"]/'
try 's/"name_en": "Medilogis"/"name_en": "Medilogis", "name_en": "Other"/'
try 's/"min_cell": 5/"min_cell": -1/'
ls "$TMPDIR/c" 2>&1 | sed "s|$TMPDIR|TMP|g"
