# Issue 12, item 21: a run killed by SIGTERM, SIGINT or SIGHUP removes its
# temporary files and dies of the signal. The kills are deterministic: each
# run is blocked on a FIFO once its temporary files exist (the test waits
# for them to appear, then kills). An output's temporary file is unnamed
# where the file system has O_TMPFILE (ssp(1)): then the test waits for
# the run to hold it open.
t=$TMPDIR
root=$(cd ../.. && pwd)
# wait_for GLOB: until a file matches (at most 20 s).
wait_for() {
	for _ in $(seq 200); do
		compgen -G "$1" >/dev/null && return 0
		sleep 0.1
	done
	echo "timed out waiting for $1"
}
# wait_anon PID GLOB: until PID holds an unnamed file open under $t, or a
# file matches GLOB (a named temporary file).
wait_anon() {
	for _ in $(seq 200); do
		ls -l /proc/"$1"/fd 2>/dev/null | grep -q "$t/.*(deleted)" && return 0
		compgen -G "$2" >/dev/null && return 0
		sleep 0.1
	done
	echo "timed out waiting for $2"
}
left() { echo "$1: status $2, temporary files left: $(find "$t" -name '*.tmp*' | wc -l)"; }

# ssp validate: its report open, its input a FIFO nobody writes yet.
mkfifo "$t/in.csv"
for sig in TERM INT HUP; do
	# A background job of a script ignores SIGINT: give it the default.
	env --default-signal=$sig ssp validate --table subjects \
		--report "$t/r.json" "$t/in.csv" 2>/dev/null &
	pid=$!
	wait_anon $pid "$t/r.json.tmp*"
	kill -$sig $pid
	wait $pid
	left "validate SIG$sig" $?
	exec 3<>"$t/in.csv" # let go of a FIFO nobody will read
	exec 3>&-
done 2>/dev/null # bash's note of the job's death names its pid

# ssp cert: the JSON and PDF made in its staging folder, the key a FIFO.
cp -r "$root/examples/dataset" "$t/ds"
cp "$root/data-schema/indicators.json" "$t/"
ssp indicators -q --json --catalogue "$t/indicators.json" -o "$t/res.json" "$t/ds"
rm -f "$t"/*.tmp*
mkfifo -m 600 "$t/k.key"
ssp cert --plan "$root/examples/plans/smart_diaper.json" --plan-pub "$root/examples/demo-sign.pub" --results "$t/res.json" \
	--key "$t/k.key" -o "$t/c" --date 2025-01-15 >/dev/null 2>&1 &
pid=$!
wait_for "$t/c/.*.tmp*/*.pdf"
kill -TERM $pid
wait $pid 2>/dev/null
left "cert SIGTERM" $?
echo "in the certificate folder: $(ls -A "$t/c" | wc -l) files"

# ssp plot: a gnuplot that has begun its picture and waits on a FIFO.
mkfifo "$t/go"
printf '#!/bin/sh\ncat >/dev/null\necho partial >/dev/fd/3\nread x <%s\n' "$t/go" >"$t/gp"
chmod +x "$t/gp"
SSP_GNUPLOT=$t/gp ssp plot -q -o "$t/p" "$t/res.json" >/dev/null 2>&1 &
pid=$!
wait_anon $pid "$t/p/forest.png.tmp*"
kill -TERM $pid
wait $pid 2>/dev/null
left "plot SIGTERM" $?
# The fake gnuplot may end: either it is waiting on the FIFO, or it died
# of SIGPIPE (its picture's reader gone) before it opened it; a writer
# bounded in time covers both.
timeout 10 sh -c 'echo go >"$1"' _ "$t/go" 2>/dev/null
ls -A "$t/p"

# ssp ingest: its table staged in the dataset (through a temporary file),
# its input a FIFO; the dataset holds nothing of the run afterwards.
m=$root/examples/mappings/roster-dangjin.json
mkfifo "$t/roster.csv"
ssp ingest -q --no-pseudonymize -o "$t/ds2" --map "$m" "$t/roster.csv" 2>/dev/null &
pid=$!
wait_anon $pid "$t/ds2/*.ssp-stage.tmp*"
kill -TERM $pid
wait $pid 2>/dev/null
left "ingest SIGTERM" $?
exec 3<>"$t/roster.csv"
exec 3>&-
echo "staged files left: $(ls -A "$t/ds2" | grep -c ssp-stage)"
