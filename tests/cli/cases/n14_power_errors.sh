# Exactly two of delta, n and power; every range checked; status 2 with
# one clear line and the hint, nothing on stdout.
ssp power --test paired --sd 1 --delta 1 --n 20 --power 0.8; echo "status $?"
ssp power --test paired --sd 1 --delta 1; echo "status $?"
ssp power --sd 1 --delta 1 --n 20; echo "status $?"
ssp power --test anova --sd 1 --delta 1 --n 20; echo "status $?"
ssp power --test paired --delta 1 --n 20; echo "status $?"
ssp power --test paired --sd 0 --delta 1 --n 20; echo "status $?"
ssp power --test paired --sd 1 --delta 1 --power 1; echo "status $?"
ssp power --test paired --sd 1 --delta 1 --n 1.5; echo "status $?"
ssp power --test paired --sd 1 --delta 1 --n 20 --alpha 0; echo "status $?"
ssp power --test paired --sd 1 --delta abc --n 20; echo "status $?"
ssp power --test ancova --sd 1 --delta 1 --n 20; echo "status $?"
ssp power --test ancova --sd 1 --delta 1 --n 20 --r 1; echo "status $?"
ssp power --test paired --sd 1 --delta 1 --n 20 --r 0.5; echo "status $?"
ssp power --test paired --sd 1 --delta 1 --n 20 --one-sided --strict; echo "status $?"
ssp power --test paired --sd 1 --delta -1 --n 20 --one-sided; echo "status $?"
ssp power --test paired --sd 1 --delta 1 --n 20 extra; echo "status $?"
# answers outside R's bracket: R would extend it, ssp says why
# (R: power.t.test(delta = 20, sd = 1, power = 0.8)$n = 1.49, one pair and a half)
ssp power --test two-sample --sd 1 --delta 20 --power 0.8; echo "status $?"
ssp power --test paired --sd 1 --n 20 --power 0.01; echo "status $?"
ssp power --test paired --sd 1 --delta 1e-6 --power 0.99; echo "status $?"
ssp power --test paired --sd 1 --delta 1 --n 20 --bogus; echo "status $?"
