# Item 9: epoch and Excel times outside the years 1900 to 9999 are rejected rows (no overflow, no garbage date).
cd "$TMPDIR"
m() { printf '{"table": "events", "timezone": "UTC", "fields": {"event_id": {"from": "id"}, "subject_id": {"value": "s"}, "kind": {"value": "sos"}, "raised_at": {"from": "t", "datetime": "%s"}}}' "$1" > "m$1.json"; }
m epoch_s; m epoch_ms; m excel
printf 'id,t\ne1,9223372036854775807\ne2,-9223372036854775808\ne3,99999999999999999999\ne4,253402300800\ne5,253402300799\ne6,-2208988800\ne7,-2208988801\ne8,1719792000\n' > s.csv
printf 'id,t\ne1,9223372036854775807\ne2,-9223372036854775808\ne3,1719792000000\ne4,-1\n' > ms.csv
printf 'id,t\ne1,1e300\ne2,2958466\ne3,2958465.5\ne4,45474.5\ne5,1\n' > x.csv
for f in epoch_s:s epoch_ms:ms excel:x; do
ssp ingest --map "m${f%:*}.json" --no-pseudonymize --max-errors 0 -o "d${f#*:}" "${f#*:}.csv"; echo "${f%:*} $?"; tail -n +2 "d${f#*:}/events.csv" | cut -d, -f1,4
cut -d, -f6- "d${f#*:}"/rejects/*.errors.csv | tail -n +2
done
