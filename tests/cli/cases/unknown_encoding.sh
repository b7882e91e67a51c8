ssp stats --encoding klingon count:1 scores.csv
