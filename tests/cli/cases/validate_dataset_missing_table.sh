cd validate && ssp validate dataset-bad; echo "status $?"
