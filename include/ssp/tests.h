/* tests.h: inferential statistics, as R computes them. */
#ifndef SSP_TESTS_H
#define SSP_TESTS_H

#include <stddef.h>

#include "ssp/ssp.h"

typedef enum ssp_alternative {
    SSP_TWO_SIDED,
    SSP_LESS,
    SSP_GREATER
} ssp_alternative;

/* Why a result of a test is NaN where it has data: R refuses the
 * statistic (t.test and kruskal.test stop, oneway.test too) or it has no
 * finite value (Hedges' J at df 1, an effect size over a standard
 * deviation of 0). One bit each, in the notes of a result. */
enum {
    SSP_NOTE_CONSTANT = 1,       /* t-test: the data are essentially constant */
    SSP_NOTE_WELCH_ONE = 2,      /* Welch's t with a group of one value */
    SSP_NOTE_G_DF1 = 4,          /* Hedges' g at df 1 (J is 0 / 0) */
    SSP_NOTE_SD0 = 8,            /* dz or g: the standard deviation is 0 */
    SSP_NOTE_ONE_GROUP = 16,     /* anova, Kruskal-Wallis: a single group */
    SSP_NOTE_SMALL_GROUP = 32,   /* anova: a group of a single value */
    SSP_NOTE_RANKS_TIED = 64,    /* signed-rank, Mann-Whitney: no spread */
    SSP_NOTE_X_CONSTANT = 128,   /* trend: all X equal */
    SSP_NOTE_Y_CONSTANT = 256,   /* trend: all Y equal on a line */
    SSP_NOTE_ARM_EMPTY = 512,    /* ancova: an arm without a subject */
    SSP_NOTE_FEW_ROWS = 1024,    /* ancova: n not above the parameters */
    SSP_NOTE_RANK = 2048,        /* ancova: a constant or collinear column */
    SSP_NOTE_ONE_CLUSTER = 4096, /* ancova: a single cluster */
    SSP_NOTE_CR2_DF = 8192,      /* ancova: no Satterthwaite df */
    SSP_NOTE_NO_CONVERGE = 16384,     /* mmrm: REML did not converge */
    SSP_NOTE_OUTCOME_CONSTANT = 32768 /* mmrm: every outcome equal */
};

/* The sentence of one note bit, e.g. "t, df, p, ci_low and ci_high are NA:
 * the data are essentially constant (R's t.test stops)"; NULL for an
 * unknown bit. Static. */
const char *ssp_test_note(unsigned bit);

/* The paired comparison of pre and post (diff = post - pre). NaN marks
 * what is undefined, as R leaves it NA; notes tells why where there were
 * two pairs or more (SSP_NOTE_*). */
typedef struct ssp_paired {
    size_t n;
    double mean_pre, mean_post, mean_diff, sd_diff, ci_low, ci_high, t, df, p;
    double dz, g, wilcoxon_v, wilcoxon_p;
    double improved, worsened, unchanged;
    unsigned notes;
} ssp_paired;

/* pre and post hold n pairs (rows with a missing value already left out).
 * As R's t.test(post, pre, paired = TRUE) and wilcox.test(post, pre,
 * paired = TRUE) (exact when fewer than 50 nonzero differences and no ties
 * or zeros, else normal with continuity and tie correction); dz =
 * mean/sd of the differences, g = dz times the exact small-sample factor
 * J (NaN with a note where the differences are essentially constant, and
 * g at df 1, where J = Gamma(1/2) / (sqrt(1/2) Gamma(0)) is undefined).
 * improved / worsened count changes in the better direction of at
 * least mcid (greater than 0 when mcid is 0). Returns SSP_OK or
 * SSP_EINTERNAL (no memory). */
ssp_status ssp_test_paired(const double *pre, const double *post, size_t n,
                           ssp_alternative alt, double level, double mcid,
                           int lower_is_better, ssp_paired *out) SSP_NODISCARD;

/* Two independent samples: Welch's (or Student's) t and Mann-Whitney. */
typedef struct ssp_twosample {
    size_t n1, n2;
    double mean1, mean2, mean_diff, ci_low, ci_high, t, df, p, g;
    double mw_w, mw_p;
    unsigned notes; /* SSP_NOTE_* */
} ssp_twosample;

/* x (n1 values) against y (n2), mean_diff = mean1 - mean2: as R's
 * t.test(x, y, var.equal) (NA where R stops: Welch with a sample of one,
 * essentially constant data) and wilcox.test(x, y) (W as R reports it;
 * exact when both samples are under 50 without ties, else normal with
 * continuity and tie correction); g = mean_diff over the pooled standard
 * deviation times J(n1 + n2 - 2) (NaN with a note at n1 + n2 - 2 = 1 or a
 * pooled deviation of 0, or where the t-test is refused as constant).
 * Returns SSP_OK. */
ssp_status ssp_test_twosample(const double *x, size_t n1, const double *y,
                              size_t n2, ssp_alternative alt, double level,
                              int var_equal, ssp_twosample *out) SSP_NODISCARD;

/* One-way comparison of k groups: ANOVA and Kruskal-Wallis. */
typedef struct ssp_anova {
    size_t k, n;
    double f, df1, df2, p, kw_h, kw_df, kw_p;
    unsigned notes; /* SSP_NOTE_* */
} ssp_anova;

/* x[i] of group g[i] (0 .. k-1, every group with a value), n values: as
 * R's oneway.test(var.equal = TRUE) (f and p NA when a group has fewer
 * than two values; F infinite and p 0 with no variance within groups)
 * and kruskal.test (H with the tie correction; f, p, kw_h and kw_p NaN
 * with a note for a single group, where R stops). Returns SSP_OK or
 * SSP_EINTERNAL (no memory). */
ssp_status ssp_test_anova(const double *x, const size_t *g, size_t n, size_t k,
                          ssp_anova *out) SSP_NODISCARD;

/* Least-squares line y = intercept + slope x. */
typedef struct ssp_trend {
    size_t n;
    double slope, intercept, slope_se, ci_low, ci_high, t, p, r2;
    unsigned notes; /* SSP_NOTE_* */
} ssp_trend;

/* As R's lm(y ~ x) and confint at level, from centred sums (so an offset
 * of x costs no precision); an exact fit gives se 0, t infinite, p 0. All
 * x equal: the slope and its statistics NA, intercept the mean of y, r2
 * 0. */
void ssp_test_trend(const double *y, const double *x, size_t n, double level,
                    ssp_trend *out);

/* The r x c table of counts t (row-major, every row and column sum
 * above 0): Pearson's chi-square as R's chisq.test (with yates and a 2x2
 * table, the continuity correction min(0.5, min |O - E|)), and for a 2x2
 * table the two-sided p of Fisher's exact test as R's fisher.test (else
 * NA). A table of one row or column gives NA with df 0. Returns SSP_OK,
 * or SSP_EINTERNAL out of memory. */
ssp_status ssp_test_chisq(const double *t, size_t r, size_t c, int yates,
                          double *chisq, double *df, double *p,
                          double *fisher_p) SSP_NODISCARD;

/* Confidence interval methods for a proportion. */
typedef enum ssp_prop_method {
    SSP_PROP_WILSON,
    SSP_PROP_EXACT,
    SSP_PROP_JEFFREYS
} ssp_prop_method;

/* x successes of n trials (0 <= x <= n, n >= 1): the estimate x/n, its
 * interval at level by method (Wilson as R's prop.test(x, n, correct =
 * FALSE), exact as binom.test (Clopper-Pearson), Jeffreys as qbeta(., x +
 * 0.5, n - x + 0.5); 0 at x = 0 and 1 at x = n; one-sided with alt less
 * or greater, as R's), and the p of the exact binomial test against p0, as
 * R's binom.test. */
void ssp_test_prop(double x, double n, ssp_prop_method method, double p0,
                   ssp_alternative alt, double level, double *estimate,
                   double *ci_low, double *ci_high, double *p);

/* events over exposure (events a whole number >= 0, exposure > 0), times
 * per: the rate and its exact Poisson (Garwood) two-sided interval, as R's
 * poisson.test(events, exposure)$conf.int * per. */
void ssp_test_rate(double events, double exposure, double per, double level,
                   double *rate, double *ci_low, double *ci_high);

/* The baseline-adjusted comparison of two arms (ssp test ancova). */
typedef struct ssp_ancova {
    size_t n, n1, n2, clusters;
    double estimate, se, ci_low, ci_high, t, df, p, adj_mean1, adj_mean2;
    double se_model, icc, design_effect;
    unsigned notes; /* SSP_NOTE_* */
} ssp_ancova;

/* Least squares of y on an intercept, arm (arm[i] nonzero: level A, n1
 * rows; else B, n2) and k covariates (cov, n rows of k, the baseline
 * first), as R's lm(y ~ arm + baseline + ...): estimate is the arm
 * coefficient (A - B), adj_mean1 and adj_mean2 the fitted values of A and
 * B at the covariate means (emmeans), se_model the model-based se. With
 * cl (cl[i] the cluster 0 .. m-1 of row i, every cluster with a row), se
 * is CR2 with Satterthwaite df, as clubSandwich's coef_test(vcov =
 * "CR2", test = "Satterthwaite"), and icc the one-way ANOVA estimator
 * of y's intraclass correlation, design_effect 1 + (n/m - 1) max(icc, 0); else
 * se = se_model with df n - k - 2. The interval is at level (two-sided).
 * Degenerate input leaves NaN with a note: an empty arm, n <= k + 2, a
 * constant or collinear covariate, one cluster. Returns SSP_OK or
 * SSP_EINTERNAL (no memory). */
ssp_status ssp_test_ancova(const double *y, const unsigned char *arm,
                           const double *cov, size_t k, const size_t *cl,
                           size_t m, size_t n, double level,
                           ssp_ancova *out) SSP_NODISCARD;

/* The mixed model for repeated measures (ssp test mmrm). */
#define SSP_MMRM_MAX_VISITS 12

typedef struct ssp_mmrm_visit {
    size_t n; /* subjects observed at the visit */
    double estimate, se, df, ci_low, ci_high, t, p;
} ssp_mmrm_visit;

typedef struct ssp_mmrm {
    size_t n, subjects, visits; /* observations, subjects, visits */
    int iterations;             /* Newton steps of the REML fit */
    unsigned notes;             /* SSP_NOTE_* */
} ssp_mmrm;

/* n observations y[i] of subject subject[i] (0 .. ns-1) at visit
 * visit[i] (0 .. nv-1, 1 <= nv <= SSP_MMRM_MAX_VISITS), at most one per
 * subject and visit, arm[i] (nonzero: level A) and base[i] the subject's
 * baseline (both constant within a subject): the fit of R's
 * nlme::gls(y ~ 0 + visit + visit:arm + visit:base, correlation =
 * corSymm(form = ~ v | id), weights = varIdent(form = ~ 1 | v), method =
 * "REML"), an unstructured covariance over the visits. vout[v] (nv of
 * them) is the arm coefficient at visit v (A - B, adjusted for the
 * baseline), its model-based se, the t test on N - p residual df (N
 * observations, p = 3 nv coefficients), as gls's summary and intervals
 * give them, the interval at level. Degenerate input leaves NaN with a
 * note in out->notes: an arm without an observation at some visit, n
 * not above the fixed and covariance parameters, a constant or collinear
 * baseline, a constant outcome, or a REML fit that does not converge. Returns
 * SSP_OK, SSP_EUSAGE (two observations of one subject at one visit) or
 * SSP_EINTERNAL (no memory, nv out of range). */
ssp_status ssp_test_mmrm(const double *y, const size_t *subject,
                         const size_t *visit, const unsigned char *arm,
                         const double *base, size_t n, size_t ns, size_t nv,
                         double level, ssp_mmrm *out,
                         ssp_mmrm_visit *vout) SSP_NODISCARD;

#endif
