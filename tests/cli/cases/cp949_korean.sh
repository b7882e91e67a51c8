ssp stats --encoding cp949 -g 읍면 count:대상자ID mean:"운동시간(분)" p90:"주행거리(km)" ../../examples/geumsan-bike-cp949.csv
