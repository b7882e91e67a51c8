# the row written to a full disk is an I/O error (status 3), not success
ssp power --test paired --sd 1 --delta 1 --n 20 >/dev/full; echo "status $?"
ssp power --help | head -3; ssp power --version
