#!/bin/bash
# man-lint.sh: every man page formats without a groff warning.
cd "$(dirname "$0")/.." || exit 1
fail=0
for page in man/man*/*.[1-8]; do
	out=$(LC_ALL=C.UTF-8 groff -man -ww -z -K utf8 -Tutf8 "$page" 2>&1)
	if [ -z "$out" ]; then echo "ok man-lint/$(basename "$page")"; else
		echo "not ok man-lint/$(basename "$page")"; echo "$out"; fail=1; fi
done
exit $fail
