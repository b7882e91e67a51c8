ssp stats mean:score stray-quote.csv
