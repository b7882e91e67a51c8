# Item 7: source values are not cut at 255 bytes: two 300-byte ids that differ only at the end stay two subjects, pseudonymized apart.
cd "$TMPDIR"; a=$(printf 'x%.0s' $(seq 299)); ssp keygen --hmac -o k >/dev/null
printf '{"table": "subjects", "fields": {"subject_id": {"from": "id", "pseudonymize": true}, "region": {"value": "dangjin"}, "technology": {"value": "huggy_vest"}, "site_id": {"value": "s1"}, "arm": {"value": "intervention"}, "enrolled_on": {"from": "on", "date": "%%Y-%%m-%%d"}}}' > m.json
printf 'id,on\n%sA,2024-07-01\n%sB,2024-07-01\n' "$a" "$a" > r.csv
ssp ingest --map m.json --key k -o keyed r.csv; echo "keyed $?"
tail -n +2 keyed/subjects.csv | cut -d, -f1 | sort -u | wc -l; grep -c . keyed/subjects.csv
