ssp stats -g note count:id mean:score quoted.csv
