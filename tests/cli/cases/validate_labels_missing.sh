cd validate && ./vcase.sh --schema people.schema.json labels-missing.csv
