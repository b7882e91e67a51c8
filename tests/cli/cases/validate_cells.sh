cd validate && ./vcase.sh --schema people.schema.json cells.csv
