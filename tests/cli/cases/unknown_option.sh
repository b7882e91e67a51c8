ssp stats --bogus mean:score scores.csv
