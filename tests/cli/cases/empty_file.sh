ssp stats mean:score empty.csv
