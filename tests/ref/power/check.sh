#!/bin/bash
# check.sh SSP: ssp power against R (expected.csv, made by make-ref.R):
# every row's two given values are passed to ssp power, and its n, delta,
# power and n_enrol must equal R's within the row's relative tolerance
# (1e-9, or 5e-4 for pwr's own solved n and d; n_enrol exactly).
set -u
ssp=$1
here=$(cd "$(dirname "$0")" && pwd)
out=$(mktemp)
trap 'rm -f "$out"' EXIT
tail -n +2 "$here/expected.csv" |
	while IFS=, read -r src tol test alt strict alpha sd r solve n delta power enrol; do
		set -- --test "$test" --sd "$sd" --alpha "$alpha"
		[ -n "$r" ] && set -- "$@" --r "$r"
		[ "$alt" = one.sided ] && set -- "$@" --one-sided
		[ "$strict" = TRUE ] && set -- "$@" --strict
		[ "$solve" != n ] && set -- "$@" --n "$n"
		[ "$solve" != delta ] && set -- "$@" --delta "$delta"
		[ "$solve" != power ] && set -- "$@" --power "$power"
		got=$("$ssp" power "$@" 2>&1 | tail -n +2)
		printf '%s|%s|%s,%s,%s,%s|%s\n' "$src $test $alt strict=$strict alpha=$alpha sd=$sd r=$r solve=$solve" \
			"$tol" "$n" "$delta" "$power" "$enrol" "$got"
	done >"$out"
# ssp's row: test,n,n_enrol,delta,sd,alpha,power[,r],alternative,strict
awk -F'|' '
function abs(x) { return x < 0 ? -x : x }
function close_to(a, b, tol,   m) {
	if (a !~ /^-?[0-9.]+([eE][-+]?[0-9]+)?$/) return 0
	m = abs(a) > abs(b) ? abs(a) : abs(b)
	return abs(a - b) <= tol * m
}
{
	split($3, want, ","); split($4, got, ",")
	if (got[1] !~ /^(paired|two-sample|ancova)$/) { print $1 ": " $4; bad++; next }
	n = 0
	if (!close_to(got[2], want[1], $2)) { print $1 " n: ssp=" got[2] " R=" want[1]; n++ }
	if (!close_to(got[4], want[2], $2)) { print $1 " delta: ssp=" got[4] " R=" want[2]; n++ }
	if (!close_to(got[7], want[3], $2)) { print $1 " power: ssp=" got[7] " R=" want[3]; n++ }
	if (want[4] != "" && got[3] != want[4]) { print $1 " n_enrol: ssp=" got[3] " R=" want[4]; n++ }
	checked++; if (n) bad++
}
END { printf "power-ref: %d checked, %d mismatched\n", checked, bad; exit (bad > 0 || checked == 0) }
' "$out"
