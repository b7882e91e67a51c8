ssp stats mean:score unterminated.csv
