LOCPATH=${SSP_TEST_LOCPATH:-} LC_ALL=de_DE.UTF-8 ssp stats -g region mean:score sd:score scores.csv
