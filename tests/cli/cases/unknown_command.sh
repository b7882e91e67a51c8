ssp stat mean:score scores.csv
