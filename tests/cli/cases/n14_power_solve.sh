# ssp power solves whichever of n, delta and power is left out; the values
# are R's power.t.test ones (tests/ref/power checks 684 of them):
#   power.t.test(delta = 2, sd = 4.5, power = 0.8, type = "paired")$n
#     = 41.6964676379139
#   power.t.test(n = 30, delta = 3, sd = 4.5)$power = 0.718729408478106
#   power.t.test(n = 25, sd = 3.2, power = 0.8, type = "paired")$delta
#     = 1.8688909028833
ssp power --test paired --sd 4.5 --delta 2 --power 0.8; echo "status $?"
ssp power --test two-sample --sd 4.5 --n 30 --delta 3; echo "status $?"
ssp power --test paired --sd 3.2 --n 25 --power 0.8; echo "status $?"
# one-sided, a stricter level, both tails, the ANCOVA with its r column
ssp power --test two-sample --sd 1 --delta 0.5 --power 0.9 --alpha 0.01 --one-sided; echo "status $?"
ssp power --test two-sample --sd 1 --delta 0.3 --n 20 --strict; echo "status $?"
ssp power --test ancova --sd 4.5 --r 0.6 --delta 3 --power 0.8; echo "status $?"
# a two-sided test takes |delta|, as R does
ssp power --test paired --sd 1 --delta -0.5 --n 40; echo "status $?"
