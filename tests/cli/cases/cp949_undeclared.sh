ssp stats -g 읍면 count:1 ../../examples/geumsan-bike-cp949.csv
