ssp stats mean:score no-such-file.csv
