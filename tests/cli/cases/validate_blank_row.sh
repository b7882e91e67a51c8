cd validate && ./vcase.sh --schema people.schema.json blank-row.csv
