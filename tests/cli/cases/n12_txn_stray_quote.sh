# Item 14: a stray quote mid-file fails the run (status 1, even with --max-rejects) and leaves the dataset as it was.
root=$(cd ../.. && pwd); m=$root/examples/mappings/roster-dangjin.json; f=roster.csv
cd "$TMPDIR"; cp "$root/examples/pilot/dangjin/대상자명단.csv" roster.csv
head -n 20 "$f" >good.csv; ssp ingest -q --no-pseudonymize -o ds --map "$m" good.csv 2>/dev/null; echo "first $?"
before=$(cat ds/subjects.csv ds/manifest.json ds/datapackage.json | md5sum)
{ head -n 1 "$f"; sed -n 21,30p "$f"; echo 'DJ-Q-0001,a"b,x,1930.07,dj,x,2024-01-01,,'; sed -n 31,40p "$f"; } >bad.csv
ssp ingest --no-pseudonymize --max-rejects 50% -o ds --map "$m" bad.csv; echo "second $?"
after=$(cat ds/subjects.csv ds/manifest.json ds/datapackage.json | md5sum)
[ "$before" = "$after" ] && echo "dataset unchanged"; ls -A ds ds/rejects
