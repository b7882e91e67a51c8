ssp stats mean:score ragged-short.csv
