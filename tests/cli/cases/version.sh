ssp --version; ssp-stats --version
