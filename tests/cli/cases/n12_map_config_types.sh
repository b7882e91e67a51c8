# Items 11, 22 and 23, and 32 (time zones): a mapping value of the wrong type, a table name that leads out of the dataset, a root or source or filter that is no object, a time zone that is no real offset: each a configuration error (status 2) with a message; nothing written.
cd "$TMPDIR"; printf 'id,on\na,2024-07-01\n' > r.csv
f='"fields": {"subject_id": {"from": "id"}}'
t() { printf '%s' "$1" > m.json; ssp ingest --map m.json --no-pseudonymize -o d r.csv; echo "status $?"; }
t "{\"table\": \"subjects\", \"fields\": {\"subject_id\": {\"from\": \"id\", \"pseudonymize\": \"true\"}}}"
t "{\"table\": \"subjects\", \"fields\": {\"subject_id\": {\"from\": \"id\", \"trim\": 1}}}"
t "{\"table\": \"subjects\", \"fields\": {\"subject_id\": {\"from\": 5}}}"
t "{\"table\": \"subjects\", \"fields\": {\"region\": {\"value\": [\"x\"]}}}"
t "{\"table\": \"subjects\", \"title\": 3, $f}"
t "{\"table\": \"subjects\", \"source\": {\"format\": 1}, $f}"
t "{\"table\": \"subjects\", \"source\": {\"encoding\": true}, $f}"
t "{\"table\": \"subjects\", \"source\": {\"delimiter\": 59}, $f}"
t "{\"table\": \"subjects\", \"filters\": [{\"column\": 1, \"in\": [\"a\"]}], $f}"
t "{\"table\": 7, $f}"
t "{\"table\": \"../../escaped\", $f}"
t "{\"table\": \"/tmp/abs\", $f}"
t "{\"table\": \"logs/x\", $f}"
t "{\"table\": \"..\", $f}"
t "[{\"table\": \"subjects\"}]"
t "{\"table\": \"subjects\", \"source\": [1], $f}"
t "{\"table\": \"subjects\", \"filters\": [1], $f}"
t "{\"table\": \"subjects\", \"timezone\": \"+1:000\", $f}"
t "{\"table\": \"subjects\", \"timezone\": \"+14:59\", $f}"
t "{\"table\": \"subjects\", \"timezone\": \"-12:30\", $f}"
t "{\"table\": \"subjects\", \"timezone\": \"+0900\", $f}"
ls -d d ../escaped 2>&1 | sed 's/^.*: //'
