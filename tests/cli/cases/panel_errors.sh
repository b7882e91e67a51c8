ssp panel -o "$TMPDIR/p" scores.csv; echo "status $?"; ssp panel; echo "status $?"
