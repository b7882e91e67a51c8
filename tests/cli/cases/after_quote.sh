ssp stats mean:score after-quote.csv
