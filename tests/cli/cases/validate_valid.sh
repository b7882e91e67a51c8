cd validate && ./vcase.sh --schema people.schema.json valid.csv
