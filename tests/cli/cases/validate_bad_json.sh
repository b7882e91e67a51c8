cd validate && ssp validate --schema bad-json.schema.json valid.csv; echo "status $?"
