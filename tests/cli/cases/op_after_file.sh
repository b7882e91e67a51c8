ssp stats mean:score scores.csv count:score
