# Small counts and small groups are suppressed, with a second cell where a
# margin would reveal the first; --min-cell 0 --min-n 0 shows everything.
for o in "" "--min-cell 0 --min-n 0" "--min-cell 3"; do
	echo "== $o"
	# shellcheck disable=SC2086
	ssp indicators $o --by sex,age_band --catalogue indicators/two.json ../../examples/dataset |
		cut -d, -f1,4-9,13,14,26,27
done
