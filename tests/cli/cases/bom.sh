ssp stats -g region mean:score bom.csv
