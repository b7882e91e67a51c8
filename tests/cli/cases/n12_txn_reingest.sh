# Item 1 and 15: the same export twice leaves the table unchanged (every row a duplicate of the table's), validate passes; each run's rejects have their own name.
root=$(cd ../.. && pwd); m=$root/examples/mappings/roster-dangjin.json; f=roster.csv
cd "$TMPDIR"; cp "$root/examples/pilot/dangjin/대상자명단.csv" roster.csv
ssp ingest --no-pseudonymize -o ds --map "$m" "$f"; echo "first $?"; sum1=$(md5sum <ds/subjects.csv)
ssp ingest --no-pseudonymize -o ds --map "$m" "$f"; echo "second $?"; sum2=$(md5sum <ds/subjects.csv)
[ "$sum1" = "$sum2" ] && echo "subjects.csv unchanged"; wc -l <ds/subjects.csv
ssp validate ds >/dev/null; echo "validate $?"
ls ds/rejects; tail -n 2 ds/rejects/0002_*.errors.csv
