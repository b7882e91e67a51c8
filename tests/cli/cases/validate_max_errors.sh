cd validate && ssp validate --max-errors 2 --schema people.schema.json constraint-error.csv; echo "status $?"
