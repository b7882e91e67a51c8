cd validate && ./vcase.sh --schema people.schema.json korean.csv
