# Header and schema checks take time linear in the number of columns
# (issue 12, item 24): a header of 10^6 distinct labels, one of them
# repeated at the end and one blank, and a schema of 200,000 fields, one
# name repeated, are each checked within 20 s (the quadratic checks took
# hours).
t=$TMPDIR
{ printf 'subject_id'; seq 1 1000000 | sed 's/^/,c/' | tr -d '\n'; printf ',c7,,c999999\n'
  printf 's1'; seq 1 1000003 | sed 's/.*/,x/' | tr -d '\n'; echo; } >"$t/wide.csv"
timeout 20 ssp validate --table subjects --max-errors 0 --report "$t/r.json" "$t/wide.csv" 2>&1 | sed "s|$t|TMP|g"
echo "status ${PIPESTATUS[0]}"
grep -o '"type": "\(duplicate\|blank\)-label"[^}]*' "$t/r.json"
grep -o '"type": "extra-label"' "$t/r.json" | wc -l
{ printf '{"fieldsMatch": "partial", "fields": ['
  seq 1 200000 | sed 's/.*/{"name": "f&"},/' | tr -d '\n'
  printf '{"name": "f150000"}]}\n'; } >"$t/many.schema.json"
echo f1 >"$t/one.csv"; echo x >>"$t/one.csv"
timeout 20 ssp validate --schema "$t/many.schema.json" "$t/one.csv" 2>&1 | sed "s|$t|TMP|g"
echo "status ${PIPESTATUS[0]}"
# Columns matched by name against a schema of 200,000 fields, in reverse.
{ printf '{"fieldsMatch": "equal", "fields": ['
  seq 1 199999 | sed 's/.*/{"name": "f&"},/' | tr -d '\n'
  printf '{"name": "f200000"}]}\n'; } >"$t/many.schema.json"
{ seq 200000 -1 1 | sed 's/^/f/' | paste -sd,; seq 200000 | sed 's/.*/x/' | paste -sd,; } >"$t/rev.csv"
timeout 20 ssp validate --schema "$t/many.schema.json" "$t/rev.csv" 2>&1 | sed "s|$t|TMP|g"
echo "status ${PIPESTATUS[0]}"
