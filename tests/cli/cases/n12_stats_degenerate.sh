# Degenerate statistics R refuses or has no value for are NA with a note on
# standard error, never a number (issue 12, item 38); checked against R 4.2
# (tests/ref/test, tests/ref/stats).
# Hedges' g at df = 1: J = Gamma(1/2) / (sqrt(1/2) Gamma(0)) is NaN in R
printf 'pre,post\n1,2\n3,5\n' | ssp test paired pre post | cut -d, -f1,9,11,12
printf 'v,arm\n1,a\n3,b\n4,b\n' | ssp test two-sample --var-equal v arm | cut -d, -f3,4,11,13
# constant paired differences: t.test stops; dz and g were Inf
printf 'pre,post\n1,3\n4,6\n7,9\n' | ssp test paired pre post | cut -d, -f1,5,8,11,12
# two constant groups: g over a pooled deviation of 0
printf 'v,arm\n2,a\n2,a\n5,b\n5,b\n' | ssp test two-sample --var-equal v arm | cut -d, -f7,10,13
# Kruskal-Wallis with one group: R stops ("all observations are in the same group")
printf 'v,g\n1.5,a\n2,a\n4,a\n' | ssp test anova v g
# the interval of the mean of constant data: R's t.test stops
printf 'x\n2.5\n2.5\n2.5\n' | ssp stats mean:x mean-ci-lo:x mean-ci-hi:x
printf 'g,x\nA,0\nA,0\nB,1\nB,2\n' | ssp stats --json -g g mean-ci-lo:x
# more of the kind: a trend whose Y are all equal (R's summary.lm: t, p and
# r2 NaN) and a signed-rank test whose differences are all 0 (p NaN)
printf 'y,x\n1,1\n1,2\n1,3\n1,4\n' | ssp test trend y x | cut -d, -f1,2,7-9
printf 'pre,post\n4,4\n6,6\n9,9\n' | ssp test paired pre post | cut -d, -f13,14
