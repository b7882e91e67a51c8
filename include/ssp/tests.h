/* tests.h: inferential statistics, as R computes them. */
#ifndef SSP_TESTS_H
#define SSP_TESTS_H

#include <stddef.h>

#include "ssp/ssp.h"

typedef enum ssp_alternative {
    SSP_TWO_SIDED, SSP_LESS, SSP_GREATER
} ssp_alternative;

/* The paired comparison of pre and post (diff = post - pre). NaN marks
 * what is undefined, as R leaves it NA. */
typedef struct ssp_paired {
    size_t n;
    double mean_pre, mean_post, mean_diff, sd_diff, ci_low, ci_high, t, df, p;
    double dz, g, wilcoxon_v, wilcoxon_p;
    double improved, worsened, unchanged;
} ssp_paired;

/* pre and post hold n pairs (rows with a missing value already left out).
 * As R's t.test(post, pre, paired = TRUE) and wilcox.test(post, pre,
 * paired = TRUE) (exact when fewer than 50 nonzero differences and no ties
 * or zeros, else normal with continuity and tie correction); dz =
 * mean/sd of the differences, g = dz times the exact small-sample factor
 * J. improved / worsened count changes in the better direction of at
 * least mcid (greater than 0 when mcid is 0). Returns SSP_OK or
 * SSP_EINTERNAL (no memory). */
ssp_status ssp_test_paired(const double *pre, const double *post, size_t n,
                           ssp_alternative alt, double level, double mcid,
                           int lower_is_better, ssp_paired *out)
    SSP_NODISCARD;

#endif
