# tally.sh: the two ways tests/run.sh counts a part, sourced by it (and by
# tests/tally-selftest.sh). Both append "ok NAME" / "not ok NAME" lines to
# the file $log and print the output of what failed.

# tally LABEL CMD...: run a part, keep its ok/not ok lines, show failures.
# A part that exits non-zero fails, whatever ok lines it printed first (a
# crash or a sanitizer report after some passing cases).
tally() {
	local label=$1
	shift
	"$@" >"$log.part" 2>&1
	local rc=$?
	awk -v l="$label" '/^ok / { print "ok " l ":" substr($0, 4) }
		/^not ok / { print "not ok " l ":" substr($0, 8) }' "$log.part" >>"$log"
	if grep -q '^not ok' "$log.part" || [ $rc -ne 0 ]; then
		echo "== $label: $* (status $rc)"
		cat "$log.part"
		[ $rc -ne 0 ] && echo "not ok $label:exit-status $rc" >>"$log"
	fi
	rm -f "$log.part"
}

# one LABEL CMD...: a command that passes or fails as a whole.
one() {
	local label=$1
	shift
	if "$@" >"$log.one" 2>&1; then
		echo "ok $label" >>"$log"
	else
		echo "not ok $label" >>"$log"
		echo "== $label failed:"
		cat "$log.one"
	fi
	rm -f "$log.one"
}
