ssp stats average:score scores.csv
