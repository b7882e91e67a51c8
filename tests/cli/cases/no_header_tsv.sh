ssp stats --no-header -t tab -g 2 mean:3 noheader.tsv
