# Item 4: panel's device events go to the declared resource device_events, never over ingest's events.csv; a second run replaces only its own resources; validate accepts the dataset.
root=$(cd ../.. && pwd); cd "$TMPDIR" && "$root/examples/ingest.sh" ds 2>/dev/null; echo "ingest $?"
ev=$(md5sum <ds/events.csv)
ssp panel -q -o ds ds/logs/*.csv; echo "panel $?"; first=$(cat ds/usage.csv ds/device_events.csv | md5sum)
ssp panel -q -o ds ds/logs/*.csv; echo "panel again $?"
[ "$ev" = "$(md5sum <ds/events.csv)" ] && echo "events.csv unchanged"
[ "$first" = "$(cat ds/usage.csv ds/device_events.csv | md5sum)" ] && echo "usage.csv and device_events.csv the same"
ls ds | grep -c panel-events; cat ds/device_events.csv
grep -c '"name": "device_events"' ds/datapackage.json; grep -A4 '"name": "device_events"' ds/datapackage.json
ssp validate ds 2>v.err; echo "validate $?"; tail -n 2 v.err
