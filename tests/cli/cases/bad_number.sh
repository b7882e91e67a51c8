ssp stats -g region mean:score bad-number.csv
