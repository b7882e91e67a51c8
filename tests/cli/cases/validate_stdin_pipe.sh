cd validate && cat keys.csv | ssp validate -q --max-errors 0 --schema people.schema.json --valid - | ssp stats -g region count:id
