/* test_ancova.c: ssp_test_ancova on a small clustered set whose values R
 * gave (lm, emmeans, clubSandwich 0.5.8 coef_test CR2 Satterthwaite; the
 * example of ssp-test(1)), and its degenerate input: NaN with a note. */
#include <math.h>
#include <stdlib.h>

#include "ssp/tests.h"
#include "test.h"

/* site a..d, arm (1 intervention), pre, post */
static const size_t cl[10] = {0, 0, 0, 1, 1, 1, 2, 2, 3, 3};
static const unsigned char arm[10] = {1, 0, 1, 0, 1, 0, 1, 0, 1, 0};
static const double pre[10] = {20, 22, 18, 25, 21, 19, 23, 20, 17, 24};
static const double post[10] = {24, 22, 23, 24, 25, 18, 27, 21, 21, 23};

static void cr2_matches_clubsandwich(void)
{
    ssp_ancova r;
    CHECK(ssp_test_ancova(post, arm, pre, 1, cl, 4, 10, 0.95, &r) == SSP_OK);
    CHECK(r.notes == 0 && r.n == 10 && r.n1 == 5 && r.n2 == 5 &&
          r.clusters == 4);
    CHECK_NEAR(r.estimate, 4.338524590163932, 1e-9);
    CHECK_NEAR(r.se, 0.563057639700583, 1e-9);
    CHECK_NEAR(r.df, 1.864486055962045, 1e-9);
    CHECK_NEAR(r.p, 0.01996020236975288, 1e-9);
    CHECK_NEAR(r.se_model, 0.4858886140153696, 1e-9);
    CHECK_NEAR(r.adj_mean1 - r.adj_mean2, r.estimate, 1e-12);
}

static void model_based_without_cluster(void)
{
    ssp_ancova r;
    CHECK(ssp_test_ancova(post, arm, pre, 1, NULL, 0, 10, 0.95, &r) == SSP_OK);
    CHECK(r.notes == 0 && r.clusters == 0 && r.df == 7);
    CHECK(r.se == r.se_model && isnan(r.icc));
}

static void degenerate_is_nan_with_a_note(void)
{
    ssp_ancova r;
    static const unsigned char one_arm[10] = {1, 1, 1, 1, 1, 1, 1, 1, 1, 1};
    CHECK(ssp_test_ancova(post, one_arm, pre, 1, NULL, 0, 10, 0.95, &r) ==
          SSP_OK);
    CHECK(r.notes == SSP_NOTE_ARM_EMPTY && isnan(r.estimate) && isnan(r.p));
    static const double flat[10] = {0.1, 0.1, 0.1, 0.1, 0.1,
                                    0.1, 0.1, 0.1, 0.1, 0.1};
    CHECK(ssp_test_ancova(post, arm, flat, 1, NULL, 0, 10, 0.95, &r) == SSP_OK);
    CHECK(r.notes == SSP_NOTE_RANK && isnan(r.estimate) && isnan(r.se));
    CHECK(ssp_test_ancova(post, arm, pre, 1, NULL, 0, 3, 0.95, &r) == SSP_OK);
    CHECK(r.notes == SSP_NOTE_FEW_ROWS && isnan(r.estimate));
    static const size_t one[10] = {0};
    CHECK(ssp_test_ancova(post, arm, pre, 1, one, 1, 10, 0.95, &r) == SSP_OK);
    CHECK(r.notes == SSP_NOTE_ONE_CLUSTER && !isnan(r.estimate) &&
          isnan(r.se) && isnan(r.df) && isnan(r.p) && isnan(r.icc));
    /* a covariate that is the baseline again: collinear */
    double two[20];
    for (size_t i = 0; i < 10; i++)
        two[2 * i] = two[2 * i + 1] = pre[i];
    CHECK(ssp_test_ancova(post, arm, two, 2, NULL, 0, 10, 0.95, &r) == SSP_OK);
    CHECK(r.notes == SSP_NOTE_RANK && isnan(r.estimate));
    for (unsigned bit = SSP_NOTE_ARM_EMPTY; bit <= SSP_NOTE_CR2_DF; bit <<= 1)
        CHECK(ssp_test_note(bit) != NULL);
}

static const struct test tests[] = {
    T(cr2_matches_clubsandwich),
    T(model_based_without_cluster),
    T(degenerate_is_nan_with_a_note),
};
TEST_MAIN(tests)
