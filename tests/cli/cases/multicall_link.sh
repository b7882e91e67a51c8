ssp-stats -g region mean:score scores.csv
