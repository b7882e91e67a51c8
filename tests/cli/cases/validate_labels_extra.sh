cd validate && ./vcase.sh --schema people.schema.json labels-extra.csv
