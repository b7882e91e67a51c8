ssp stats mean:9 scores.csv
