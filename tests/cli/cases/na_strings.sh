ssp stats -g region count:score nmiss:score --na -999 scores2.csv
