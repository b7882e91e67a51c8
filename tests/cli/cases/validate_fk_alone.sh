ssp validate --table measures ../../examples/dataset/measures.csv; echo "status $?"
