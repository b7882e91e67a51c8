#!/bin/bash
# full-disk.sh SSP: on a full disk (a 64 KiB tmpfs) every writer fails with
# status 3 naming its file, leaves no file and no temporary file behind,
# and keeps an older file (issue 12, item 32): ssp plot (gnuplot's picture
# comes back through a pipe and is written by ssp, whose write errors
# count), indicators, stats, validate --report, report, keygen. Standard
# output on /dev/full is status 3 too. Needs root for mount; skipped with
# a note otherwise.
set -u
ssp=$1
case $ssp in */*) ssp=$(cd "$(dirname "$ssp")" && pwd)/$(basename "$ssp") ;; esac
here=$(cd "$(dirname "$0")" && pwd)
ref=$here/../ref/indicators
t=$(mktemp -d)
full=$t/full
mkdir "$full"
cleanup() { umount "$full" 2>/dev/null; rm -rf "$t"; }
trap cleanup EXIT
fail=0
bad() { echo "FAIL: $*"; fail=1; }
"$ssp" indicators -q --json -o "$t/r.json" "$ref/pilot" || { echo "FAIL: ssp indicators"; exit 1; }
if ! mount -t tmpfs -o size=64k tmpfs "$full" 2>"$t/err"; then
	echo "ok: skipped, cannot mount a tmpfs: $(cat "$t/err")"
	exit 0
fi
# fill KB: leave about KB kilobytes free.
fill() {
	rm -f "$full/fill"
	avail=$(df -k --output=avail "$full" | tail -1)
	[ "$avail" -gt "$1" ] && head -c $(((avail - $1) * 1024)) /dev/zero >"$full/fill" 2>/dev/null
}
# expect NAME FILE CMD...: with $free KB left (0 unless set), status 3, "ssp ...: FILE: write error: No space
# left on device", no temporary file, the older FILE kept.
expect() {
	local name=$1 file=$2
	shift 2
	rm -f "$full/fill"
	echo old >"$file"
	fill "${free:-0}"
	"$@" >/dev/null 2>"$t/err"
	rc=$?
	[ $rc = 3 ] || bad "$name: status $rc, not 3: $(cat "$t/err")"
	grep -q "$file.*No space left on device" "$t/err" || bad "$name: said $(cat "$t/err")"
	echo old | cmp -s - "$file" || bad "$name: the older $file was not kept"
	left=$(find "$full" -name '*.tmp*')
	[ -z "$left" ] && return
	bad "$name: left $left"
	rm -f $left
}
mkdir "$full/p"
expect "plot png" "$full/p/forest.png" "$ssp" plot -q -o "$full/p" "$t/r.json"
# Room for part of the picture: gnuplot itself says nothing of the cut.
free=8 expect "plot png, 8 KB free" "$full/p/forest.png" "$ssp" plot -q -o "$full/p" "$t/r.json"
expect "plot svg" "$full/p/forest.svg" "$ssp" plot -q --format svg -o "$full/p" "$t/r.json"
expect "plot pdf" "$full/p/forest.pdf" "$ssp" plot -q --format pdf -o "$full/p" "$t/r.json"
expect "indicators" "$full/i.json" "$ssp" indicators -q --json -o "$full/i.json" "$ref/pilot"
seq 1 20000 | sed '1i x' >"$t/x.csv"
expect "stats" "$full/s.csv" "$ssp" stats -o "$full/s.csv" -g x count:x "$t/x.csv"
expect "validate --report" "$full/v.json" "$ssp" validate -q --report "$full/v.json" "$ref/pilot"
expect "report" "$full/w.xlsx" "$ssp" report -o "$full/w.xlsx" "$t/r.json"
# keygen refuses to overwrite a key: no older file here.
fill 0
"$ssp" keygen --hmac -o "$full/k.key" >/dev/null 2>"$t/err"
rc=$?
[ $rc = 3 ] || bad "keygen: status $rc: $(cat "$t/err")"
[ -e "$full/k.key" ] && bad "keygen: left k.key"
[ -z "$(find "$full" -name '*.tmp*')" ] || bad "keygen: left a temporary file"
# Standard output on a full device.
"$ssp" indicators -q "$ref/pilot" >/dev/full 2>"$t/err"
rc=$?
[ $rc = 3 ] || bad "indicators >/dev/full: status $rc"
grep -q 'write error on standard output' "$t/err" || bad "indicators >/dev/full: said $(cat "$t/err")"
[ $fail = 0 ] && echo "ok: a full disk is status 3 for every writer, nothing left behind"
exit $fail
