ssp stats mean:points scores.csv
