ssp stats mean:score scores.csv > /dev/full
