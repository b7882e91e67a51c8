ssp stats mean:score ragged-long.csv
