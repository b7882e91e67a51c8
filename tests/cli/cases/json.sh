ssp stats --json -g region count:score mean:score sd:score first:subject_id scores.csv
