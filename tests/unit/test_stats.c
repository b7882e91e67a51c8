/* test_stats.c: accumulator properties (R's values are in tests/ref/). */
#include <stdlib.h>

#include "ssp/stats.h"
#include "test.h"

static double result(ssp_acc *a, ssp_op op)
{
    ssp_opspec s = {op, 0};
    ssp_stat_cfg cfg = {7, 0.95};
    return ssp_acc_result(a, &s, &cfg);
}

/* Adding 1e9 to every value changes no dispersion statistic beyond the
 * rounding of the shifted values themselves. */
static void offset_stable(void)
{
    static const ssp_op disp[] = {SSP_OP_SD, SSP_OP_VAR, SSP_OP_SE,
                                  SSP_OP_SKEW, SSP_OP_KURT, SSP_OP_RANGE};
    /* Interpolated quantiles near 1e9 are rounded to the spacing of
     * doubles there (2^-23), as R's are: IQR and MAD may move by that. */
    static const ssp_op order[] = {SSP_OP_IQR, SSP_OP_MAD};
    ssp_acc a, b;
    ssp_acc_init(&a, SSP_NEED_VALUES | SSP_NEED_MOMENTS);
    ssp_acc_init(&b, SSP_NEED_VALUES | SSP_NEED_MOMENTS);
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
    ssp_acc_init(&a, 0);
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
    ssp_acc_init(&a, SSP_NEED_VALUES | SSP_NEED_MOMENTS);
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
}

static const struct test tests[] = {
    T(offset_stable), T(tiny_spread_large_mean), T(undefined_is_nan),
    T(op_names),
};
TEST_MAIN(tests)
