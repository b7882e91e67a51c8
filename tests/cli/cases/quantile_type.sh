ssp stats -g region --quantile-type 6 median:score q1:score p90:score iqr:score scores.csv
