# An unknown "manifest" field in a catalogue is a configuration error
# naming the fields (it read past the end of the list).
cd "$TMPDIR" && c=c.json
head='"code": "X", "label_ko": "x", "label_en": "x", "domain": "data_quality", "technologies": ["huggy_vest"], "unit": "%", "direction": "lower", "type": "ratio", "ci": "wilson"'
printf '{"indicators": [{%s, "numerator": {"manifest": "lost"}, "denominator": {"manifest": "rows_read"}}]}\n' "$head" >"$c"
ssp indicators --catalogue "$c" x; echo "status $?"
printf '{"indicators": [{%s, "numerator": {"manifest": 3}, "denominator": {"manifest": "rows_read"}}]}\n' "$head" >"$c"
ssp indicators --catalogue "$c" x; echo "status $?"
