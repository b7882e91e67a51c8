/* test_stats.c: accumulator properties (R's values are in tests/ref/). */
#include <math.h>
#include <stdlib.h>

#include "ssp/stats.h"
#include "test.h"

static double result(ssp_acc *a, ssp_op op)
{
    ssp_opspec s = {op, 0, 0, 0};
    ssp_stat_cfg cfg = {7, 0.95};
    return ssp_acc_result(a, &s, &cfg);
}

/* Adding 1e9 to every value changes no dispersion statistic beyond the
 * rounding of the shifted values themselves. */
static void offset_stable(void)
{
    static const ssp_op disp[] = {SSP_OP_SD,   SSP_OP_VAR,  SSP_OP_SE,
                                  SSP_OP_SKEW, SSP_OP_KURT, SSP_OP_RANGE};
    /* Interpolated quantiles near 1e9 are rounded to the spacing of
     * doubles there (2^-23), as R's are: IQR and MAD may move by that. */
    static const ssp_op order[] = {SSP_OP_IQR, SSP_OP_MAD};
    ssp_acc a, b;
    unsigned all = SSP_NEED_VALUES | SSP_NEED_MOMENTS | SSP_NEED_SPREAD;
    ssp_acc_init(&a, all);
    ssp_acc_init(&b, all);
    unsigned s = 12345;
    for (int i = 0; i < 10000; i++) {
        s = s * 1103515245u + 12345u;
        /* Skewed values on the grid 2^-23 (the spacing of doubles near
         * 1e9), so that x + 1e9 is exact and any difference is ours. */
        double v = (double)(s >> 8 & 0xFFFF);
        double x = v * v / 8388608.0;
        CHECK(ssp_acc_add(&a, x) == SSP_OK);
        CHECK(ssp_acc_add(&b, x + 1e9) == SSP_OK);
    }
    for (size_t i = 0; i < sizeof disp / sizeof disp[0]; i++)
        CHECK_NEAR(result(&a, disp[i]), result(&b, disp[i]), 1e-12);
    for (size_t i = 0; i < sizeof order / sizeof order[0]; i++)
        CHECK(fabs(result(&a, order[i]) - result(&b, order[i])) <=
              4 * 1.4826 / 8388608.0);
    CHECK_NEAR(result(&a, SSP_OP_MEAN) + 1e9, result(&b, SSP_OP_MEAN), 1e-15);
    ssp_acc_destroy(&a);
    ssp_acc_destroy(&b);
}

/* The naive sum-of-squares variance would give 0 or garbage here. */
static void tiny_spread_large_mean(void)
{
    ssp_acc a;
    ssp_acc_init(&a, SSP_NEED_SPREAD);
    double v[] = {1e9 + 4, 1e9 + 7, 1e9 + 13, 1e9 + 16};
    for (int i = 0; i < 4; i++)
        CHECK(ssp_acc_add(&a, v[i]) == SSP_OK);
    CHECK_NEAR(result(&a, SSP_OP_VAR), 30, 1e-15);
    CHECK_NEAR(result(&a, SSP_OP_MEAN), 1e9 + 10, 1e-15);
    ssp_acc_destroy(&a);
}

static void undefined_is_nan(void)
{
    ssp_acc a;
    ssp_acc_init(&a, SSP_NEED_VALUES | SSP_NEED_MOMENTS | SSP_NEED_SPREAD);
    CHECK(isnan(result(&a, SSP_OP_MEAN)));
    CHECK(isnan(result(&a, SSP_OP_MEDIAN)));
    CHECK(result(&a, SSP_OP_SUM) == 0);
    CHECK(result(&a, SSP_OP_DISTINCT) == 0);
    CHECK(ssp_acc_add(&a, 3) == SSP_OK);
    CHECK(isnan(result(&a, SSP_OP_SD)));
    CHECK(isnan(result(&a, SSP_OP_MEAN_CI_LO)));
    CHECK(result(&a, SSP_OP_MEDIAN) == 3);
    ssp_acc_destroy(&a);
}

static void op_names(void)
{
    ssp_opspec s;
    CHECK(ssp_op_parse("p90", &s) && s.op == SSP_OP_PCT && s.p == 0.9);
    CHECK(ssp_op_parse("p2.5", &s) && s.op == SSP_OP_PCT && s.p == 0.025);
    CHECK(ssp_op_parse("mean-ci-hi", &s) && s.op == SSP_OP_MEAN_CI_HI);
    CHECK(!ssp_op_parse("p101", &s));
    CHECK(!ssp_op_parse("p", &s));
    CHECK(!ssp_op_parse("pp", &s));
    CHECK(!ssp_op_parse("average", &s));
    /* decimals read exactly (issue 12): 999/1000, not 99.9/100 */
    CHECK(ssp_op_parse("p99.9", &s) && s.num == 999 && s.den == 1000 &&
          s.p == 0.999);
    CHECK(ssp_op_parse("p007.50", &s) && s.num == 750 && s.den == 10000);
    CHECK(ssp_op_parse("p100.0", &s) && s.num == s.den);
    CHECK(!ssp_op_parse("p100.01", &s));
    CHECK(!ssp_op_parse("p1e1", &s));
    CHECK(!ssp_op_parse("p5.", &s));
    CHECK(!ssp_op_parse("p1.2.3", &s));
    CHECK(!ssp_op_parse("p0.00000000000001", &s)); /* 14 decimals */
    CHECK(!ssp_op_parse("p99999999999999999999", &s));
}

/* Types 1-3 choose the order statistic from n num / den in integers. */
static void quantile_exact_fraction(void)
{
    double *x = malloc(1000 * sizeof *x);
    CHECK(x != NULL);
    for (int i = 0; i < 1000; i++)
        x[i] = i + 1;
    CHECK(ssp_quantile_frac(x, 1000, 999, 1000, 1) == 999);
    CHECK(ssp_quantile_frac(x, 1000, 999, 1000, 2) == 999.5);
    CHECK(ssp_quantile_frac(x, 1000, 333, 1000, 2) == 333.5);
    CHECK(ssp_quantile_frac(x, 1000, 999, 1000, 3) == 999);
    CHECK(ssp_quantile_frac(x, 100, 7, 100, 1) == 7); /* 100 * 0.07 > 7 */
    CHECK(ssp_quantile_frac(x, 100, 7, 100, 2) == 7.5);
    CHECK(ssp_quantile_frac(x, 1000, 999, 1000, 7) ==
          ssp_quantile_sorted(x, 1000, 0.999, 7));
    free(x);
}

static int cmp(const void *pa, const void *pb)
{
    double a = *(const double *)pa, b = *(const double *)pb;
    return (a > b) - (a < b);
}

/* Order statistics come out as from an array sorted by qsort, for sizes
 * around the insertion-sort cut-off and with many ties. */
static void order_statistics_match_qsort(void)
{
    static const size_t sizes[] = {1, 2, 15, 16, 17, 33, 1000, 10007};
    unsigned s = 99;
    ssp_stat_cfg cfg = {7, 0.95};
    for (size_t k = 0; k < sizeof sizes / sizeof sizes[0]; k++) {
        size_t n = sizes[k];
        double *ref = malloc(n * sizeof *ref);
        ssp_acc a;
        ssp_acc_init(&a, SSP_NEED_VALUES);
        for (size_t i = 0; i < n; i++) {
            s = s * 1103515245u + 12345u;
            ref[i] = (double)((s >> 16) % (k % 2 ? 7 : 100000)) - 3;
            CHECK(ssp_acc_add(&a, ref[i]) == SSP_OK);
        }
        qsort(ref, n, sizeof *ref, cmp);
        for (int t = 1; t <= 9; t++) {
            cfg.qtype = t;
            for (double p = 0; p <= 1; p += 0.125) {
                ssp_opspec op = {SSP_OP_PCT, p, (unsigned long long)(p * 8), 8};
                CHECK(ssp_acc_result(&a, &op, &cfg) ==
                      ssp_quantile_sorted(ref, n, p, t));
            }
        }
        /* selected in place: still the same values */
        qsort(a.v, a.nv, sizeof *a.v, cmp);
        CHECK(a.nv == n && !memcmp(a.v, ref, n * sizeof *ref));
        ssp_acc_destroy(&a);
        free(ref);
    }
}

/* The sum is exact: whatever the order, and where long double is not. */
static void sum_exact(void)
{
    static const double x[] = {1e20, 1, -1e20, 0.1, -0.1, 5e-324, -5e-324};
    ssp_stat_cfg cfg = {7, 0.95};
    ssp_opspec sum = {SSP_OP_SUM, 0, 0, 0}, mean = {SSP_OP_MEAN, 0, 0, 0};
    ssp_acc a;
    ssp_acc_init(&a, 0);
    for (size_t i = 0; i < sizeof x / sizeof *x; i++)
        CHECK(ssp_acc_add(&a, x[i]) == SSP_OK);
    CHECK(ssp_acc_result(&a, &sum, &cfg) == 1);
    CHECK(ssp_acc_result(&a, &mean, &cfg) == 1.0 / 7);
    ssp_acc_init(&a, 0);
    for (int i = 0; i < 10; i++) /* 10 * 0.1 is 1 + 2^-54 exactly */
        CHECK(ssp_acc_add(&a, 0.1) == SSP_OK);
    CHECK(ssp_acc_result(&a, &mean, &cfg) == 0.1);
    CHECK(ssp_acc_result(&a, &sum, &cfg) == 1);
    ssp_acc_init(&a, 0);
    CHECK(ssp_acc_add(&a, -2.5) == SSP_OK);
    CHECK(ssp_acc_add(&a, -0.25) == SSP_OK);
    CHECK(ssp_acc_result(&a, &sum, &cfg) == -2.75);
    CHECK(ssp_acc_result(&a, &mean, &cfg) == -1.375);
    CHECK(ssp_acc_add(&a, 1.7976931348623157e308) == SSP_OK);
    CHECK(ssp_acc_add(&a, 1.7976931348623157e308) == SSP_OK);
    CHECK(ssp_acc_result(&a, &mean, &cfg) ==
          (1.7976931348623157e308 - 1.375) / 2);
    CHECK(ssp_acc_result(&a, &sum, &cfg) == INFINITY);
}

/* Two parts merged give what one pass gives, at every cut. */
static void merge_is_one_pass(void)
{
    enum { N = 40 };
    static const ssp_op ops[] = {SSP_OP_COUNT,    SSP_OP_NMISS, SSP_OP_SUM,
                                 SSP_OP_MEAN,     SSP_OP_MIN,   SSP_OP_MAX,
                                 SSP_OP_MEDIAN,   SSP_OP_MAD,   SSP_OP_MODE,
                                 SSP_OP_DISTINCT, SSP_OP_Q1};
    ssp_stat_cfg cfg = {7, 0.95};
    double x[N];
    unsigned s = 7;
    for (int i = 0; i < N; i++) {
        s = s * 1103515245u + 12345u;
        x[i] = ((double)((s >> 16) % 2000) - 1000) / 7;
    }
    for (int cut = 0; cut <= N; cut++) {
        ssp_acc one, a, b;
        ssp_acc_init(&one, SSP_NEED_VALUES);
        ssp_acc_init(&a, SSP_NEED_VALUES);
        ssp_acc_init(&b, SSP_NEED_VALUES);
        for (int i = 0; i < N; i++) {
            if (i % 9 == 4) {
                ssp_acc_missing(&one);
                ssp_acc_missing(i < cut ? &a : &b);
            }
            CHECK(ssp_acc_add(&one, x[i]) == SSP_OK);
            CHECK(ssp_acc_add(i < cut ? &a : &b, x[i]) == SSP_OK);
        }
        CHECK(ssp_acc_merge(&a, &b) == SSP_OK);
        CHECK(b.n == 0 && b.nv == 0 && !b.v);
        for (size_t k = 0; k < sizeof ops / sizeof *ops; k++) {
            ssp_opspec op = {ops[k], 0, 0, 0};
            CHECK(ssp_acc_result(&a, &op, &cfg) ==
                  ssp_acc_result(&one, &op, &cfg));
        }
        ssp_acc_destroy(&one);
        ssp_acc_destroy(&a);
        ssp_acc_destroy(&b);
    }
}

static const struct test tests[] = {
    T(order_statistics_match_qsort),
    T(sum_exact),
    T(merge_is_one_pass),
    T(offset_stable),
    T(tiny_spread_large_mean),
    T(undefined_is_nan),
    T(op_names),
    T(quantile_exact_fraction),
};
TEST_MAIN(tests)
