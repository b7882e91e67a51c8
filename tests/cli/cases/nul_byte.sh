ssp stats -g region mean:score nul.csv
