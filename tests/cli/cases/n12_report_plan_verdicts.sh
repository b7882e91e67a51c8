# Issue 12, item 19: with --plan, the workbook's summary headline of a
# technology is its plan's primary criterion, judged by the code of ssp
# cert, in the certificates' words: for every example plan, the
# workbook's headline outcome and plan verdict are those of the
# certificate or statement ssp cert writes for the same plan and results
# (the smart diaper showed 평가 불가 where its certificate says 충족).
ssp indicators -q --json -o "$TMPDIR/r.json" ../ref/indicators/pilot
install -m 600 ../../examples/demo-sign.key "$TMPDIR/k.key"
plans=()
for p in ../../examples/plans/*.json; do plans+=(--plan "$p"); done
for lang in ko en; do
	ssp report --lang $lang "${plans[@]}" "$TMPDIR/r.json" -o "$TMPDIR/$lang.xlsx"
	echo "report $lang: status $?"
done
/usr/bin/python3 ../cli/xlsx.py "$TMPDIR/ko.xlsx" cells 요약 >"$TMPDIR/ko.txt"
/usr/bin/python3 ../cli/xlsx.py "$TMPDIR/en.xlsx" cells Summary >"$TMPDIR/en.txt"
cell() { awk -F'\t' -v r="$2" '$1 == r { print $2 }' "$TMPDIR/$1.txt"; }
for p in ../../examples/plans/*.json; do
	ssp cert --plan "$p" --plan-pub ../../examples/demo-sign.pub --results "$TMPDIR/r.json" --key "$TMPDIR/k.key" \
		-o "$TMPDIR/c" --date 2025-01-15 >"$TMPDIR/cert.out" 2>/dev/null
	j=$(sed -n 2p "$TMPDIR/cert.out")
	tech=$(/usr/bin/python3 -c 'import json, sys; c = json.load(open(sys.argv[1]))
p = [x for x in c["criteria"] if x["role"] == "primary"][0]
print(c["technology"], c["verdict"], p["id"], p["outcome"])' "$j")
	set -- $tech
	# The summary row of the technology.
	row=$(awk -F'\t' -v t="$1" '$1 ~ /^A[0-9]+$/ && $2 == t { sub(/^A/, "", $1); print $1 }' "$TMPDIR/ko.txt")
	echo "$1: cert $(head -1 "$TMPDIR/cert.out" | cut -d' ' -f2-), primary $3 $4"
	echo "  workbook ko: headline $(cell ko J$row), plan $(cell ko O$row), rule $(cell ko N$row)"
	echo "  workbook en: headline $(cell en J$row), plan $(cell en O$row)"
	ko_want=$(case $4 in met) echo 충족;; not_met) echo 미충족;; *) echo 평가 불가;; esac)
	[ "$(cell ko J$row)" = "$ko_want" ] && [ "$(cell en J$row)" = "${4//_/ }" ] &&
		[ "$(cell en O$row)" = "${2//_/ }" ] &&
		[ "$(cell ko O$row)" = "$([ $2 = met ] && echo 충족 || echo 미충족)" ] && echo "  the same story" || echo "  DIFFERENT"
done
# A plan computed at another level than the results, two plans for one
# technology: usage errors, and no workbook.
sed 's/"level": 0.95/"level": 0.9/' ../../examples/plans/smart_diaper.json >"$TMPDIR/p90.json"
ssp report --plan "$TMPDIR/p90.json" "$TMPDIR/r.json" -o "$TMPDIR/x.xlsx" 2>&1 | sed "s|$TMPDIR|TMP|"
echo "status ${PIPESTATUS[0]}"
ssp report --plan ../../examples/plans/smart_diaper.json --plan "$TMPDIR/p90.json" "$TMPDIR/r.json" -o "$TMPDIR/x.xlsx" 2>&1 | sed "s|$TMPDIR|TMP|"
echo "status ${PIPESTATUS[0]}"
ls "$TMPDIR"/x* 2>/dev/null || echo "no workbook"
