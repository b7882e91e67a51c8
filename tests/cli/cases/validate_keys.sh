cd validate && ./vcase.sh --schema people.schema.json keys.csv
