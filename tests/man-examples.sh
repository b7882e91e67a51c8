#!/bin/bash
# man-examples.sh [--bin DIR]: run the EXAMPLES of every man page in
# examples/ and compare with what the page shows. In an .EX/.EE block a
# line "$ command" is run (stdout and stderr together); the lines up to the
# next command or .EE are its expected output.
set -u
cd "$(dirname "$0")/.."
bin=bin
[ "${1:-}" = --bin ] && bin=$2
bin=$(cd "$bin" && pwd)
fail=0
unroff() { sed -e 's/\\-/-/g' -e "s/\\\\(aq/'/g" -e 's/\\&//g' -e 's/\\e/\\/g'; }
for page in man/man*/*.[1-8]; do
	n=0
	cmd=
	expect=
	inblock=0
	# The file is read line by line; examples are flushed at each "$ " and .EE.
	flush() {
		[ -z "$cmd" ] && return
		n=$((n + 1))
		got=$(cd examples && PATH="$bin:$PATH" LC_ALL=C.UTF-8 bash -c "$cmd" 2>&1)
		if [ "$got" == "$expect" ]; then
			echo "ok man/$(basename "$page"):$n"
		else
			echo "not ok man/$(basename "$page"):$n"
			echo "--- \$ $cmd"
			diff <(printf '%s\n' "$expect") <(printf '%s\n' "$got") | head -20
			fail=1
		fi
		cmd=
		expect=
	}
	while IFS= read -r line; do
		case $line in
		.EX) inblock=1 ;;
		.EE) flush; inblock=0 ;;
		*)
			[ $inblock = 1 ] || continue
			line=$(printf '%s\n' "$line" | unroff)
			if [ "${line:0:2}" = '$ ' ]; then
				flush
				cmd=${line:2}
			elif [ -n "$cmd" ]; then
				expect+=${expect:+$'\n'}$line
			fi
			;;
		esac
	done <"$page"
done
exit $fail
