#!/bin/sh
# demo.sh: the main job on the shipped example data, as far as ssp goes
# today: the example pilot's assessment sheets checked as a vendor or
# analyst would, their valid rows summarized, and a canonical dataset
# validated. Run by `make demo`; uses bin/ssp of this tree.
set -eu
cd "$(dirname "$0")"
PATH=$(cd ../bin && pwd):$PATH

# table: CSV on stdin as aligned columns (no quoted commas in this data).
table() {
	awk -F, '{ for (i = 1; i <= NF; i++) { c[NR, i] = $i
	             if (length($i) > w[i]) w[i] = length($i) } n = NF }
	         END { for (r = 1; r <= NR; r++) { line = ""
	               for (i = 1; i <= n; i++) line = line sprintf("%-*s  ", w[i], c[r, i])
	               sub(/ +$/, "", line); print line } }'
}

echo "== The example pilot (examples/pilot, synthetic): each region's assessment"
echo "   sheet checked against examples/schemas/assessment-sheet.schema.json."
echo "   1% of rows carry an injected fault, listed in pilot/truth.json."
echo
for r in hongcheon andong dangjin geumsan dongducheon; do
	enc=utf-8
	[ "$r" = dangjin ] || [ "$r" = geumsan ] && enc=cp949
	ssp validate --max-errors 3 --encoding "$enc" \
		--schema schemas/assessment-sheet.schema.json "pilot/$r/평가결과.csv" || true
done
echo
echo "== Valid rows of the Geumsan sheet (CP949, exercise bike), by instrument"
echo "   and phase:"
echo "   participants, mean and 95% CI of the score"
echo
ssp validate -q --max-errors 0 --encoding cp949 \
	--schema schemas/assessment-sheet.schema.json \
	--valid - pilot/geumsan/평가결과.csv 2>/dev/null |
	ssp stats --encoding cp949 -g 평가도구,시점 count:점수 mean:점수 \
		mean-ci-lo:점수 mean-ci-hi:점수 | table
echo
echo "== A canonical dataset checked whole, foreign keys included (examples/dataset)"
echo
ssp validate dataset
echo
echo "Make your own: ssp synth --vendor -o DIR (or --canonical); see README.md."
