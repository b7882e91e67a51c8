cd validate && ./vcase.sh --schema people.schema.json type-error.csv
