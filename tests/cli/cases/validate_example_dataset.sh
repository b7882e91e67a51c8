ssp validate ../../examples/dataset; echo "status $?"
