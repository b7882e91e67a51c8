ssp stats count:score nmiss:score sum:score min:score max:score scores.csv
