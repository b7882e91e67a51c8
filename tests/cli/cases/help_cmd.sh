ssp help stats | head -3
