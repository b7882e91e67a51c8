ssp stats -g region,phase --sort count:score mean:score scores.csv
