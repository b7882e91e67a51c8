ssp stats --quantile-type 10 median:score scores.csv
