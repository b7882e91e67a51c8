cd validate && ./vcase.sh --schema people.schema.json korean-cp949.csv
