ssp validate --table subjects no-such.csv; echo "status $?"
