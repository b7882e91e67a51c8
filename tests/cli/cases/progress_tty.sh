# A progress line on a terminal (script(1) makes one), none with -q or
# when stderr is not a terminal.
cd "$TMPDIR"
{ echo x; seq 1 1100000; } > big.csv
script -qec "ssp stats count:x big.csv" /dev/null | tr '\r\033' 'RE'
script -qec "ssp stats -q count:x big.csv" /dev/null | tr '\r\033' 'RE'
ssp stats count:x big.csv
