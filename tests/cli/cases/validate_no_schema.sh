ssp validate scores.csv; echo "status $?"
