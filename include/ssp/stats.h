/* stats.h: descriptive statistics, one streaming accumulator per variable. */
#ifndef SSP_STATS_H
#define SSP_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "ssp/ssp.h"

typedef enum ssp_op {
    SSP_OP_COUNT,
    SSP_OP_NMISS,
    SSP_OP_SUM,
    SSP_OP_MEAN,
    SSP_OP_SD,
    SSP_OP_VAR,
    SSP_OP_SE,
    SSP_OP_CV,
    SSP_OP_MIN,
    SSP_OP_MAX,
    SSP_OP_RANGE,
    SSP_OP_MEDIAN,
    SSP_OP_Q1,
    SSP_OP_Q3,
    SSP_OP_IQR,
    SSP_OP_PCT,
    SSP_OP_MAD,
    SSP_OP_SKEW,
    SSP_OP_KURT,
    SSP_OP_MODE,
    SSP_OP_DISTINCT,
    SSP_OP_MEAN_CI_LO,
    SSP_OP_MEAN_CI_HI,
    SSP_OP_FIRST,
    SSP_OP_LAST
} ssp_op;

/* An operation with its parameter: the probability of pN, p = num / den
 * exactly (N read as a decimal: p99.9 is 999/1000), and p the double
 * nearest to it; with den 0, p alone. */
typedef struct ssp_opspec {
    ssp_op op;
    double p;
    unsigned long long num, den;
} ssp_opspec;

/* Parse an operation name ("mean", "p90", "p2.5", "p99.9"; N of pN is
 * digits with at most 13 after a point, 0 to 100). Returns 1 on success. */
int ssp_op_parse(const char *name, ssp_opspec *out) SSP_NODISCARD;

/* 1 if the operation reads numbers (all but count, nmiss, first, last). */
int ssp_op_numeric(ssp_op op);

/* What an accumulator must keep for an operation: SSP_NEED_VALUES (every
 * value, for order statistics), SSP_NEED_SPREAD (the 2nd central moment),
 * SSP_NEED_MOMENTS (the 3rd and 4th too). */
enum { SSP_NEED_VALUES = 1, SSP_NEED_MOMENTS = 2, SSP_NEED_SPREAD = 4 };
unsigned ssp_op_needs(ssp_op op);

/* Streaming accumulator. The sum is kept exactly (in 32-bit digits from
 * 2^-1074 up), so it is the same whatever the order of the values or the
 * parts they were added in; the sum and the mean (sum over n) are that
 * exact value correctly rounded, which R's refined long double mean
 * nearly always is too; central moments are updated with
 * Welford's method in long double on values less the first one, so an
 * offset of 1e9 does not disturb dispersion; values are kept only when needs
 * has SSP_NEED_VALUES. */
typedef struct ssp_acc { /* what every value touches first */
    _Alignas(64) unsigned needs;
    int sorted;
    unsigned nsum; /* values added since sum was carried */
    size_t n;
    double min, max;
    double *v; /* kept values (owned) */
    size_t nv, capv;
    size_t nmiss;
    long double shift;            /* the first value */
    long double mean, m2, m3, m4; /* of value - shift: mean, central sums
                                     (kept with SSP_NEED_SPREAD) */
    int64_t sum[68];              /* of the values: digit k weighs
                                     2^(32 k - 1074) */
} ssp_acc;

/* Settings of the result computation. */
typedef struct ssp_stat_cfg {
    int qtype;    /* R quantile type 1..9 (7 by default) */
    double level; /* confidence level of mean-ci-lo/hi (0.95 by default) */
} ssp_stat_cfg;

void ssp_acc_init(ssp_acc *a, unsigned needs);
void ssp_acc_destroy(ssp_acc *a);

/* Add one value (finite). Returns SSP_OK or SSP_EINTERNAL (no memory). */
ssp_status ssp_acc_add(ssp_acc *a, double x) SSP_NODISCARD;

/* Count one missing value. */
void ssp_acc_missing(ssp_acc *a);
/* Add b's values to a (of the same needs, without SSP_NEED_SPREAD, whose
 * moments depend on the order), b's kept values moved, b left empty:
 * every result is then as if a had been given b's values after its own.
 * Returns SSP_OK or SSP_EINTERNAL (no memory; a and b as they were). */
ssp_status ssp_acc_merge(ssp_acc *a, ssp_acc *b) SSP_NODISCARD;

/* 1 if the accumulator (kept with SSP_NEED_SPREAD) has two values or more
 * that R's t.test calls essentially constant: a standard error of 0 or
 * below 10 machine epsilons of the mean. */
int ssp_acc_constant(const ssp_acc *a);

/* The value of a numeric operation; NaN where it is undefined (too few
 * values; mean-ci-lo/hi of essentially constant data, where R's t.test
 * stops). May sort the kept values. FIRST and LAST are not handled here. */
double ssp_acc_result(ssp_acc *a, const ssp_opspec *op,
                      const ssp_stat_cfg *cfg);

/* R's quantile(x, p, type) of the n sorted values x (n > 0). */
double ssp_quantile_sorted(const double *x, size_t n, double p, int type);

/* The same for the probability num / den exactly (0 < den < 2^53, num <=
 * den): types 1 to 3 choose their order statistic from n * num / den in
 * integers, so p99.9 of 1000 values is the 999th (n * 0.999 in floating
 * point is not 999); the other types use the double nearest to num / den,
 * as R's quantile() given that decimal. */
double ssp_quantile_frac(const double *x, size_t n, unsigned long long num,
                         unsigned long long den, int type);

#endif
