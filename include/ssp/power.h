/* power.h: power and sample size of t tests, as R's power.t.test. */
#ifndef SSP_POWER_H
#define SSP_POWER_H

#include "ssp/ssp.h"

typedef enum ssp_power_test {
    SSP_POWER_PAIRED,     /* n pairs, sd of the differences, df n - 1 */
    SSP_POWER_TWO_SAMPLE, /* n per arm, common sd, df 2n - 2 */
    SSP_POWER_ANCOVA      /* n per arm, the two-sample t with the residual
                             sd sd*sqrt(1 - r^2) and df 2n - 3 (one df
                             for the baseline's slope) */
} ssp_power_test;

/* One calculation. Of n, delta and power exactly one is NaN: the one
 * ssp_power_solve finds. */
typedef struct ssp_power {
    ssp_power_test test;
    double n;       /* pairs (paired) or per arm, >= 2; may be fractional */
    double delta;   /* the true difference of means, > 0 */
    double sd;      /* > 0; for ancova the sd of the outcome */
    double r;       /* ancova: the baseline-outcome correlation, (-1, 1) */
    double alpha;   /* significance level, (0, 1) */
    double power;   /* (0, 1) */
    int one_sided;  /* a one-sided test at alpha (else two-sided) */
    int strict;     /* two-sided: count rejections in the wrong tail too
                       (power.t.test strict = TRUE, pwr.t.test) */
    double n_enrol; /* set by ssp_power_solve: the whole number to enrol,
                       the least whole n >= 2 whose power reaches power
                       when n is solved; ceil(n) otherwise */
} ssp_power;

/* Parse "paired", "two-sample", "ancova". Returns 1, or 0 if unknown. */
int ssp_power_parse(const char *name, ssp_power_test *t) SSP_NODISCARD;

/* The name ssp_power_parse takes for t. */
const char *ssp_power_name(ssp_power_test t);

/* The noncentral t distribution function P(T <= t) (upper tail when
 * lower is 0) with df degrees of freedom and noncentrality ncp, by
 * R's pnt (AS 243, Lenth 1989): within about 1e-12. */
double ssp_pnt(double t, double df, double ncp, int lower);

/* The power of the test p describes at its n and delta. */
double ssp_power_at(const ssp_power *p, double n, double delta);

/* Solve p's NaN member from the other two, as power.t.test does: the
 * power directly, n or delta by R's uniroot (Brent's zeroin, tolerance
 * DBL_EPSILON^0.25, the brackets [2, 1e7] and sd * [1e-7, 1e7]); sets
 * p->n_enrol. Returns SSP_OK; SSP_EUSAGE with a message in e when the
 * inputs are out of range, not exactly one is NaN, or the answer lies
 * outside the bracket (a power below the power at n = 2, say). */
ssp_status ssp_power_solve(ssp_power *p, ssp_error *e) SSP_NODISCARD;

/* The probability that an estimate with standard error se on df degrees
 * of freedom (any df: Satterthwaite's too) is significant in a two-sided
 * t test at alpha in the direction of the true effect delta and at least
 * min_effect (0: any) in size: P(T > max(t(1 - alpha/2, df), min_effect /
 * se)) with T noncentral t, ncp |delta| / se. This is the power to meet a
 * criterion "significant improvement, change at least min_effect";
 * rejections in the wrong direction do not count. NaN for se or df not
 * above 0 or min_effect below 0. */
double ssp_power_se(double delta, double se, double df, double alpha,
                    double min_effect);

/* The minimum detectable effect of that criterion: the delta > 0 whose
 * power is power, by bisection to 1e-12 relative. NaN as ssp_power_se,
 * or for a power not in (alpha/2, 1). */
double ssp_mde_se(double se, double df, double alpha, double power,
                  double min_effect);

#endif
