#!/bin/bash
# tally-selftest.sh: tests/run.sh's counting. A part that prints ok lines
# and then exits non-zero (a crash, a sanitizer report) is a failure; a
# part that exits 0 with only ok lines passes; "not ok" fails whatever the
# status.
set -u
cd "$(dirname "$0")/.."
log=$(mktemp)
trap 'rm -f "$log" "$log".*' EXIT
. tests/tally.sh
fail=0
expect() { # expect WANT-OK WANT-NOT-OK LABEL SCRIPT
	: >"$log"
	tally "$3" bash -c "$4" >/dev/null
	local ok bad
	ok=$(grep -c '^ok' "$log")
	bad=$(grep -c '^not ok' "$log")
	if [ "$ok" != "$1" ] || [ "$bad" != "$2" ]; then
		echo "tally $3: $ok ok and $bad not ok, wanted $1 and $2:"
		cat "$log"
		fail=1
	fi
}
expect 2 0 clean 'echo ok a; echo ok b'
expect 2 1 crash-after-ok 'echo ok a; echo ok b; exit 99'
expect 1 1 not-ok 'echo ok a; echo not ok b'
expect 0 1 silent-crash 'exit 1'
: >"$log"
one whole false >/dev/null
grep -qx 'not ok whole' "$log" || { echo "one: a failing command passed"; fail=1; }
exit $fail
