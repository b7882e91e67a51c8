ssp stats mean:score dup-header.csv
