# A share shows its complement by subtraction: 7 of 10 alerts acknowledged
# within 10 minutes says 3 were not, 27 of 29 with an endline says 2 have
# none. The rest (denominator - numerator) is a count of the rule too: such
# rows are suppressed at --min-cell 5 and published at --min-cell 2.
d=$PWD/../ref/indicators
pick='
import csv, sys
w = csv.writer(sys.stdout, lineterminator="\n")
for r in csv.DictReader(sys.stdin):
    if r["region"] == "hongcheon" and r["indicator"] in ("SAF_ACK_10MIN", "DQ_ENDLINE"):
        w.writerow([r[k] for k in ("indicator", "arm", "n", "numerator", "denominator",
                                   "estimate", "suppressed", "note")])'
for mc in 5 2; do
	echo "== --min-cell $mc"
	ssp indicators -q --min-n 0 --min-cell $mc "$d/synth" | python3 -c "$pick"
done
