ssp stats mean:score utf16.csv
