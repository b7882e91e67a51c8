# Issue 12, item 39: the reasons of a certificate print enough digits to
# show the comparison (not "87.2 is below 87.2"), a change with the sign
# and direction the plan means ("the change -0.6391 is smaller than
# 0.6391" was the old text), and "no value" names what is missing.
cat >"$TMPDIR/p.json" <<'PLAN'
{"format": "ssp-plan-1", "firm": {"name_ko": "가", "name_en": "A"},
 "technology": "smart_diaper", "region": "dangjin",
 "period": {"from": "2024-06-01", "to": "2024-12-31"},
 "criteria": [
  {"id": "C1", "role": "primary", "indicator": "X1", "require": "estimate_at_least", "value": 87.2},
  {"id": "C2", "role": "secondary", "indicator": "X2", "require": "significant_improvement", "min_change": 0.63914},
  {"id": "C3", "role": "secondary", "indicator": "X3", "require": "ci_low_at_least", "value": 3.5},
  {"id": "C4", "role": "secondary", "indicator": "X4", "require": "significant_improvement"},
  {"id": "C5", "role": "secondary", "indicator": "X5", "require": "significant_improvement"},
  {"id": "C6", "role": "secondary", "indicator": "X6", "require": "estimate_at_most", "value": 20},
  {"id": "C7", "role": "secondary", "indicator": "X7", "require": "ci_high_at_most", "value": 0.5},
  {"id": "C8", "role": "monitoring", "indicator": "X8", "require": "estimate_at_least", "value": 1}
 ]}
PLAN
row() { # row CODE DIRECTION ESTIMATE CI_LOW CI_HIGH P_ADJUSTED NOTE
	printf '{"indicator": "%s", "technology": "smart_diaper", "region": "dangjin", "arm": "intervention", "by": {}, "direction": "%s", "unit": "", "estimate": %s, "ci_low": %s, "ci_high": %s, "p": %s, "p_adjusted": %s, "note": "%s", "suppressed": false}' \
		"$1" "$2" "$3" "$4" "$5" "$6" "$6" "$7"
}
{
	echo '{"parameters": {"level": 0.95, "adjust": "holm", "min_cell": 5, "min_n": 10}, "results": ['
	row X1 higher 87.19999 80 90 null ""; echo ,
	row X2 lower -0.63909 -1 -0.3 0.001 ""; echo ,
	row X3 higher 4 null 5 null ""; echo ,
	row X4 higher 1 0 2 0.0500001 ""; echo ,
	row X5 lower 0.25 0.1 0.4 0.01 ""; echo ,
	row X6 lower 20.000004 19 21 null ""; echo ,
	row X7 lower 0.4 0.3 0.50000000001 null ""; echo ,
	row X8 higher null null null null "fewer than 2 subjects"
	echo ']}'
} >"$TMPDIR/r.json"
install -m 600 ../../examples/demo-sign.key "$TMPDIR/k.key"
ssp cert --plan "$TMPDIR/p.json" --unregistered --results "$TMPDIR/r.json" --key "$TMPDIR/k.key" \
	-o "$TMPDIR/c" --date 2025-01-15 >/dev/null
echo "status $?"
grep -o '"rule": "[^"]*"' "$TMPDIR"/c/*.json
