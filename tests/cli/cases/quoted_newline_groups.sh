ssp stats -g note count:id quoted.csv
