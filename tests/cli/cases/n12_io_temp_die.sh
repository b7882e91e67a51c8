# Issue 12, item 21: a run that fails after opening its outputs removes
# their temporary files (*.tmp*): the registry of ssp_atomic's temporary
# files is emptied at exit, die() included. ssp validate opens its report
# and its rows files, then finds the second input missing (status 3).
t=$TMPDIR
cd validate
ssp validate --table subjects --report "$t/r.json" --valid "$t/ok.csv" \
	--rejects "$t/rej.csv" dataset-fk/subjects.csv "$t/missing.csv" 2>&1 |
	grep -v constraint-error | sed "s|$t|TMP|g"
echo "status ${PIPESTATUS[0]}"
ls -A "$t"
# The same with the dataset form (a second resource whose file is gone).
cp -r dataset-fk "$t/ds"
rm "$t/ds/measures.csv"
ssp validate -q --report "$t/d.json" --valid "$t/okd" --rejects "$t/rejd" \
	"$t/ds" 2>&1 | sed "s|$t|TMP|g"
echo "status ${PIPESTATUS[0]}"
find "$t" -name '*.tmp*' | sed "s|$t|TMP|g"
echo "temporary files left: $(find "$t" -name '*.tmp*' | wc -l)"
