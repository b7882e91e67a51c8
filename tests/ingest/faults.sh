#!/bin/bash
# faults.sh DATASET TRUTH: every fault ssp synth injected (TRUTH's list) is
# rejected by ssp ingest, or dropped as an exact duplicate, at its very
# line (the errors files in DATASET/rejects/ name both), and nothing else
# is: per input, rejected + duplicates = the faults. (A fault may be both:
# two rows missing the same time can be copies of each other.) Prints one
# line per input and a total; status 1 on any difference.
set -u
ds=$1 truth=$2
# Faults: one compact JSON object a line in truth.json.
grep -o '{"file":"[^"]*","line":[0-9]*,"kind":"[a-z_]*"' "$truth" |
	sed 's/{"file":"\([^"]*\)","line":\([0-9]*\),"kind":"\([a-z_]*\)"/\1 \2 \3/' >"$ds/.faults"
# Manifest: path, rejected, duplicates, rejects file of every input.
awk -F'"' '/"path":/ { p = $4 } /"rejected":/ { gsub(/[^0-9]/, "", $3); rej = $3 }
	/"duplicates":/ { gsub(/[^0-9]/, "", $3); dup = $3 }
	/"rejects":/ { f = ($0 ~ /null/) ? "-" : $4; sub(/^pilot\//, "", p); print p, rej, dup, f }' \
	"$ds/manifest.json" >"$ds/.inputs"
bad=0 listed=0 found=0
while read -r file rej dup rejects; do
	nf=$(awk -v f="$file" '$1 == f' "$ds/.faults" | wc -l)
	listed=$((listed + nf))
	# The lines the errors file names (a rejected row, or a dropped copy).
	lines=
	[ "$rejects" != - ] && lines=$(tail -n +2 "$ds/$rejects.errors.csv" | cut -d, -f2 | sort -u)
	miss=0
	for l in $(awk -v f="$file" '$1 == f { print $2 }' "$ds/.faults"); do
		grep -qx "$l" <<<"$lines" || { miss=$((miss + 1)); echo "  $file:$l: fault neither rejected nor dropped"; }
	done
	ok=ok
	if [ $((rej + dup)) -ne "$nf" ] || [ "$miss" -ne 0 ]; then ok=DIFFERS; bad=1; fi
	found=$((found + nf - miss))
	echo "$file: $nf faults; $rej rejected + $dup duplicates dropped: $ok"
done <"$ds/.inputs"
rm -f "$ds/.faults" "$ds/.inputs"
echo "faults: $listed listed, $found rejected or dropped as duplicates"
exit $bad
