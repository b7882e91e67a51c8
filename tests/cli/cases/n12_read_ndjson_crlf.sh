# Item 32 (NDJSON CR): the rejects of an NDJSON export with CRLF lines keep
# the CR: they are the source lines byte for byte (the last line has none).
root=$(cd ../.. && pwd); m=$root/examples/mappings/nuvilab-meals.json
cd "$TMPDIR"
{ sed -n 1,2p "$root/examples/pilot/andong/nuvilab_meals.ndjson" | sed 's/"meal": "lunch"/"meal": "brunch"/; s/$/\r/'
  printf '[1, 2]\r\n'; printf '\r\n'
  sed -n 3p "$root/examples/pilot/andong/nuvilab_meals.ndjson" | sed 's/$/\r/'
  printf '{"child_id": 5' ; } >m.ndjson
ssp ingest --no-pseudonymize --max-errors 0 -o ds --map "$m" m.ndjson; echo "status $?"
cut -d, -f1-3,5 ds/rejects/0001_m.ndjson.errors.csv
cmp <(sed '4,5d' m.ndjson; echo) ds/rejects/0001_m.ndjson && echo "rejects byte for byte"
od -An -c ds/rejects/0001_m.ndjson | grep -c '\\r  \\n'
