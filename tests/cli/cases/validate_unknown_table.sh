ssp validate --table nosuch scores.csv; echo "status $?"
