# Items 2, 3: a run killed at each step of its commit leaves the dataset as before or as after; the next run finishes or undoes it, and read = accepted + rejected + duplicates + filtered holds with the table.
root=$(cd ../.. && pwd); m=$root/examples/mappings/roster-dangjin.json; f=roster.csv
cd "$TMPDIR"; cp "$root/examples/pilot/dangjin/대상자명단.csv" roster.csv; head -n 30 "$f" >a.csv; { head -n 1 "$f"; sed -n 31,67p "$f"; } >b.csv
check() { acc=$(grep -o '"accepted": [0-9]*' ds/manifest.json | awk '{s += $2} END {print s}'); rows=$(($(wc -l <ds/subjects.csv) - 1)); echo "accepted $acc, table rows $rows, inputs $(grep -c '"path"' ds/manifest.json)"; ssp validate ds >/dev/null; echo "validate $?"; }
for point in staged journal rename renamed; do
	rm -rf ds; ssp ingest -q --no-pseudonymize -o ds --map "$m" a.csv 2>/dev/null
	M=$m bash -c 'SSP_TEST_CRASH=$0 ssp ingest -q --no-pseudonymize -o ds --map "$M" b.csv; echo "$0: killed run $?"' $point 2>/dev/null
	ssp ingest -q --no-pseudonymize -o ds --map "$m" b.csv; echo "next run $?"; check; ls -A ds | tr '\n' ' '; echo
done
