ssp stats --on-bad skip -g region count:score mean:score bad-number.csv
