ssp stats -g region first:subject_id last:subject_id first:score last:score scores.csv
