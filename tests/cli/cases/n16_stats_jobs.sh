# A file read in two pieces at once gives the bytes of one pass (sum and
# mean exact whatever the cut; groups in first-seen order; first and last
# across the cut); an operation with central moments reads it whole; a bad
# value or a quote in the second piece goes back to the reader, which says
# where.
cd "$TMPDIR"
awk 'BEGIN { srand(11); print "g,x,t"
  for (i = 0; i < 600000; i++)
    printf "G%03d,%.6f,t%d\n", int(rand() * 300), rand() * 1e6 - 5e5, i }' > big.csv
wc -c < big.csv | awk '{ print ($1 > 8388608) ? "a file over 8 MiB" : "too small" }'
ops="count:x sum:x mean:x median:x p99.9:x mad:x min:x max:x first:t last:t"
ssp stats -j 1 -g g $ops big.csv > one.csv
ssp stats -j 2 -g g $ops big.csv > two.csv
cmp one.csv two.csv && echo "-j 2 = -j 1 ($(($(wc -l < one.csv) - 1)) groups)"
ssp stats -j 2 -g g sd:x big.csv > sd2.csv && ssp stats -j 1 -g g sd:x big.csv | cmp - sd2.csv && echo "sd: -j 2 = -j 1"
n=$(($(wc -l < big.csv) - 5))
sed "${n}s/,[^,]*,/,oops,/" big.csv > bad.csv
ssp stats -j 2 -g g mean:x bad.csv 2>&1 | sed "s/:$n:/:LINE:/"
echo "status ${PIPESTATUS[0]}"
ssp stats -j 2 --on-bad skip -g g mean:x bad.csv 2>&1 >/dev/null | sed "s/:$n:/:LINE:/"
sed "${n}s/,t/,\"t/;${n}s/\$/\"/" big.csv > quoted.csv
ssp stats -j 2 -g g $ops quoted.csv | cmp - one.csv && echo "a quoted field: the same, through the reader"
