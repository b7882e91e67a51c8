# datapackage.json resource paths stay inside the package folder (issue 12,
# item 22): an absolute path, a '..' segment, a URL, a symbolic link out of
# the folder (to a file or through a folder) and a schema path out of it are
# refused by ssp validate and by ssp indicators (ssp plot reads through the same function), status 2,
# with FILE: resources[i].PROP: ..., and the file outside is never read.
t=$TMPDIR
mkdir -p "$t/outside"
printf 'subject_id,x\nSECRET-ROW,1\n' >"$t/outside/secret.csv"
cp validate/dataset-fk/subjects.csv "$t/outside/subjects.csv"
cp ../../data-schema/subjects.schema.json "$t/outside/evil.schema.json"
mk() { # mk NAME SUBJECTS_PATH [SCHEMA]
	d=$t/$1; mkdir -p "$d"
	cp validate/dataset-fk/subjects.csv validate/dataset-fk/measures.csv "$d/"
	printf '{"name": "p", "resources": [\n {"name": "measures", "path": "measures.csv", "schema": "measures.schema.json"},\n {"name": "subjects", "path": "%s", "schema": "%s"}]}\n' \
		"$2" "${3:-subjects.schema.json}" >"$d/datapackage.json"
}
mk abs "$t/outside/secret.csv"
mk up "../outside/secret.csv"
mk up2 "sub/../../outside/secret.csv"
mk url "https://example.org/subjects.csv"
mk link "subjects-link.csv"; ln -s "$t/outside/secret.csv" "$t/link/subjects-link.csv"
mk dirlink "data/subjects.csv"; ln -s "$t/outside" "$t/dirlink/data"
mk dangling "gone.csv"; ln -s "$t/outside/nothing.csv" "$t/dangling/gone.csv"
mk schema "subjects.csv" "$t/outside/evil.schema.json"
mk schemaup "subjects.csv" "../outside/evil.schema.json"
mk inner "data/subjects.csv"; mkdir "$t/inner/data"; mv "$t/inner/subjects.csv" "$t/inner/data/"
mk innerlink "s.csv"; ln -s subjects.csv "$t/innerlink/s.csv"
for d in abs up up2 url link dirlink dangling schema schemaup inner innerlink; do
	echo "== validate $d"
	ssp validate "$t/$d" 2>&1 | sed "s|$t|TMP|g"
	echo "status ${PIPESTATUS[0]}"
done
for d in abs up link dirlink; do
	echo "== indicators $d"
	ssp indicators "$t/$d" 2>&1 >/dev/null | sed "s|$t|TMP|g"
	echo "status ${PIPESTATUS[0]}"
done
# A shipped file is found by a bare name only: a schema's catalogue path
# (or a --table name) with a '/' does not lead out of the schema folder.
mkdir -p "$t/schemas"
cp ../../data-schema/measures.schema.json ../../data-schema/subjects.schema.json "$t/schemas/"
cp ../../data-schema/instruments.json "$t/outside/instruments.json"
sed -i 's|"catalogue": *"instruments.json"|"catalogue": "../outside/instruments.json"|' "$t/schemas/measures.schema.json"
grep -c '../outside/instruments.json' "$t/schemas/measures.schema.json"
SSP_SCHEMA_DIR=$t/schemas ssp validate --table measures validate/dataset-fk/measures.csv 2>&1 | sed "s|$t|TMP|g"
echo "status ${PIPESTATUS[0]}"
SSP_SCHEMA_DIR=$t/schemas ssp validate --table ../schemas/subjects validate/dataset-fk/subjects.csv 2>&1 | sed "s|$t|TMP|g"
echo "status ${PIPESTATUS[0]}"
