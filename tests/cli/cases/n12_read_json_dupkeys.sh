# Item 12, the class: every JSON ssp reads from a user (a dataset's
# datapackage.json and manifest.json, results, certificates) refuses a key
# given twice, as the mapping loader does, instead of taking the last value.
root=$(cd ../.. && pwd)
cd "$TMPDIR"
cp -r "$root/examples/dataset" ds
sed -i 's/"name": "subjects", "path": "subjects.csv"/"name": "subjects", "path": "subjects.csv", "path": "usage.csv"/' ds/datapackage.json
ssp indicators -q --json -o r.json ds; echo "indicators status $?"
ssp validate ds >/dev/null; echo "validate status $?"
printf '{"tool": "ssp indicators", "results": [], "results": []}\n' | ssp plot -o p -; echo "plot status $?"
printf '{"tool": "ssp indicators", "parameters": {"by": []}, "results": [{"indicator": "A", "indicator": "B"}]}\n' >x.json
ssp report -o r.xlsx x.json; echo "report status $?"
mkdir ds2
printf '{"tool": "ssp ingest", "version": "0", "key_id": null, "inputs": [], "inputs": []}\n' >ds2/manifest.json
ssp ingest --no-pseudonymize -o ds2 --map "$root/examples/mappings/roster-dangjin.json" "$root/examples/pilot/dangjin/대상자명단.csv"; echo "ingest status $?"
ls ds2
