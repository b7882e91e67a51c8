cd validate && ./vcase.sh --schema people.schema.json quoted-newlines.csv
