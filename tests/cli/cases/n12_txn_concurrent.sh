# Item 2: a run waits for the one holding the dataset (and says so); five ingests at once all succeed and lose no row.
root=$(cd ../.. && pwd); p=$root/examples/pilot; mm=$root/examples/mappings
cd "$TMPDIR"; for r in hongcheon andong dangjin geumsan dongducheon; do cp "$p/$r/대상자명단.csv" $r.csv; done; mkdir ds
flock ds/.ssp-lock sleep 1 & sleep 0.2
ssp ingest -q --no-pseudonymize -o ds --map "$mm/roster-dangjin.json" dangjin.csv; echo "waited $?"; wait
rm -rf ds
for r in hongcheon andong dangjin geumsan dongducheon; do
	ssp ingest -q --no-pseudonymize -o ds --map "$mm/roster-$r.json" $r.csv 2>/dev/null & pids+=($!); done
s=0; for j in "${pids[@]}"; do wait "$j" || s=1; done; echo "all exit 0: $((1 - s))"
acc=$(grep -o '"accepted": [0-9]*' ds/manifest.json | awk '{s += $2} END {print s}'); echo "inputs $(grep -c '"path"' ds/manifest.json), accepted $acc, table rows $(($(wc -l <ds/subjects.csv) - 1))"
