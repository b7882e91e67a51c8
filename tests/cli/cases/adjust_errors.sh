printf "p\n0.2\n1.5\n" | ssp adjust p; echo "status $?"; ssp adjust --method tukey p scores.csv; echo "status $?"; ssp adjust; echo "status $?"
