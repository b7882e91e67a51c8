# The charts of the example dataset: each file listed as written, notes on
# what is not drawn; only the listed files are left; --min-n 0 draws the
# response chart too; the results can come from standard input; a full
# standard output is an I/O error (3).
d=$PWD
ssp indicators -q --json -o "$TMPDIR/r.json" ../../examples/dataset
cd "$TMPDIR"
ssp plot -o p r.json "$d/../../examples/dataset"; echo "status $?"
ls p
ssp plot -q --min-n 0 --lang en --format svg -o p r.json "$d/../../examples/dataset"; echo "status $?"
grep -o 'target 10 min' p/response.svg | sort -u
ssp plot -q --min-n 0 --target 5 --format svg -o p r.json "$d/../../examples/dataset" >/dev/null; echo "status $?"
grep -o '목표 5분' p/response.svg | sort -u
ssp indicators -q --json "$d/../../examples/dataset" | ssp plot -q -o s - "$d/../../examples/dataset"; echo "status $?"
echo '[]' | ssp plot -o s -; echo "status $?"
ssp plot -q -o p r.json >/dev/full; echo "status $?"
ls p
