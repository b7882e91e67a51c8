ssp stats --encoding euc-kr --json -g 2 sum:5 ../../examples/geumsan-bike-cp949.csv
