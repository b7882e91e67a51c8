#!/bin/bash
# valgrind.sh [SSP]: every command of `make demo` (examples/demo.sh and
# examples/ingest.sh) under valgrind's memcheck, on the plain build
# (bin/ssp, -O2 -g; the sanitizers are tests/run.sh's asan variant): the
# 28 ingests, panel, validate, indicators (CSV and JSON), report, plot,
# cert for every plan and verify --recompute of a certificate and of a
# statement. One line per command; exits 1 on any error.
#
# An error is what memcheck reports (invalid reads and writes, jumps on
# uninitialised values, bad frees, syscall arguments), or a leak of these
# kinds:
# - definitely lost: nothing points to the block; counted by memcheck
#   (--errors-for-leak-kinds=definite). Indirectly lost blocks hang from a
#   definitely lost one and go with it, so they are not counted twice.
# - any block ssp allocated itself (malloc, calloc, realloc, strdup,
#   asprintf, fopen, newlocale, ...: the frame that called the allocator
#   is ssp's) and not freed by the exit, whether memcheck calls it
#   possibly lost or still reachable: a run's state is one struct,
#   destroyed at the end (STYLE.md), so such a block is a leak or an
#   unclosed FILE. Counted by this script from the loss records
#   (--show-leak-kinds=all).
# Not counted: the blocks glib, pango, cairo and fontconfig allocate for
# themselves and keep (glib's type registry, from its constructors, is
# there even for `ssp --version`; pango's font caches) or point into
# (GType instances, interned PangoLanguage), which those libraries never
# free. tests/valgrind.supp has the reports of other libraries' code,
# each with why it is not ours.
#
# The inputs are the example pilot's, but for the two large device logs
# (hongcheon's vitals, dongducheon's band minutes: 45,000 and 55,000 rows,
# 8 s each under memcheck) cut to their first 5,000 rows: the same code
# on fewer rows. gnuplot, which ssp plot runs, is not traced.
set -u
cd "$(dirname "$0")/.."
root=$(pwd)
ssp=${1:-bin/ssp}
case $ssp in /*) ;; *) ssp=$root/$ssp ;; esac
command -v valgrind >/dev/null || { echo "valgrind not installed (make deps)"; exit 1; }
[ -x "$ssp" ] || { echo "no $ssp (make all)"; exit 1; }
# The folder ssp was built in: its frames are those under src/ there.
built=$(readelf --debug-dump=info "$ssp" | awk '/DW_AT_comp_dir/ { sub(/.*: /, ""); print; exit }')
[ -n "$built" ] || { echo "$ssp has no debugging information (-g)"; exit 1; }
t=$(mktemp -d)
trap 'rm -rf "$t"' EXIT
# GObjects through malloc, so that one left behind is seen as a leak.
export G_SLICE=always-malloc
begin=$(date +%s%N)
fail=0 n=0

# owned LOG: the loss records of blocks ssp allocated itself (the frames
# between the allocator and the first of ssp's frames are all libc's
# allocating functions), one line each with the allocation's first frames.
owned() {
	awk -v src="($built/src/" '
	function check() {
		if (rec == "") return
		for (i = 1; i <= nf; i++) {
			if (index(loc[i], src) == 1) {
				if (i > 1 && fn[1] ~ alloc) {
					ok = 1
					for (j = 2; j < i; j++) if (fn[j] !~ libc) ok = 0
					if (ok) print rec ": " fn[i] " " loc[i]
				}
				break
			}
		}
		rec = ""
	}
	BEGIN {
		alloc = "^(malloc|calloc|realloc|reallocarray|memalign|posix_memalign|aligned_alloc)$"
		libc = "^(malloc|calloc|realloc|strdup|__strdup|strndup|__strndup|asprintf|___asprintf|__asprintf|vasprintf|__vasprintf_internal|getline|getdelim|__getdelim|realpath|__realpath|fopen|fopen64|_IO_new_fopen|__fopen_internal|fdopen|_IO_new_fdopen|open_memstream|opendir|__opendir|__alloc_dir|opendir_tail|fdopendir|newlocale|__newlocale|iconv_open|__gconv_open)$"
	}
	{ sub(/^==[0-9]+== /, "") }
	/ in loss record / { check(); rec = $0; nf = 0; next }
	rec != "" && /^ +(at|by) 0x/ {
		line = $0
		sub(/^ +(at|by) 0x[0-9A-Fa-f]+: /, "", line)
		p = index(line, " (")
		nf++
		fn[nf] = p ? substr(line, 1, p - 1) : line
		loc[nf] = p ? substr(line, p + 1) : ""
		next
	}
	rec != "" { check() }
	END { check() }' "$1"
}

# vg MAX LABEL ARGS...: ssp ARGS under memcheck, from the current folder;
# ssp's status must be at most MAX (1 where the demo takes "the data
# failed": faults rejected, a plan not met).
vg() {
	local max=$1 label=$2
	shift 2
	n=$((n + 1))
	local log=$t/vg.$n.log s=$(date +%s%N)
	valgrind --tool=memcheck --error-exitcode=99 --leak-check=full \
		--errors-for-leak-kinds=definite --show-leak-kinds=all \
		--track-origins=no --trace-children=no --num-callers=30 \
		--fullpath-after= --suppressions="$root/tests/valgrind.supp" \
		--log-file="$log" "$ssp" "$@" >"$t/out" 2>"$t/err"
	local rc=$? e=$(date +%s%N)
	local secs=$(awk -v a="$s" -v b="$e" 'BEGIN { printf "%.1f", (b - a) / 1e9 }')
	local mine=$(owned "$log")
	if [ $rc -eq 99 ]; then
		echo "not ok $label: memcheck: $(grep -m1 'ERROR SUMMARY' "$log" | sed 's/^==[0-9]*== //')"
		# the reports themselves: the errors and the definite leaks
		sed 's/^==[0-9]*== //' "$log" | awk 'BEGIN { RS = "" }
			/^(Invalid|Conditional|Use of|Syscall|Mismatched|Source and|Argument)/ ||
			/definitely lost in loss record/ { print; print "" }' | head -200
		fail=1
	elif [ $rc -gt "$max" ]; then
		echo "not ok $label: ssp exited with status $rc"
		head -20 "$t/err"
		fail=1
	elif [ -n "$mine" ]; then
		echo "not ok $label: blocks ssp allocated and never freed"
		echo "$mine" | head -20
		fail=1
	else
		echo "ok $label (${secs} s)"
	fi
}

# A work folder laid out as examples/ (the manifest records the paths as
# given, and ssp verify finds them again under --inputs .).
w=$t/work
mkdir -p "$w"
cp -R examples/pilot "$w/pilot"
for f in hongcheon/dolbomdream_vitals.csv dongducheon/marknova_band.csv; do
	head -n 5001 "examples/pilot/$f" >"$w/pilot/$f"
done
ln -s "$root/examples/mappings" "$root/examples/plans" "$root/examples/demo-sign.pub" "$w/"
install -m 600 examples/demo-hmac.key "$t/hmac.key"
install -m 600 examples/demo-sign.key "$t/sign.key"
cd "$w" || exit 1
ds=$t/dataset

# examples/ingest.sh: the rosters first, then every other export.
ingest() {
	vg 1 "ingest $(basename "$1" .json)" ingest -q --max-errors 0 --key "$t/hmac.key" \
		-o "$ds" --map "mappings/$1.json" "pilot/$2"
}
regions="hongcheon andong dangjin geumsan dongducheon"
for r in $regions; do ingest "roster-$r" "$r/대상자명단.csv"; done
for r in $regions; do
	ingest "assessments-$r" "$r/평가결과.csv"
	ingest "survey-$r" "$r/만족도조사.csv"
	ingest "services-$r" "$r/서비스기록.csv"
done
ingest dolbomdream-vitals hongcheon/dolbomdream_vitals.csv
ingest dolbomdream-alerts hongcheon/dolbomdream_alerts.csv
ingest nuvilab-meals andong/nuvilab_meals.ndjson
ingest silvia-sessions dangjin/silvia_sessions.csv
ingest medilogis-events dangjin/medilogis_events.csv
ingest manntel-sessions geumsan/manntel_sessions.csv
ingest marknova-band dongducheon/marknova_band.csv
ingest marknova-speaker dongducheon/marknova_speaker.ndjson

# examples/demo.sh, steps 3 to 8.
vg 0 "panel" panel -q -o "$ds" "$ds"/logs/*.csv
vg 0 "validate" validate "$ds"
vg 0 "indicators (CSV)" indicators -q -o "$ds/results.csv" "$ds"
vg 0 "indicators --json" indicators -q --json -o "$ds/results.json" "$ds"
vg 0 "report (xlsx, every plan)" report $(printf -- "--plan %s " plans/*.json) \
	"$ds/results.json" "$ds" -o "$t/report.xlsx"
vg 0 "plot" plot -q "$ds/results.json" "$ds" -o "$t/plots"
for plan in plans/*.json; do
	vg 1 "cert $(basename "$plan" .json)" cert --plan "$plan" --plan-pub demo-sign.pub \
		--results "$ds/results.json" --key "$t/sign.key" -o "$t/certs"
done
# a certificate (the plan met) and a statement (not met)
for c in "$t"/certs/SSP-smart_diaper-*.json "$t"/certs/SSP-NM-huggy_vest-*.json; do
	[ -f "$c" ] || { echo "not ok verify: no $(basename "$c")"; fail=1; continue; }
	vg 0 "verify --recompute $(basename "$c" .json | cut -d- -f1-3)" verify --pub demo-sign.pub \
		--plan-pub demo-sign.pub --inputs "$ds" --inputs . --recompute "$c"
done

end=$(date +%s%N)
echo "$n commands under memcheck in $(awk -v a="$begin" -v b="$end" 'BEGIN { printf "%.0f", (b - a) / 1e9 }') s"
exit $fail
