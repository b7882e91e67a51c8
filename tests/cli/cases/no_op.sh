ssp stats scores.csv
