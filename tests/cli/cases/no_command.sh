ssp
