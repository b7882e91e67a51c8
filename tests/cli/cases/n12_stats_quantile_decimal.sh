# pN with a decimal N is read exactly (p99.9 = 999/1000): R's quantile(1:1000,
# c(0.999, 0.333), type = 2) is 999.5 and 333.5, type 1 gives 999 and 333.
(echo x; seq 1 1000) | ssp stats --quantile-type 2 p99.9:x p33.3:x
(echo x; seq 1 1000) | ssp stats --quantile-type 1 p99.9:x p33.3:x p0.1:x
(echo x; seq 1 1000) | ssp stats --quantile-type 3 p99.9:x p33.3:x p0.05:x
# the exact 7th of 100 values (n * 0.07 in floating point is 7.000000000000001)
(echo x; seq 1 100) | ssp stats --quantile-type 1 p7:x p07.000:x
# not a decimal: refused
(echo x; seq 1 10) | ssp stats p1e1:x; echo "status $?"
(echo x; seq 1 10) | ssp stats p5.:x; echo "status $?"
(echo x; seq 1 10) | ssp stats p100.0001:x; echo "status $?"
