#!/bin/bash
# run.sh [--update] [--bin DIR] [NAME...]: golden CLI tests.
# A case is cases/NAME.sh (a bash snippet run in tests/data with DIR first
# on PATH) with the expected cases/NAME.out, NAME.err and NAME.rc beside it.
# --update rewrites the expected files from what the commands do now:
# review the diff before committing. Prints "ok cli/NAME" or "not ok ...".
set -u
here=$(cd "$(dirname "$0")" && pwd)
bin=$here/../../bin
update=0
while [ $# -gt 0 ]; do
	case $1 in
	--update) update=1; shift ;;
	--bin) bin=$2; shift 2 ;;
	*) break ;;
	esac
done
bin=$(cd "$bin" && pwd)
if [ $# -gt 0 ]; then names=("$@"); else
	names=()
	for f in "$here"/cases/*.sh; do names+=("$(basename "$f" .sh)"); done
fi
# Run alone, the ASan build reports fontconfig's own leaks: the same
# suppressions as tests/run.sh.
: "${LSAN_OPTIONS=suppressions=$here/../lsan.supp:print_suppressions=0}"
export LSAN_OPTIONS
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
fail=0
for n in "${names[@]}"; do
	c=$here/cases/$n
	rm -rf "$tmp/work" && mkdir "$tmp/work"
	(cd "$here/../data" && PATH="$bin:$PATH" TMPDIR="$tmp/work" LC_ALL=C.UTF-8 \
		bash "$c.sh" >"$tmp/out" 2>"$tmp/err" </dev/null)
	echo $? >"$tmp/rc"
	if [ $update = 1 ]; then
		cp "$tmp/out" "$c.out"; cp "$tmp/err" "$c.err"; cp "$tmp/rc" "$c.rc"
		echo "ok cli/$n (updated)"
		continue
	fi
	ok=1
	for k in out err rc; do
		if ! cmp -s "$c.$k" "$tmp/$k"; then
			ok=0
			echo "--- cli/$n: $k differs (expected, got):"
			diff "$c.$k" "$tmp/$k" | head -20
		fi
	done
	if [ $ok = 1 ]; then echo "ok cli/$n"; else echo "not ok cli/$n"; fail=1; fi
done
exit $fail
