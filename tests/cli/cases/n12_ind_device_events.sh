# Device events (ssp panel's device_events resource, beside ingest's
# events) reach the indicators and the charts: a dataset whose alerts are
# split between the two resources gives the same safety indicators and the
# same response chart as the one with all of them in events.
d=$PWD/../ref/indicators/pilot
cd "$TMPDIR" && mkdir split
cp "$d"/subjects.csv "$d"/measures.csv "$d"/usage.csv "$d"/manifest.json split/
dev='^[^,]*,[^,]*,(emergency_alert|fall_risk|sos|no_response),'
{ head -n 1 "$d"/events.csv; tail -n +2 "$d"/events.csv | grep -Ev "$dev"; } >split/events.csv
{ head -n 1 "$d"/events.csv; grep -E "$dev" "$d"/events.csv; } >split/device_events.csv
sed 's|"name": "events"|"name": "device_events", "path": "device_events.csv", "schema": "events.schema.json"}, {&|' \
	"$d"/datapackage.json >split/datapackage.json
ssp validate -q split; echo "validate status $?"
wc -l <split/events.csv
wc -l <split/device_events.csv
ssp indicators -q --min-cell 0 --min-n 0 "$d" >all.csv
ssp indicators -q --min-cell 0 --min-n 0 split >split.csv; echo "status $?"
grep -E '^(SAF_ALERT_RATE|SAF_FALSE_ALARM),' split.csv | cut -d, -f1,5-11
cmp all.csv split.csv && echo "same indicators"
ssp indicators -q --json "$d" >r.json
ssp plot -q --min-n 0 --format svg -o pa r.json "$d" >/dev/null
ssp plot -q --min-n 0 --format svg -o ps r.json split; echo "status $?"
cmp pa/response.svg ps/response.svg && echo "same response chart"
