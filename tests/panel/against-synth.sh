#!/bin/bash
# against-synth.sh: ssp panel's usage values equal those the simulation
# computed itself, from its own draws, while writing the logs (synth's
# usage.csv): a computation of its own, independent of reading the logs.
# The logs hold each person's first 3 days; usage.csv every day of use.
set -eu
d=$(mktemp -d)
trap 'rm -rf "$d"' EXIT
cd "$d"
ssp synth --canonical --seed 5 --scale 0.5 --log-days 3 -o syn
ssp panel -q -o p syn/logs/*.csv 2>/dev/null
tail -n +2 p/usage.csv | sort >panel.txt
tail -n +2 syn/usage.csv | sort >truth.txt
echo "panel rows: $(wc -l <panel.txt); equal to the simulation's: $(comm -12 panel.txt truth.txt | wc -l)"
cut -d, -f3 panel.txt | sort | uniq -c | awk '{ print "  " $2 ": " $1 }'
comm -23 panel.txt truth.txt | head -5
[ "$(comm -23 panel.txt truth.txt | wc -l)" -eq 0 ]
# And the band's minutes counted by awk, straight from the log.
awk -F, 'NR > 1 { k = $1 "," substr($2, 1, 10); w[k] += $5 == "true"
	s[k] += $3; a[k] += $3 > 0 }
	END { for (k in w) print k ",wear_minutes," w[k] "\n" k ",steps," s[k] "\n" k ",active_minutes," a[k] }' \
	syn/logs/ai_band_minutes.csv | sort >awk.txt
echo "band rows by awk: $(wc -l <awk.txt); in the panel: $(comm -12 awk.txt panel.txt | wc -l)"
[ "$(comm -23 awk.txt panel.txt | wc -l)" -eq 0 ]
