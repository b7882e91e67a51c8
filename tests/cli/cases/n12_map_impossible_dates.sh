# Items 8 and 32: impossible dates and times (30 February, month 13, hour 25, second 60 or 61, trailing text) are rejected rows with a reason, in every date format of the mapping, never normalized.
cd "$TMPDIR"
m() { printf '{"table": "events", "timezone": "+05:45", "fields": {"event_id": {"from": "id"}, "subject_id": {"value": "s"}, "kind": {"value": "sos"}, "raised_at": {"from": "t", "datetime": "%s"}}}' "$1" > "m$2.json"; }
m iso 1; m '%Y-%m-%d %H:%M:%S' 2
printf 'id,t\ne1,2024-02-30T10:00:00\ne2,2024-13-01T10:00:00\ne3,2024-07-01T25:00:00\ne4,2024-07-01T10:00:60\ne5,2024-07-01T10:00:00junk\ne6,2024-07-01 10:00:00\ne7,2024-07-01T10:00:00+14:59\ne8,2024-07-01T10:00:00.5\ne9,2024-02-29T23:59:59Z\n' > iso.csv
printf 'id,t\ne1,2024-02-30 10:00:00\ne2,2024-07-01 10:00:61\ne3,2024-07-01 10:00:60\ne4,2023-02-29 00:00:00\ne5,2024-07-01 23:59:59\n' > pat.csv
ssp ingest --map m1.json --no-pseudonymize --max-errors 0 -o d1 iso.csv; echo "iso $?"; cut -d, -f1,4 d1/events.csv
cut -d, -f4- d1/rejects/*.errors.csv
ssp ingest --map m2.json --no-pseudonymize --max-errors 0 -o d2 pat.csv; echo "pattern $?"; cut -d, -f1,4 d2/events.csv
cut -d, -f4- d2/rejects/*.errors.csv
