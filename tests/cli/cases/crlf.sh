ssp stats -g region mean:score crlf.csv
