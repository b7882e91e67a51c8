cd validate && ./vcase.sh --schema people.schema.json encoding.csv
