# An NDJSON line too long for memory fails the run (status 4, naming the
# line), never read as the end of the file: that dropped the rest of the
# file unsaid, with status 0. Memory is limited by ulimit -v on the plain
# build, by ASan's largest allocation on the sanitized one.
root=$(cd ../.. && pwd)
install -m 600 "$root/examples/demo-hmac.key" "$TMPDIR/k"
if ldd "$(command -v ssp)" | grep -q libasan; then
	export ASAN_OPTIONS=${ASAN_OPTIONS:+$ASAN_OPTIONS:}allocator_may_return_null=1:max_allocation_size_mb=64
else
	ulimit -v 250000
fi
{
	head -3 "$root/examples/pilot/andong/nuvilab_meals.ndjson"
	head -c 150000000 /dev/zero | tr '\0' ' '
	echo
	sed -n 4,10p "$root/examples/pilot/andong/nuvilab_meals.ndjson"
} | ssp ingest -q --key "$TMPDIR/k" -o "$TMPDIR/ds" --map "$root/examples/mappings/nuvilab-meals.json" - 2>&1 |
	grep -v '^==[0-9]*==WARNING: AddressSanitizer failed to allocate' | sed "s|$TMPDIR|TMP|g"
echo "status ${PIPESTATUS[1]}"
find "$TMPDIR/ds" -type f ! -name .ssp-lock | wc -l
