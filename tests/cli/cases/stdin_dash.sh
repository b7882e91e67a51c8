cat scores.csv | ssp stats -g phase mean:score -
