ssp help
