#!/usr/bin/env bash
# bench/report.sh - peak memory and time of `ssp report` on a results table
# of 50,000 and of 500,000 rows (ssp indicators --json results with a
# disaggregation), to show memory does not grow with the table.
# Usage: bench/report.sh [--ssp PATH]
set -euo pipefail
SSP=bin/ssp
[ "${1:-}" = --ssp ] && SSP=$2
case "$SSP" in /*|bin/ssp) ;; *) SSP="$PWD/$SSP" ;; esac
cd "$(dirname "$0")/.."
OUT=bench/out/report
mkdir -p "$OUT"
# One real results file; its rows repeated with a distinct site each.
"$SSP" indicators -q --json --by site_id -o "$OUT/base.json" tests/ref/indicators/synth
make_big() { # make_big N FILE
	/usr/bin/python3 - "$1" "$OUT/base.json" "$2" <<'PY'
import json, sys
n, base, out = int(sys.argv[1]), sys.argv[2], sys.argv[3]
r = json.load(open(base))
rows = r["results"]
big = []
for i in range(n):
    x = dict(rows[i % len(rows)])
    x["by"] = {"site_id": "s%d" % i}
    big.append(x)
r["results"] = big
json.dump(r, open(out, "w"), ensure_ascii=False)
PY
}
printf '%-8s %-10s %-10s %-10s\n' rows json time peak
for n in 50000 500000; do
	make_big $n "$OUT/r$n.json"
	/usr/bin/time -f '%e %M' -o "$OUT/time" "$SSP" report "$OUT/r$n.json" -o "$OUT/r$n.xlsx"
	read -r secs kb <"$OUT/time"
	printf '%-8s %-10s %-10s %-10s\n' $n "$(du -h "$OUT/r$n.json" | cut -f1)" "${secs}s" \
		"$((kb / 1024)) MiB"
done
