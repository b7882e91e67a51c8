# Every file ssp validate writes that holds values as read is created 0600
# whatever the umask (issue 12, item 32): the report (it quotes rejected
# values), the accepted rows, the rejected rows and their errors; for a
# dataset, the same in the --valid and --rejects folders (made 0700).
umask 022
t=$TMPDIR
cd validate
ssp validate --table subjects --report "$t/r.json" --valid "$t/ok.csv" \
	--rejects "$t/rej.csv" dataset-fk/subjects.csv 2>/dev/null
echo "status $?"
grep -c seoul "$t/r.json"
for f in r.json ok.csv rej.csv rej.errors.csv; do
	echo "$f $(stat -c %a "$t/$f")"
done
ssp validate --report "$t/d.json" --valid "$t/okd" --rejects "$t/rejd" \
	dataset-fk 2>/dev/null
echo "status $?"
for f in d.json okd okd/subjects.csv okd/measures.csv rejd rejd/subjects.csv \
	rejd/subjects.errors.csv rejd/measures.csv; do
	echo "$f $(stat -c %a "$t/$f")"
done
# A resource name becomes a file name in those folders: the spec's pattern.
mkdir "$t/badname"
cp dataset-fk/subjects.csv "$t/badname/"
printf '{"name": "p", "resources": [{"name": "../escaped", "path": "subjects.csv", "schema": "subjects.schema.json"}]}\n' >"$t/badname/datapackage.json"
ssp validate --rejects "$t/rejn" "$t/badname" 2>&1 | sed "s|$t|TMP|g"
echo "status ${PIPESTATUS[0]}"
ls "$t" | grep -c escaped
