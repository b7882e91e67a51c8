cd validate && ./vcase.sh --schema people.schema.json unterminated.csv
