ssp stats -g region count:score mean:score --na -999 scores.csv scores2.csv
