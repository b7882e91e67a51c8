# Issue 12, item 32 (key): an all-zero or otherwise degenerate HMAC key
# (one byte repeated, a short pattern) is refused when loaded, as a key of
# the wrong length is; a key from ssp keygen --hmac is taken.
root=$(cd ../.. && pwd)
cd "$TMPDIR" || exit
try() { # try HEX
	printf 'ssp-hmac-sha256-key v1\n%s\n' "$1" >k && chmod 600 k
	ssp ingest -q --map "$root/examples/mappings/roster-andong.json" --key k -o d \
		"$root/examples/pilot/andong/대상자명단.csv"
	echo "status $?"
	ls d 2>/dev/null | wc -l
	rm -rf d
}
try 0000000000000000000000000000000000000000000000000000000000000000
try ffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff
try 0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
try 000102030405060708090a0b0c0d0e0f000102030405060708090a0b0c0d0e0f
try 0011223344
rm k
ssp keygen --hmac -o k >/dev/null
ssp ingest -q --map "$root/examples/mappings/roster-andong.json" --key k -o d \
	"$root/examples/pilot/andong/대상자명단.csv" 2>&1 | sed "s|$root|ROOT|"
echo "status ${PIPESTATUS[0]}"
