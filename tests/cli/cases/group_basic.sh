ssp stats -g region count:score nmiss:score mean:score sd:score median:score scores.csv
