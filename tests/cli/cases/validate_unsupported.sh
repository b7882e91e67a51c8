cd validate && ssp validate --schema unsupported.schema.json valid.csv; echo "status $?"; ssp validate --schema unsupported-type.schema.json valid.csv; echo "status $?"
