#!/bin/bash
# merge.sh: the map-reduce form of ssp panel gives the very bytes of a
# whole run. A synthetic pilot's device logs are cut into shards of lines
# (each with the header), GNU parallel runs `ssp panel` on every shard,
# and `ssp panel --merge` combines the partial panels; usage.csv,
# device_events.csv and panel-state.csv must equal those of one run over all.
set -eu
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
cd "$d"
ssp synth --canonical --seed 11 --scale 0.3 --log-days 3 -o syn
ssp panel -q -o whole syn/logs/*.csv 2>/dev/null
mkdir shards
for f in syn/logs/*.csv; do
	b=$(basename "$f" .csv)
	tail -n +2 "$f" >body
	split -n l/3 -d body "shards/$b-"
	for s in shards/"$b"-0?; do
		{ head -1 "$f"; cat "$s"; } >"$s.csv"
		rm "$s"
	done
done
mkdir parts
ls shards/*.csv | parallel --will-cite -j 2 'ssp panel -q -o parts/{/.} {} 2>/dev/null'
ssp panel -q --merge -o merged parts/* 2>/dev/null
echo "$(ls shards | wc -l) shards, $(ls parts | wc -l) partial panels"
for f in usage.csv device_events.csv panel-state.csv; do
	cmp whole/$f merged/$f && echo "$f: merged = whole ($(wc -l <whole/$f) lines)"
done
