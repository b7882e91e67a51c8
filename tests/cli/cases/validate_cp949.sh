cd validate && ./vcase.sh --schema people.schema.json --encoding cp949 korean-cp949.csv
