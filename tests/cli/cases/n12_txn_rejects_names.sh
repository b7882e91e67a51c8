# Item 15: x/dangjin/a.csv and y/dangjin/a.csv in one run keep a rejects file each.
root=$(cd ../.. && pwd); m=$root/examples/mappings/roster-dangjin.json; f=roster.csv
cd "$TMPDIR"; cp "$root/examples/pilot/dangjin/대상자명단.csv" roster.csv; mkdir -p x/dangjin y/dangjin
{ head -n 3 "$f"; echo 'DJ-X-0001,x,x,1930.07,dj,x,2024-13-45,,'; } >x/dangjin/a.csv
{ head -n 1 "$f"; echo 'DJ-Y-0002,y,y,1931.07,dj,y,2024-14-45,,'; } >y/dangjin/a.csv
ssp ingest --no-pseudonymize --max-errors 0 -o ds --map "$m" x/dangjin/a.csv y/dangjin/a.csv; echo "status $?"
for r in ds/rejects/*; do echo "== $r"; iconv -f cp949 -t utf-8 "$r" | tail -n 1 | cut -c1-9; done
grep '"rejects"' ds/manifest.json
