# Issue 12 item 5: values longer than any buffer are taken whole or
# rejected with a clear message, never read past or cut short. A subject
# id of 300 characters (the schemas allow 1 to 64 of A-Z a-z 0-9 _ -) is a
# rejected row, as is a 300-character alert id or timestamp; a 64-character
# subject id is taken whole.
cd "$TMPDIR"
long=$(printf 's%.0s' $(seq 300))
h='subject_id,ts,device_id,heart_rate,respiration_rate,hrv_ms,worn'
printf '%s\n%s,2024-07-01T10:00:00+09:00,,,,,true\n' "$h" "$long" >long.csv
ssp panel -q -o p1 long.csv; echo "status $?"; ls p1 2>/dev/null
id64=$(printf 'a%.0s' $(seq 64))
printf '%s\n%s,2024-07-01T10:00:00+09:00,,,,,true\n' "$h" "$id64" >id64.csv
ssp panel -q -o p2 id64.csv 2>/dev/null; echo "status $?"
awk -F, 'NR > 1 { print length($1), $2, $3, $4 }' p2/usage.csv
printf '%s\ns1,%s,,,,,true\n' "$h" "2024-07-01T10:00:00+09:00$long" >ts.csv
ssp panel -q -o p3 ts.csv; echo "status $?"
printf 'alert_id,subject_id,kind,raised_at,acknowledged_at,closed_at,outcome\n%s,s1,fall,2024-07-01T10:00:00+09:00,,,\n' "$long" >alerts.csv
ssp panel -q -o p4 alerts.csv; echo "status $?"
# a quoted alert id with a comma is written back quoted, whole
printf 'alert_id,subject_id,kind,raised_at,acknowledged_at,closed_at,outcome\n"a,1",s1,fall,2024-07-01T10:00:00+09:00,,,\n' >comma.csv
ssp panel -q -o p5 comma.csv 2>/dev/null; echo "status $?"; cat p5/device_events.csv
