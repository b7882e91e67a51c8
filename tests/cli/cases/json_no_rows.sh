ssp stats --json -g region mean:score header-only.csv
