cd validate && ./vcase.sh --schema people.schema.json constraint-error.csv
