/* test_power.c: the noncentral t distribution and the solver against R
 * (the values are R 4.2's, printed with %.17g; tests/ref/power checks
 * the whole command against power.t.test and pwr). */
#include "ssp/power.h"
#include "test.h"

/* pt(q, df, ncp) in each branch of R's pnt: the series (both tails, a
 * negative q, fractional df, a negative ncp), the normal approximation
 * (df > 4e5; ncp^2 > 1415), the far left tail (ncp > 40), q = 0 and a
 * tiny tail. */
static void pnt_as_r(void)
{
    CHECK_NEAR(ssp_pnt(2.1, 9, 1.5, 1), 0.68614731621161906, 1e-12);
    CHECK_NEAR(ssp_pnt(2.1, 9, 1.5, 0), 0.31385268378838094, 1e-12);
    CHECK_NEAR(ssp_pnt(-1.3, 20.5, 0.7, 1), 0.025849300890031124, 1e-11);
    CHECK_NEAR(ssp_pnt(3, 5e5, 2.5, 1), 0.69146114103552336, 1e-12);
    CHECK_NEAR(ssp_pnt(50, 30, 45, 1), 0.7585596119314465, 1e-12);
    CHECK(ssp_pnt(-2, 10, 41, 0) == 1);
    CHECK_NEAR(ssp_pnt(0, 12, 1.2, 1), 0.11506967022170828, 1e-12);
    CHECK_NEAR(ssp_pnt(1.96, 3.7, -0.8, 1), 0.98666172117251705, 1e-12);
    /* a tail of 3e-41: the series loses its relative accuracy here to
     * cancellation, in R as in ssp (they differ by 4e-5 relative); an
     * absolute error of 1e-44 is all a power calculation can see */
    CHECK(fabs(ssp_pnt(4, 2, 30, 1) - 3.2319231951592863e-41) < 1e-44);
    CHECK(isnan(ssp_pnt(1, 0, 1, 1)));
}

static ssp_power spec(ssp_power_test t, double n, double delta, double power)
{
    ssp_power p = {.test = t,
                   .n = n,
                   .delta = delta,
                   .sd = 1,
                   .r = NAN,
                   .alpha = 0.05,
                   .power = power};
    return p;
}

/* power.t.test(delta = 1, sd = 1, power = 0.9)$n = 22.021097703851229;
 * the same with n = 20: power 0.86895280169249778; type = "paired",
 * sd = 2, n = 30, power = 0.8: delta 1.058453230023098. */
static void solve_as_r(void)
{
    ssp_error e;
    ssp_power p = spec(SSP_POWER_TWO_SAMPLE, NAN, 1, 0.9);
    CHECK(ssp_power_solve(&p, &e) == SSP_OK);
    CHECK_NEAR(p.n, 22.021097703851229, 1e-9);
    CHECK(p.n_enrol == 23);
    p = spec(SSP_POWER_TWO_SAMPLE, 20, 1, NAN);
    CHECK(ssp_power_solve(&p, &e) == SSP_OK);
    CHECK_NEAR(p.power, 0.86895280169249778, 1e-12);
    p = spec(SSP_POWER_PAIRED, 30, NAN, 0.8);
    p.sd = 2;
    CHECK(ssp_power_solve(&p, &e) == SSP_OK);
    CHECK_NEAR(p.delta, 1.058453230023098, 1e-9);
    CHECK(p.n_enrol == 30);
}

/* Not exactly two given, out of range, and no answer in the bracket:
 * SSP_EUSAGE with a message. */
static void solve_refuses(void)
{
    ssp_error e;
    ssp_power p = spec(SSP_POWER_PAIRED, 20, 1, 0.8);
    CHECK(ssp_power_solve(&p, &e) == SSP_EUSAGE);
    CHECK(strstr(e.msg, "exactly two") != NULL);
    p = spec(SSP_POWER_PAIRED, NAN, 1, NAN);
    CHECK(ssp_power_solve(&p, &e) == SSP_EUSAGE);
    p = spec(SSP_POWER_ANCOVA, 20, 1, NAN);
    CHECK(ssp_power_solve(&p, &e) == SSP_EUSAGE);
    CHECK(strstr(e.msg, "--r") != NULL);
    p = spec(SSP_POWER_TWO_SAMPLE, NAN, 20, 0.8);
    CHECK(ssp_power_solve(&p, &e) == SSP_EUSAGE);
    CHECK(strstr(e.msg, "fewer than 2") != NULL);
}

static void names(void)
{
    ssp_power_test t;
    CHECK(ssp_power_parse("two-sample", &t) && t == SSP_POWER_TWO_SAMPLE);
    CHECK(ssp_power_parse("ancova", &t) && t == SSP_POWER_ANCOVA);
    CHECK(!ssp_power_parse("anova", &t));
    CHECK_STR(ssp_power_name(SSP_POWER_PAIRED), "paired");
}

/* The power to meet "significant improvement (change at least m)" of an
 * estimate, and its minimum detectable effect, against R:
 *   pw <- function(d, se, df, a = 0.05, m = 0) {
 *     q <- max(qt(1 - a/2, df), m/se)
 *     pt(q, df, abs(d)/se, lower.tail = FALSE) }
 *   mde <- function(se, df, a = 0.05, p = 0.8, m = 0) uniroot(function(d)
 *     pw(d, se, df, a, m) - p, c(1e-9, 100*(se+m)), tol = 1e-14)$root
 * and power.t.test(n = 20, delta = 1, sd = 1.5)$power (strict = FALSE:
 * one tail), the same test with se = 1.5*sqrt(2/20) on 38 df. */
static void power_se_as_r(void)
{
    CHECK_NEAR(ssp_power_se(1, 0.611, 3.77, 0.05, 0), 0.23739358641185815,
               1e-9);
    CHECK_NEAR(ssp_power_se(3, 2.33, 2.98, 0.05, 0), 0.14937816806239346, 1e-9);
    CHECK_NEAR(ssp_power_se(1, 0.17, 5.93, 0.05, 0), 0.99766427446469197, 1e-9);
    CHECK_NEAR(ssp_power_se(-0.5, 0.3, 40, 0.05, 0), 0.36945978222373532, 1e-9);
    CHECK_NEAR(ssp_power_se(2.5, 1.1, 8.04, 0.1, 0), 0.66688012552248588, 1e-9);
    CHECK_NEAR(ssp_power_se(3.5, 0.94682, 7.98, 0.05, 3.5), 0.53895367569766495,
               1e-9);
    CHECK_NEAR(ssp_power_se(4, 0.5, 20, 0.05, 0.5), 0.9999999904423309, 1e-9);
    CHECK_NEAR(ssp_power_se(1, 1.5 * sqrt(2.0 / 20), 38, 0.05, 0),
               0.53775732421493827, 1e-9);
    CHECK_NEAR(ssp_mde_se(0.611, 3.77, 0.05, 0.8, 0), 2.3483294229765934, 1e-9);
    CHECK_NEAR(ssp_mde_se(2.33, 2.98, 0.05, 0.8, 0), 9.950951830543282, 1e-9);
    CHECK_NEAR(ssp_mde_se(0.383, 8.04, 0.05, 0.8, 0), 1.2250578068365512, 1e-9);
    CHECK_NEAR(ssp_mde_se(0.3, 40, 0.05, 0.9, 0), 0.99668297786221927, 1e-9);
    CHECK_NEAR(ssp_mde_se(1.1, 8.04, 0.1, 0.8, 0), 2.9980328822094844, 1e-9);
    CHECK_NEAR(ssp_mde_se(0.94682, 7.98, 0.05, 0.8, 3.5), 4.4650491181712137,
               1e-9);
    CHECK(isnan(ssp_power_se(1, 0, 10, 0.05, 0)));
    CHECK(isnan(ssp_power_se(1, 1, 0, 0.05, 0)));
    CHECK(isnan(ssp_power_se(1, 1, 10, 0.05, -1)));
    CHECK(isnan(ssp_mde_se(1, 10, 0.05, 0.02, 0)));
    CHECK(isnan(ssp_mde_se(1, 10, 0.05, 1, 0)));
}

int main(void)
{
    static const struct test tests[] = {T(pnt_as_r), T(solve_as_r),
                                        T(solve_refuses), T(names),
                                        T(power_se_as_r)};
    return run_tests(tests, sizeof tests / sizeof tests[0]);
}
