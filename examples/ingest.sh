#!/bin/sh
# ingest.sh DIR: ingest every export of examples/pilot into the canonical
# dataset DIR, with the mappings of examples/mappings and the demo key.
# The rosters go first, so that every other table's subject ids are
# checked against them. A demo key is for the example only: make your own
# with `ssp keygen --hmac -o FILE` and keep it apart from the data.
# SSP_BIN, when set, is the folder of the ssp to run (the tests give
# their sanitizer build); else bin/ of this tree.
set -eu
[ $# -eq 1 ] || { echo "usage: $0 DIR" >&2; exit 2; }
here=$(cd "$(dirname "$0")" && pwd)
PATH=${SSP_BIN:-$here/../bin}:$PATH
key=$(mktemp)
trap 'rm -f "$key"' EXIT
install -m 600 "$here/demo-hmac.key" "$key"
case $1 in /*) out=$1 ;; *) out=$PWD/$1 ;; esac
cd "$here" # the manifest records the paths as given: pilot/...
p=pilot m=mappings
status=0
ingest() { ssp ingest -q --max-errors 0 --key "$key" -o "$out" --map "$1" "$2" || status=1; }
for r in hongcheon andong dangjin geumsan dongducheon; do
	ingest "$m/roster-$r.json" "$p/$r/대상자명단.csv"
done
for r in hongcheon andong dangjin geumsan dongducheon; do
	ingest "$m/assessments-$r.json" "$p/$r/평가결과.csv"
	ingest "$m/survey-$r.json" "$p/$r/만족도조사.csv"
	ingest "$m/services-$r.json" "$p/$r/서비스기록.csv"
done
ingest "$m/dolbomdream-vitals.json" "$p/hongcheon/dolbomdream_vitals.csv"
ingest "$m/dolbomdream-alerts.json" "$p/hongcheon/dolbomdream_alerts.csv"
ingest "$m/nuvilab-meals.json" "$p/andong/nuvilab_meals.ndjson"
ingest "$m/silvia-sessions.json" "$p/dangjin/silvia_sessions.csv"
ingest "$m/medilogis-events.json" "$p/dangjin/medilogis_events.csv"
ingest "$m/manntel-sessions.json" "$p/geumsan/manntel_sessions.csv"
ingest "$m/marknova-band.json" "$p/dongducheon/marknova_band.csv"
ingest "$m/marknova-speaker.json" "$p/dongducheon/marknova_speaker.ndjson"
exit $status
