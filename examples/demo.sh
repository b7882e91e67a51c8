#!/bin/sh
# demo.sh: the main job on the shipped example data, as far as ssp goes
# today: the example dataset validated, descriptive statistics of its
# assessments and of a Korean vendor export. Run by `make demo`; uses
# bin/ssp of this tree.
set -eu
cd "$(dirname "$0")"
PATH=$(cd ../bin && pwd):$PATH

# table: CSV on stdin as aligned columns (the example data has no quoted
# commas).
table() {
	awk -F, '{ for (i = 1; i <= NF; i++) { c[NR, i] = $i
	             if (length($i) > w[i]) w[i] = length($i) } n = NF }
	         END { for (r = 1; r <= NR; r++) { line = ""
	               for (i = 1; i <= n; i++) line = line sprintf("%-*s  ", w[i], c[r, i])
	               sub(/ +$/, "", line); print line } }'
}

echo "== The example dataset checked against the shipped schemas (examples/dataset)"
echo
ssp validate dataset
echo
echo "== Depression (SGDS-K, 0-15, lower is better) and cognition (MMSE-K, 0-30,"
echo "   higher is better) by region and phase: examples/assessments.csv"
echo
ssp stats -g region,instrument,phase count:score nmiss:score mean:score \
	sd:score median:score mean-ci-lo:score mean-ci-hi:score assessments.csv |
	table
echo
echo "== Exercise-bike sessions per town, from a Korean vendor export in CP949"
echo "   (examples/geumsan-bike-cp949.csv, read with --encoding cp949)"
echo
ssp stats --encoding cp949 -g 읍면 --sort count:대상자ID \
	mean:'운동시간(분)' median:'운동시간(분)' sum:'주행거리(km)' \
	geumsan-bike-cp949.csv | table
echo
echo "Synthetic example data (no real pilot data is public); see README.md."
