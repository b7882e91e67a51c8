ssp stats -g region mean:score invalid-utf8.csv
