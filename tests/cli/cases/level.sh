ssp stats --level 0.9 mean-ci-lo:score mean:score mean-ci-hi:score scores.csv
