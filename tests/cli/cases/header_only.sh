ssp stats -g region count:score mean:score header-only.csv; ssp stats count:score mean:score header-only.csv
