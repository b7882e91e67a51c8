#!/bin/bash
# run.sh [NAME...]: the torture of issue 17. Every command runs on a small
# input with build/inject/ssp (ASan + UBSan + tests/inject/inject.c):
#   alloc  each allocation site (see inject.c) fails in a run of its own:
#          status 4, "out of memory", no leak (LeakSanitizer), no file
#          changed or left behind; or the fault is got round (libcsv
#          retries smaller) and status, output and files are as without;
#   io     each fflush, fclose, fsync and rename of a stream written fails,
#          with EIO and again with ENOSPC: status 3 and the error's text,
#          no file changed or left behind (a folder's fsync after a rename
#          is best effort: status 0 and the full result is right too);
#   kill   for the commands that write (W in the table), SIGKILL before
#          each I/O event and at 8 allocations spread over the run: the
#          files are as before or as after, and a second run makes them as
#          after one run or two, with nothing left over.
# Without NAMEs, every case (two at a time). Prints a line per command,
# then the failures; exits 1 on any.
set -u
top=$(cd "$(dirname "$0")/../.." && pwd)
inj=$top/build/inject/ssp
plain=$top/bin/ssp
[ -x "$inj" ] && [ -x "$plain" ] || { echo "build/inject/ssp or bin/ssp missing (make check builds them)"; exit 1; }
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:exitcode=99
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1:exitcode=99
export LSAN_OPTIONS=suppressions=$top/tests/lsan.supp:print_suppressions=0
export G_SLICE=always-malloc SOURCE_DATE_EPOCH=1733011200 TZ=UTC
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
fails=$t/fails
: >"$fails"
# 1 where the file system has unnamed files (O_TMPFILE), as ext4 and tmpfs
python3 -c 'import os, sys; os.close(os.open(sys.argv[1], os.O_TMPFILE | os.O_WRONLY, 0o600))' "$t" 2>/dev/null && anon=1 || anon=0

# The fixture: a small canonical dataset, its results, a key, a plan, a
# certificate, three vendor exports with their mappings.
fix=$t/fix
mkdir -p "$fix"
(
	cd "$fix" || exit 1
	set -e
	cp -R "$top/examples/dataset" ds
	"$plain" indicators -q -o r.csv ds
	"$plain" indicators -q --json -o r.json ds
	install -m 600 "$top/examples/demo-sign.key" k.key
	cp "$top/examples/demo-sign.pub" k.pub
	install -m 600 "$top/examples/demo-hmac.key" h.key
	cp "$top/examples/plans/smart_diaper.json" plan.json
	"$plain" cert --plan plan.json --unregistered --results r.json --key k.key \
		-o certs --date 2025-01-15 >/dev/null || [ $? -eq 1 ]
	p=$top/examples/pilot/dongducheon m=$top/examples/mappings
	cp "$p/대상자명단.csv" roster.csv
	cp "$p/marknova_speaker.ndjson" speaker.ndjson
	head -200 "$top/examples/pilot/dongducheon/marknova_band.csv" >band.csv
	cp "$m/roster-dongducheon.json" roster.map.json
	cp "$m/marknova-speaker.json" speaker.map.json
	cp "$m/marknova-band.json" band.map.json
	"$plain" ingest -q --key h.key -o out --map roster.map.json roster.csv
	"$plain" ingest -q --key h.key -o out --map band.map.json band.csv
	printf 'x,g\n1,a\n2,a\n4,b\n7,b\n' >x.csv
	printf 'p\n0.01\n0.04\n0.03\n' >p.csv
) >"$t/fixture.log" 2>&1 || { cat "$t/fixture.log"; echo "the fixture could not be made"; exit 1; }

# NAME W|R|- COMMAND: the cases; W: the command writes files that must be
# all or nothing under kill -9 (R: the same, for random content). $S is
# the program under test.
cases() {
	cat <<'EOF'
stats - $S stats -g g mean:x median:x x.csv
validate - $S validate ds
validate-report W $S validate --report rep.csv ds
synth W $S synth --canonical --scale 0.01 --log-days 1 -o syn
synth-options W $S synth --vendor --scale 0.01 --log-days 1 --effect GRIP=0.5 --mar-dropout GRIP=1 --faults 0.05 -o syn
ingest W $S ingest -q --key h.key -o out --map speaker.map.json speaker.ndjson
ingest-new W $S ingest -q --key h.key -o new --map roster.map.json roster.csv
keygen R $S keygen --sign -o new
panel W $S panel -q -j 1 -o out out/logs/ai_band_minutes.csv
adjust - $S adjust p p.csv
test - $S test two-sample x g x.csv
indicators W $S indicators -q --json -o r2.json ds
indicators-by W $S indicators -q --by sex,age_band --min-cell 3 --lang en -o r3.csv ds
flow - $S flow ds
report W $S report --plan plan.json r.json ds -o r.xlsx
plot W $S plot -q r.json ds -o plots
plan W $S plan register --key k.key --time 2024-05-15T09:00:00Z plan.json
cert W $S cert --plan plan.json --unregistered --results r.json --key k.key -o certs --date 2025-01-15
verify - $S verify --pub k.pub certs/*.json
verify-recompute - $S verify --pub k.pub --inputs ds --recompute certs/*.json
check - $S check --plan plan.json ds
power - $S power --test paired --sd 1 --delta 0.5 --power 0.8
EOF
}

# state DIR: every file under DIR with its digest (the lock file of a
# dataset aside: it stays, by design, and holds nothing); for a command
# whose output is random (R: keys), its files' names and sizes.
state() {
	if [ "$wr" = R ]; then
		(cd "$1" && find . -type f -printf '%s  %p\n' | sort -k2)
	else
		(cd "$1" && find . -type f ! -name .lock -exec sha256sum {} + | sort -k2)
	fi
}

# fresh: a new copy of the fixture in $w.
fresh() { rm -rf "$w" && cp -R "$fix" "$w"; }

# run ENV...: the command in $w under env; status in $rc.
run() {
	{ (cd "$w" && exec env "$@" SSP_INJECT_LOG="$t/log" S="$inj" bash -c "$cmd" >"$t/out" 2>"$t/err"); } 2>/dev/null
	rc=$?
}

# fail TEXT: a failure of this case; an injected fault that ssp handled
# wrongly is run again to say where it struck (three frames of ssp's own).
fail() {
	local at=
	case $what in alloc:* | io:*)
		fresh
		run SSP_INJECT=${what%% *} SSP_INJECT_TRACE=1 SSP_INJECT_ERRNO=$e
		at=" [at $(grep -o 'in [a-z_0-9]* src/[^ ]*' "$t/err" | head -3 | sed 's/^in //; s/ src\// /' | tr '\n' '<' | sed 's/<$//')]"
		;;
	esac
	echo "$name $*$at" >>"$fails"
}
first() { grep -v '^$' "$t/err" | grep -m1 -v '^=\+$' | cut -c1-160; }

# files: every file is as before or as after one run, none is left over
# (temporary files and folders NAME.tmpXXXXXX of a kill aside, when $1 is
# kill). After a fault, a
# second run of a command that writes (W) makes them as after one run or
# two, with nothing left over.
files() {
	local s bad
	s=$(state "$w")
	[ "$1" = kill ] && s=$(echo "$s" | grep -v -e '\.tmp[A-Za-z0-9]\{6\}$' -e '/\.[^/]*\.tmp[A-Za-z0-9]\{6\}/')
	bad=$(comm -23 <(echo "$s" | sort) <(printf '%s\n%s\n' "$before" "$after1" | sort -u) | head -2 | tr '\n' ' ')
	# a dataset's journal and staged files are the next run's to replay
	[ "$wr" = W ] && bad=$(echo "$bad" | sed 's/[0-9a-f]\{64\}  [^ ]*\(\.ssp-journal\|\.ssp-stage\)[^ ]* *//g')
	[ -z "$bad" ] || { fail "$what: a file neither as before nor as after: $bad"; return; }
	[ "$wr" = W ] || return
	run
	s=$(state "$w")
	# without O_TMPFILE a kill leaves a named temporary file (ssp(1))
	[ "$1" = kill ] && [ $anon = 0 ] && s=$(echo "$s" | grep -v '\.tmp[A-Za-z0-9]\{6\}$')
	if [ $rc -gt 1 ]; then fail "$what: the run after: status $rc: $(first)"
	elif [ "$s" != "$after1" ] && [ "$s" != "$after2" ] && ! { [ "$1" = kill ] && window "$s"; }; then
		fail "$what: after a second run: $(diff <(echo "$after1") <(echo "$s") | grep '^[<>]' | head -2 | tr '\n' ' ')"
	fi
}

# window STATE: a kill between an output's link and its rename (io.c,
# two system calls) leaves the complete new file as NAME.tmpXXXXXX beside
# NAME, and nothing else: 0 when that is all STATE has more than after one
# run.
window() {
	local extra
	extra=$(comm -13 <(echo "$after1" | sort) <(echo "$1" | sort))
	[ "$(echo "$extra" | wc -l)" -eq 1 ] || return 1
	local h=${extra%% *} f=${extra##* }
	echo "$after1" | grep -qx "$h  ${f%.tmp??????}" || return 1
	windows=$((windows + 1))
}

# judge WANT TEXT: the run's status is WANT, its message says TEXT.
judge() {
	if [[ $what == alloc:* ]] && [ $rc -eq "$rc0" ] && cmp -s "$t/out" "$t/out0" && [ "$(state "$w")" = "$after1" ]; then
		recovered=$((recovered + 1)) # a fault ssp (or libcsv) got round
	elif [ $rc -eq 99 ]; then fail "$what: sanitizer: $(grep -m1 -A3 'ERROR\|runtime error' "$t/err" | tr '\n' ' ' | cut -c1-300)"
	elif [ $rc -ne "$1" ]; then fail "$what: status $rc: $(first)"
	elif ! grep -q "$2" "$t/err"; then fail "$what: no '$2': $(first)"
	else files "$what"
	fi
}

one_case() {
	w=$t/w
	fresh
	before=$(state "$w")
	run SSP_INJECT_SITES="$t/sites"
	rc0=$rc
	cp "$t/out" "$t/out0"
	[ $rc0 -le 1 ] || { fail "without a fault: status $rc0: $(first)"; return; }
	after1=$(state "$w")
	run
	after2=$(state "$w")
	local na=0 ni=0 nk=0 n ev fn e=EIO
	recovered=0 windows=0
	while read -r n _; do # each allocation site fails
		fresh
		run SSP_INJECT=alloc:$n
		na=$((na + 1)) what=alloc:$n
		judge 4 'out of memory'
	done < <(grep '^a ' "$t/sites" | cut -d' ' -f2-)
	while read -r n ev fn; do # each I/O event fails
		for e in EIO ENOSPC; do
			fresh
			run SSP_INJECT=io:$n SSP_INJECT_ERRNO=$e
			ni=$((ni + 1)) what="io:$n ($fn, $e)"
			text=$([ $e = EIO ] && echo 'Input/output error' || echo 'No space left on device')
			# a folder's fsync after its rename is best effort
			if [ $fn = fsync-dir ] && [ $rc -eq $rc0 ]; then files "$what"; else judge 3 "$text"; fi
		done
	done < <(grep '^i ' "$t/sites" | cut -d' ' -f2-)
	if [ "$wr" != - ]; then # kill -9 at each I/O event and at 8 allocations
		read -r nall nio _ <"$t/log"
		{
			grep '^i ' "$t/sites" | cut -d' ' -f3,4
			for k in 1 2 3 4 5 6 7 8; do echo "$(((nall + nio) * k / 9 + 1)) alloc"; done
		} | sort -nu -k1,1 >"$t/kills"
		while read -r ev fn; do
			fresh
			run SSP_INJECT=kill:$ev
			nk=$((nk + 1)) what=kill:$ev
			files kill
		done <"$t/kills"
	fi
	echo "$name: $na allocation sites, $ni I/O faults, $nk kills ($recovered faults got round: the same output; $windows kills between a link and its rename)"
}

if [ $# -eq 0 ]; then # every case, two at a time, each a run of its own
	cases | cut -d' ' -f1 | parallel -j 2 -k "$0" {} >"$t/all"
	rc=$?
	grep -v '^ ' "$t/all" | grep -v 'failed:$' | grep ': [0-9]* allocation sites'
	grep -q 'failed:$' "$t/all" && { echo "failures:"; grep -v ': [0-9]* allocation sites' "$t/all" | grep -v 'failed:$'; }
	exit $rc
fi
while read -r name wr cmd; do
	[[ " $* " == *" $name "* ]] || continue
	one_case
done < <(cases)
n=$(wc -l <"$fails")
[ "$n" -eq 0 ] && exit 0
echo "$n failed:"
cat "$fails"
exit 1
