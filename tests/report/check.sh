#!/bin/bash
# check.sh SSP: ssp report read back by an independent reader (Debian's
# python3-openpyxl): sheet names, every cell of the results table equal to
# the results JSON in value and type, suppressed cells shown as suppressed,
# charts present, a site named =HYPERLINK(...) kept as text, the data
# quality, participant flow (against ssp flow) and provenance sheets; and
# the workbook in English.
set -u
ssp=$1
case $ssp in */*) ssp=$(cd "$(dirname "$ssp")" && pwd)/$(basename "$ssp") ;; esac
here=$(cd "$(dirname "$0")" && pwd)
ref=$here/../ref/indicators
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
# A dataset whose first site is named like a formula.
cp -r "$ref/synth" "$t/synth"
sed -i 's/,hc-centre1,/,"=HYPERLINK(""http:\/\/example.invalid"",""x"")",/' "$t/synth/subjects.csv"
"$ssp" indicators -q --json --by site_id -o "$t/r.json" "$ref/pilot" "$t/synth" || exit 1
"$ssp" report "$t/r.json" "$ref/pilot" "$t/synth" -o "$t/r.xlsx" || exit 1
"$ssp" flow --min-cell 5 -o "$t/flow.csv" "$ref/pilot" "$t/synth" || exit 1
"$ssp" indicators -q --json --lang en -o "$t/en.json" "$ref/pilot" || exit 1
"$ssp" report --lang en "$t/en.json" -o "$t/en.xlsx" || exit 1
leftover=$(find "$t" -name '*.tmp*')
[ -z "$leftover" ] || { echo "temporary files left: $leftover"; exit 1; }
/usr/bin/python3 "$here/check.py" "$t" "$ref/pilot/manifest.json"
