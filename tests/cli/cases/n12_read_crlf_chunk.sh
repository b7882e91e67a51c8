# Item 13: a CRLF whose CR is the last byte of a 64 KiB read (the CP949,
# libcsv path), after lines ending in LF, is written to the rejects as CRLF:
# the rejects are the source records byte for byte.
root=$(cd ../.. && pwd); m=$root/examples/mappings/roster-dangjin.json
cd "$TMPDIR"
{ head -n 1 "$root/examples/pilot/dangjin/대상자명단.csv" | tr -d '\r'
  seq -f 'DJ-K-%05g,x,x,1930.07,dj,x,2024-06-18,,' 1 1595; } >a.csv
k=$(( 65536 - $(wc -c <a.csv) - 40 ))
{ printf 'DJ-K-EDGE%*s,x,x,1930.07,dj,x,2024-13-45,,\r\n' "$k" '' | tr ' ' y
  printf 'DJ-K-LAST,x,x,1930.07,dj,x,2024-14-45,,\n'; } >>a.csv
echo "byte 65536: $(tail -c +65536 a.csv | head -c 2 | od -An -c)"
ssp ingest --no-pseudonymize --max-errors 0 -o ds --map "$m" a.csv; echo "status $?"
cmp a.csv ds/rejects/0001_a.csv && echo "rejects byte for byte"
