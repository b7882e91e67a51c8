# Issue 17: a staging folder a killed ssp cert left (nobody holds its
# lock) is removed by the next run for the same id; a symbolic link of that
# name is not followed, and the folder it points to keeps its files.
t=$TMPDIR
root=$(cd ../.. && pwd)
ssp indicators -q --json -o "$t/r.json" "$root/examples/dataset"
install -m 600 "$root/examples/demo-sign.key" "$t/k.key"
cert() { ssp cert --plan "$root/examples/plans/smart_diaper.json" --unregistered \
	--results "$t/r.json" --key "$t/k.key" -o "$1" --date 2025-01-15 2>/dev/null | head -1; }
id=$(cert "$t/c1" | cut -d' ' -f1)
mkdir -p "$t/c2/.$id.tmpAAAAAA" "$t/victim"
echo stale >"$t/c2/.$id.tmpAAAAAA/$id.json"
echo keep >"$t/victim/precious"
ln -s "$t/victim" "$t/c2/.$id.tmpBBBBBB"
cert "$t/c2" | sed 's/-[0-9a-f]\{12\} / ID /'
echo "stale folder left: $(ls -A "$t/c2" | grep -c AAAAAA)"
echo "link left: $(ls -A "$t/c2" | grep -c BBBBBB)"
echo "the linked folder's file: $(cat "$t/victim/precious")"
echo "certificate files: $(ls "$t/c2" | wc -l)"
