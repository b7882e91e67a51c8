ssp stats -g 2 mean:4 count:1 scores.csv
