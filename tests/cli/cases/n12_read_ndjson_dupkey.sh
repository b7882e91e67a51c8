# Item 12: an NDJSON record with a key given twice is a rejected row (with
# its reason, counted), not read with the last value.
root=$(cd ../.. && pwd); m=$root/examples/mappings/nuvilab-meals.json
cd "$TMPDIR"
{ sed -n 1p "$root/examples/pilot/andong/nuvilab_meals.ndjson"
  sed -n 2p "$root/examples/pilot/andong/nuvilab_meals.ndjson" | sed 's/"leftover_g": 71/"leftover_g": 71, "leftover_g": 0/'
  sed -n 3p "$root/examples/pilot/andong/nuvilab_meals.ndjson" | sed 's/"child_id": "[^"]*"/&, "child_id": "AD-C-9999"/'
} >m.ndjson
ssp ingest --no-pseudonymize -o ds --map "$m" m.ndjson; echo "status $?"
cut -d, -f1,3,8 ds/logs/food_scanner_meals.csv
cat ds/rejects/0001_m.ndjson.errors.csv
cmp <(sed -n 2,3p m.ndjson) ds/rejects/0001_m.ndjson && echo "rejects byte for byte"
