# Item 10: the digest recorded is of the bytes read, stdin included.
root=$(cd ../.. && pwd); m=$root/examples/mappings/roster-dangjin.json; f=roster.csv
cd "$TMPDIR"; cp "$root/examples/pilot/dangjin/대상자명단.csv" roster.csv
ssp ingest -q --no-pseudonymize -o ds --map "$m" - <"$f" 2>/dev/null; echo "status $?"
want=$(sha256sum <"$f" | cut -c1-64); bytes=$(wc -c <"$f")
grep -q "\"sha256\": \"$want\"" ds/manifest.json && echo "sha256 of the bytes read"
grep -q "\"bytes\": $bytes," ds/manifest.json && echo "bytes of the bytes read"
