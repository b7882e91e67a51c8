ssp stats -o /nonexistent/dir/out.csv mean:score scores.csv
