# Item 29: the fix an encoding error names is one the tool has: ingest's is
# the mapping source's "encoding" (ingest has no --encoding), indicators'
# the resource's in datapackage.json, panel's (UTF-8 only, no option) a
# conversion; tools with --encoding still name it.
root=$(cd ../.. && pwd)
cd "$TMPDIR"
sed 's/, "encoding": "cp949"//' "$root/examples/mappings/roster-dangjin.json" >m.json
cp "$root/examples/pilot/dangjin/대상자명단.csv" roster.csv
ssp ingest --no-pseudonymize -o ds --map m.json roster.csv; echo "ingest status $?"
cp -r "$root/examples/dataset" d
iconv -f utf-8 -t cp949 "$root/examples/dataset/subjects.csv" >d/subjects.csv
printf '\xb0\xa1' >>d/subjects.csv
ssp indicators -q --json -o r.json d 2>&1 | sed 's/:[0-9]*:[0-9]*:/:L:C:/'; echo "indicators status ${PIPESTATUS[0]}"
{ printf 'subject_id,ts,steps,heart_rate,worn\n'; printf 's1,2024-07-01T10:00:00+09:00,1,,\xb0\xa1\n'; } >band.csv
ssp panel -q -o p band.csv; echo "panel status $?"
printf '\xff\xfex\x00\n\x00' >u16.csv
ssp panel -q -o p u16.csv; echo "panel status $?"
ssp stats count:steps band.csv; echo "stats status $?"
