# A dataset whose resources are CP949 (and one with a ';' dialect) is read
# as ssp validate reads it: the indicators are those of the UTF-8 original.
d=$PWD/../../examples/dataset
cd "$TMPDIR" && mkdir u k
cp "$d"/*.csv "$d"/datapackage.json u/
sed -i 's/,ho-site2,/,홍천-둘째,/' u/subjects.csv
for t in subjects measures usage events; do
	iconv -f UTF-8 -t CP949 "u/$t.csv" >"k/$t.csv"
done
tr ',' ';' <u/usage.csv >k/usage.csv
cat >k/datapackage.json <<'JSON'
{
  "name": "ssp-example-cp949",
  "resources": [
    {"name": "subjects", "path": "subjects.csv", "schema": "subjects.schema.json", "encoding": "cp949"},
    {"name": "measures", "path": "measures.csv", "schema": "measures.schema.json", "encoding": "cp949"},
    {"name": "usage", "path": "usage.csv", "schema": "usage.schema.json", "dialect": {"delimiter": ";"}},
    {"name": "events", "path": "events.csv", "schema": "events.schema.json", "encoding": "cp949"}
  ]
}
JSON
cmp -s u/subjects.csv k/subjects.csv || echo "subjects.csv is CP949"
ssp validate -q k; echo "validate status $?"
ssp indicators -q --by site_id u >utf8.csv
ssp indicators -q --by site_id k >cp949.csv; echo "indicators status $?"
grep -c '홍천-둘째' cp949.csv
cmp utf8.csv cp949.csv && echo "same indicators"
# A dialect ssp cannot read is refused as validate refuses it.
sed 's|"dialect": {"delimiter": ";"}|"dialect": {"header": false}|' k/datapackage.json >k/p && mv k/p k/datapackage.json
ssp indicators -q k; echo "status $?"
ssp validate -q k; echo "status $?"
