/* tests.c: paired t and Wilcoxon signed-rank tests, proportions and
 * rates, matching R. */
#include <float.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_sf_gamma.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ssp/tests.h"

/* R's mean(): a long double sum over n, then corrected by the mean of the
 * residuals. */
static double mean_of(const double *x, size_t n)
{
    long double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    s /= (long double)n;
    long double t = 0;
    for (size_t i = 0; i < n; i++)
        t += x[i] - s;
    return (double)(s + t / (long double)n);
}

/* Two-pass sample variance about m. */
static double var_of(const double *x, size_t n, double m)
{
    long double s = 0;
    for (size_t i = 0; i < n; i++)
        s += ((long double)x[i] - m) * ((long double)x[i] - m);
    return (double)(s / (long double)(n - 1));
}

/* The t statistic est/se on df degrees of freedom, its p and interval,
 * computed as R's t.test does. */
static void t_test(double est, double se, double df, ssp_alternative alt,
                   double level, double *t, double *p, double *lo, double *hi)
{
    *t = est / se;
    if (alt == SSP_TWO_SIDED) {
        double q = gsl_cdf_tdist_Qinv((1 - level) / 2, df);
        *p = 2 * gsl_cdf_tdist_Q(fabs(*t), df);
        *lo = (*t - q) * se;
        *hi = (*t + q) * se;
    } else if (alt == SSP_LESS) {
        *p = gsl_cdf_tdist_P(*t, df);
        *lo = -INFINITY;
        *hi = (*t + gsl_cdf_tdist_Qinv(1 - level, df)) * se;
    } else {
        *p = gsl_cdf_tdist_Q(*t, df);
        *lo = (*t - gsl_cdf_tdist_Qinv(1 - level, df)) * se;
        *hi = INFINITY;
    }
}

const char *ssp_test_note(unsigned bit)
{
    switch (bit) {
    case SSP_NOTE_CONSTANT:
        return "t, p, ci_low and ci_high are NA: the data are essentially "
               "constant (R's t.test stops)";
    case SSP_NOTE_WELCH_ONE:
        return "t, df, p, ci_low and ci_high are NA: too few values (Welch's "
               "t-test needs two in each group, Student's three in all; R's "
               "t.test stops)";
    case SSP_NOTE_G_DF1:
        return "g is NA: Hedges' correction J is undefined at df = 1 "
               "(Gamma(0) in its denominator)";
    case SSP_NOTE_SD0:
        return "the effect sizes (dz, g) are NA: the standard deviation is "
               "0 or the data essentially constant";
    case SSP_NOTE_ONE_GROUP:
        return "f, p, kw_h and kw_p are NA: all values are in one group "
               "(R's oneway.test and kruskal.test stop)";
    case SSP_NOTE_SMALL_GROUP:
        return "f and p are NA: a group has a single value (R's oneway.test "
               "stops)";
    case SSP_NOTE_RANKS_TIED:
        return "the rank test's p is NA: every difference is 0, or every "
               "value tied (R's wilcox.test gives NaN)";
    case SSP_NOTE_X_CONSTANT:
        return "the slope and its statistics are NA: all X are equal (R's lm "
               "drops the slope)";
    case SSP_NOTE_Y_CONSTANT:
        return "t, p and r2 are NA: all Y are equal (R's summary.lm gives "
               "NaN)";
    case SSP_NOTE_ARM_EMPTY:
        return "the estimate and its statistics are NA: an arm has no "
               "subject";
    case SSP_NOTE_FEW_ROWS:
        return "the estimate and its statistics are NA: n is not above the "
               "number of parameters (arm, baseline, covariates, intercept)";
    case SSP_NOTE_RANK:
        return "the estimate and its statistics are NA: the baseline or a "
               "covariate is constant or collinear (R's lm drops it)";
    case SSP_NOTE_ONE_CLUSTER:
        return "se, t, df, p, ci_low and ci_high are NA: a single cluster "
               "(no cluster-robust variance)";
    case SSP_NOTE_CR2_DF:
        return "t, df, p, ci_low and ci_high are NA: the CR2 variance or its "
               "Satterthwaite df is 0 or undefined";
    case SSP_NOTE_OUTCOME_CONSTANT:
        return "the estimates and their statistics are NA: every outcome is "
               "the same (no variance to model; R's gls stops)";
    case SSP_NOTE_NO_CONVERGE:
        return "the estimates and their statistics are NA: the REML fit of "
               "the covariance did not converge";
    default: return NULL;
    }
}

/* Hedges' small-sample factor J(df), df >= 2 (at df = 1 it is
 * Gamma(1/2) / (sqrt(1/2) Gamma(0)), undefined: the caller gives NA). */
static double hedges_j(double df)
{
    return exp(gsl_sf_lngamma(df / 2) - log(sqrt(df / 2)) -
               gsl_sf_lngamma((df - 1) / 2));
}

static int cmp_abs(const void *a, const void *b)
{
    double x = fabs(*(const double *)a), y = fabs(*(const double *)b);
    return (x > y) - (x < y);
}

/* P(V <= q) of the signed-rank statistic with n nonzero differences, as
 * R's psignrank: counts of subsets of 1..n by their sum. */
static double psignrank(double q, size_t n, int *oom)
{
    size_t max = n * (n + 1) / 2;
    if (q < 0)
        return 0;
    if (q >= (double)max)
        return 1;
    double *w = calloc(max + 1, sizeof *w);
    if (!w) {
        *oom = 1;
        return NAN;
    }
    w[0] = 1;
    for (size_t k = 1; k <= n; k++)
        for (size_t s = k * (k + 1) / 2; s >= k; s--) {
            w[s] += w[s - k];
            if (s == k)
                break;
        }
    double p = 0, total = ldexp(1, (int)n);
    for (size_t s = 0; s <= (size_t)floor(q + 1e-7); s++)
        p += w[s];
    free(w);
    return p / total;
}

/* The p of a rank statistic's deviation z from its mean with standard
 * deviation sigma, normal with R's continuity correction; NA when both
 * are 0 (two-sided). */
static double normal_p(double z, double sigma, ssp_alternative alt)
{
    double corr = alt == SSP_TWO_SIDED ? (z > 0   ? 0.5
                                          : z < 0 ? -0.5
                                                  : 0)
                  : alt == SSP_GREATER ? 0.5
                                       : -0.5;
    z = (z - corr) / sigma;
    if (isnan(z))
        return NAN;
    if (alt == SSP_TWO_SIDED)
        return 2 * fmin(gsl_cdf_ugaussian_P(z), gsl_cdf_ugaussian_Q(z));
    return alt == SSP_LESS ? gsl_cdf_ugaussian_P(z) : gsl_cdf_ugaussian_Q(z);
}

static void wilcoxon(const double *d, size_t n, ssp_alternative alt,
                     double *v_out, double *p_out, int *oom)
{
    double *x = malloc((n + 1) * sizeof *x);
    size_t m = 0;
    int zeros = 0;
    if (!x) {
        *v_out = *p_out = NAN;
        *oom = 1;
        return;
    }
    for (size_t i = 0; i < n; i++) {
        if (d[i] != 0)
            x[m++] = d[i];
        else
            zeros = 1;
    }
    qsort(x, m, sizeof *x, cmp_abs);
    /* ranks of |x|, ties averaged; V the sum over positive x */
    double v = 0, ties = 0;
    int has_ties = 0;
    for (size_t i = 0; i < m;) {
        size_t j = i + 1;
        while (j < m && fabs(x[j]) == fabs(x[i]))
            j++;
        double rank = (double)(i + 1 + j) / 2, t = (double)(j - i);
        if (t > 1) {
            has_ties = 1;
            ties += t * t * t - t;
        }
        for (size_t k = i; k < j; k++)
            if (x[k] > 0)
                v += rank;
        i = j;
    }
    free(x);
    double nn = (double)m;
    *v_out = v;
    if (m < 50 && !has_ties && !zeros) {
        double p;
        if (alt == SSP_TWO_SIDED) {
            p = v > nn * (nn + 1) / 4 ? 1 - psignrank(v - 1, m, oom)
                                      : psignrank(v, m, oom);
            p = fmin(1, 2 * p);
        } else if (alt == SSP_LESS) {
            p = psignrank(v, m, oom);
        } else {
            p = 1 - psignrank(v - 1, m, oom);
        }
        *p_out = p;
        return;
    }
    *p_out = normal_p(v - nn * (nn + 1) / 4,
                      sqrt(nn * (nn + 1) * (2 * nn + 1) / 24 - ties / 48), alt);
}

ssp_status ssp_test_paired(const double *pre, const double *post, size_t n,
                           ssp_alternative alt, double level, double mcid,
                           int lower_is_better, ssp_paired *o)
{
    double *d = malloc((n + 1) * sizeof *d);
    if (!d)
        return SSP_EINTERNAL;
    for (size_t i = 0; i < n; i++)
        d[i] = post[i] - pre[i];
    o->n = n;
    o->mean_pre = n ? mean_of(pre, n) : NAN;
    o->mean_post = n ? mean_of(post, n) : NAN;
    o->mean_diff = n ? mean_of(d, n) : NAN;
    o->sd_diff = o->ci_low = o->ci_high = o->t = o->df = o->p = NAN;
    o->dz = o->g = o->wilcoxon_v = o->wilcoxon_p = NAN;
    o->improved = o->worsened = o->unchanged = NAN;
    o->notes = 0;
    if (n < 2) {
        free(d);
        return SSP_OK;
    }
    double m = o->mean_diff, df = (double)(n - 1);
    o->sd_diff = sqrt(var_of(d, n, m));
    o->df = df;
    double se = o->sd_diff / sqrt((double)n);
    /* t.test refuses "essentially constant" data; all zeros give 0/0.
     * dz and g then have no value either (m / 0, or m over rounding
     * noise), and g none at df = 1. */
    if (se > 0 && !(se < 10 * DBL_EPSILON * fabs(m))) {
        t_test(m, se, df, alt, level, &o->t, &o->p, &o->ci_low, &o->ci_high);
        o->dz = m / o->sd_diff;
        if (df >= 2)
            o->g = o->dz * hedges_j(df);
        else
            o->notes |= SSP_NOTE_G_DF1;
    } else {
        o->notes |= SSP_NOTE_CONSTANT | SSP_NOTE_SD0;
    }
    int oom = 0;
    wilcoxon(d, n, alt, &o->wilcoxon_v, &o->wilcoxon_p, &oom);
    if (oom) {
        free(d);
        return SSP_EINTERNAL;
    }
    if (isnan(o->wilcoxon_p))
        o->notes |= SSP_NOTE_RANKS_TIED;
    double imp = 0, wor = 0, unc = 0;
    for (size_t i = 0; i < n; i++) {
        double c = lower_is_better ? -d[i] : d[i];
        if (mcid > 0 ? c >= mcid : c > 0)
            imp++;
        else if (mcid > 0 ? c <= -mcid : c < 0)
            wor++;
        else
            unc++;
    }
    o->improved = imp;
    o->worsened = wor;
    o->unchanged = unc;
    free(d);
    return SSP_OK;
}

/* R's binom.test(x, n, p0)$p.value, two-sided: the outcomes no more
 * likely than x (with R's relative tolerance 1e-7) on the other side. */
static double binom_p(double x, double n, double p0)
{
    unsigned ux = (unsigned)x, un = (unsigned)n;
    double d = gsl_ran_binomial_pdf(ux, p0, un) * (1 + 1e-7), m = n * p0, p;
    if (x == m)
        return 1;
    if (x < m) {
        unsigned y = 0;
        for (unsigned i = (unsigned)ceil(m); i <= un; i++)
            y += gsl_ran_binomial_pdf(i, p0, un) <= d;
        p = gsl_cdf_binomial_P(ux, p0, un) +
            (y > 0 ? gsl_cdf_binomial_Q(un - y, p0, un) : 0);
    } else {
        unsigned y = 0;
        for (unsigned i = 0; i <= (unsigned)floor(m); i++)
            y += gsl_ran_binomial_pdf(i, p0, un) <= d;
        p = (y > 0 ? gsl_cdf_binomial_P(y - 1, p0, un) : 0) +
            (ux > 0 ? gsl_cdf_binomial_Q(ux - 1, p0, un) : 1);
    }
    return fmin(1, p);
}

/* The p quantile of Beta(a, b): GSL's, or where its Newton iteration
 * fails (large a and b far in a tail) bisection on the distribution
 * function to the last bits. */
static double qbeta(double p, double a, double b)
{
    double x = gsl_cdf_beta_Pinv(p, a, b), lo = 0, hi = 1;
    if (!isnan(x))
        return x;
    for (int i = 0; i < 2000 && hi - lo > DBL_EPSILON * hi; i++) {
        double mid = lo + (hi - lo) / 2;
        if (gsl_cdf_beta_P(mid, a, b) < p)
            lo = mid;
        else
            hi = mid;
    }
    return lo + (hi - lo) / 2;
}

void ssp_test_prop(double x, double n, ssp_prop_method method, double p0,
                   ssp_alternative alt, double level, double *estimate,
                   double *ci_low, double *ci_high, double *p)
{
    /* a one-sided interval puts all of 1 - level at its one end */
    double a = alt == SSP_TWO_SIDED ? (1 - level) / 2 : 1 - level, e = x / n;
    *estimate = e;
    if (alt == SSP_TWO_SIDED)
        *p = binom_p(x, n, p0);
    else if (alt == SSP_LESS)
        *p = gsl_cdf_binomial_P((unsigned)x, p0, (unsigned)n);
    else
        *p = x > 0 ? gsl_cdf_binomial_Q((unsigned)x - 1, p0, (unsigned)n) : 1;
    if (method == SSP_PROP_WILSON) {
        double z = gsl_cdf_ugaussian_Pinv(1 - a);
        double z22n = z * z / (2 * n);
        double r = z * sqrt(e * (1 - e) / n + z22n / (2 * n));
        *ci_high = e >= 1 ? 1 : (e + z22n + r) / (1 + 2 * z22n);
        *ci_low = e <= 0 ? 0 : (e + z22n - r) / (1 + 2 * z22n);
    } else {
        double s = method == SSP_PROP_EXACT ? 0 : 0.5;
        *ci_low = x == 0 ? 0 : qbeta(a, x + s, n - x + 1 - s);
        *ci_high = x == n ? 1 : qbeta(1 - a, x + 1 - s, n - x + s);
    }
    if (alt == SSP_LESS)
        *ci_low = 0;
    else if (alt == SSP_GREATER)
        *ci_high = 1;
}

void ssp_test_rate(double events, double exposure, double per, double level,
                   double *rate, double *ci_low, double *ci_high)
{
    double a = (1 - level) / 2;
    *rate = events / exposure * per;
    *ci_low =
        events == 0 ? 0 : gsl_cdf_gamma_Pinv(a, events, 1) / exposure * per;
    *ci_high = gsl_cdf_gamma_Pinv(1 - a, events + 1, 1) / exposure * per;
}

/* P(W <= q) of the Mann-Whitney statistic for samples of m and n, as R's
 * pwilcox: counts of the m-subsets of ranks 1..m+n by their sum. */
static double pwilcox(double q, size_t m, size_t n, int *oom)
{
    size_t big = m + n, top = m * (2 * big - m + 1) / 2;
    if (q < 0)
        return 0;
    if (q >= (double)(m * n))
        return 1;
    double *w = calloc((m + 1) * (top + 1), sizeof *w);
    if (!w) {
        *oom = 1;
        return NAN;
    }
    w[0] = 1; /* w[j * (top + 1) + s]: j ranks summing to s */
    for (size_t i = 1; i <= big; i++)
        for (size_t j = i < m ? i : m; j >= 1; j--)
            for (size_t s = top; s >= i; s--)
                w[j * (top + 1) + s] += w[(j - 1) * (top + 1) + s - i];
    double below = 0, all = 0, base = (double)(m * (m + 1) / 2);
    for (size_t s = 0; s <= top; s++) {
        all += w[m * (top + 1) + s];
        if ((double)s - base <= floor(q + 1e-7))
            below += w[m * (top + 1) + s];
    }
    free(w);
    return below / all;
}

struct ranked {
    double v;
    int first;
};

static int cmp_ranked(const void *a, const void *b)
{
    double x = ((const struct ranked *)a)->v, y = ((const struct ranked *)b)->v;
    return (x > y) - (x < y);
}

/* R's wilcox.test(x, y): W = rank sum of x - m(m+1)/2; exact when both
 * samples are under 50 and there are no ties, else normal with continuity
 * and tie correction. */
static void mann_whitney(const double *x, size_t m, const double *y, size_t n,
                         ssp_alternative alt, double *w_out, double *p_out,
                         int *oom)
{
    size_t big = m + n;
    struct ranked *r = malloc(big * sizeof *r);
    *w_out = *p_out = NAN;
    if (!r) {
        *oom = 1;
        return;
    }
    for (size_t i = 0; i < big; i++)
        r[i] = (struct ranked){i < m ? x[i] : y[i - m], i < m};
    qsort(r, big, sizeof *r, cmp_ranked);
    double w = 0, ties = 0;
    for (size_t i = 0; i < big;) {
        size_t j = i + 1;
        while (j < big && r[j].v == r[i].v)
            j++;
        double rank = (double)(i + 1 + j) / 2, t = (double)(j - i);
        ties += t * t * t - t;
        for (size_t k = i; k < j; k++)
            if (r[k].first)
                w += rank;
        i = j;
    }
    free(r);
    double dm = (double)m, dn = (double)n, N = dm + dn;
    w -= dm * (dm + 1) / 2;
    *w_out = w;
    if (m < 50 && n < 50 && ties == 0) {
        double lo = pwilcox(w, m, n, oom), hi = 1 - pwilcox(w - 1, m, n, oom);
        *p_out = alt == SSP_LESS ? lo
                 : alt == SSP_GREATER
                     ? hi
                     : fmin(1, 2 * (w > dm * dn / 2 ? hi : lo));
        return;
    }
    *p_out = normal_p(w - dm * dn / 2,
                      sqrt(dm * dn / 12 * (N + 1 - ties / (N * (N - 1)))), alt);
}

ssp_status ssp_test_twosample(const double *x, size_t n1, const double *y,
                              size_t n2, ssp_alternative alt, double level,
                              int var_equal, ssp_twosample *o)
{
    double d1 = (double)n1, d2 = (double)n2;
    o->n1 = n1;
    o->n2 = n2;
    o->mean1 = n1 ? mean_of(x, n1) : NAN;
    o->mean2 = n2 ? mean_of(y, n2) : NAN;
    o->mean_diff = o->mean1 - o->mean2;
    o->ci_low = o->ci_high = o->t = o->df = o->p = NAN;
    o->g = o->mw_w = o->mw_p = NAN;
    o->notes = 0;
    if (!n1 || !n2)
        return SSP_OK;
    double v1 = n1 > 1 ? var_of(x, n1, o->mean1) : NAN;
    double v2 = n2 > 1 ? var_of(y, n2, o->mean2) : NAN;
    /* pooled variance; a sample of one adds nothing */
    double dfp = d1 + d2 - 2, sp2 = 0;
    if (n1 > 1)
        sp2 += (d1 - 1) * v1;
    if (n2 > 1)
        sp2 += (d2 - 1) * v2;
    sp2 /= dfp;
    double se = NAN, df = NAN;
    if (var_equal && dfp > 0) {
        se = sqrt(sp2 * (1 / d1 + 1 / d2));
        df = dfp;
    } else if (!var_equal && n1 > 1 && n2 > 1) {
        double s1 = v1 / d1, s2 = v2 / d2;
        se = sqrt(s1 + s2);
        df = (s1 + s2) * (s1 + s2) / (s1 * s1 / (d1 - 1) + s2 * s2 / (d2 - 1));
    }
    int constant = !(sp2 > 0) ||
                   sqrt(sp2 * (1 / d1 + 1 / d2)) <
                       10 * DBL_EPSILON * fmax(fabs(o->mean1), fabs(o->mean2));
    if (se > 0 &&
        !(se < 10 * DBL_EPSILON * fmax(fabs(o->mean1), fabs(o->mean2)))) {
        o->df = df;
        t_test(o->mean_diff, se, df, alt, level, &o->t, &o->p, &o->ci_low,
               &o->ci_high);
    } else if ((!var_equal && (n1 < 2 || n2 < 2)) || dfp <= 0) {
        o->notes |= SSP_NOTE_WELCH_ONE;
    } else {
        o->notes |= SSP_NOTE_CONSTANT;
    }
    /* g over a pooled deviation of 0 (or rounding noise) has no value,
     * nor at df = 1, where J is undefined */
    if (dfp <= 0)
        ; /* no pooled deviation at all: the note above says so */
    else if (constant)
        o->notes |= SSP_NOTE_SD0;
    else if (dfp < 2)
        o->notes |= SSP_NOTE_G_DF1;
    else
        o->g = o->mean_diff / sqrt(sp2) * hedges_j(dfp);
    int oom = 0;
    mann_whitney(x, n1, y, n2, alt, &o->mw_w, &o->mw_p, &oom);
    if (oom)
        return SSP_EINTERNAL;
    if (isnan(o->mw_p))
        o->notes |= SSP_NOTE_RANKS_TIED;
    return SSP_OK;
}

struct valued {
    double v;
    size_t g;
};

static int cmp_valued(const void *a, const void *b)
{
    double x = ((const struct valued *)a)->v, y = ((const struct valued *)b)->v;
    return (x > y) - (x < y);
}

ssp_status ssp_test_anova(const double *x, const size_t *g, size_t n, size_t k,
                          ssp_anova *o)
{
    double *sum = calloc(k + 1, sizeof *sum), *cnt = calloc(k + 1, sizeof *cnt);
    double *mean = calloc(k + 1, sizeof *mean), *ss = calloc(k + 1, sizeof *ss);
    struct valued *r = malloc((n + 1) * sizeof *r);
    ssp_status st = SSP_EINTERNAL;
    if (!sum || !cnt || !mean || !ss || !r)
        goto out;
    o->k = k;
    o->n = n;
    o->df1 = o->kw_df = (double)k - 1;
    o->df2 = (double)n - (double)k;
    o->f = o->p = NAN;
    o->notes = 0;
    /* group means as R's mean(), then sums of squares about them */
    for (size_t i = 0; i < n; i++) {
        sum[g[i]] += x[i];
        cnt[g[i]]++;
    }
    int small = 0;
    for (size_t j = 0; j < k; j++) {
        mean[j] = sum[j] / cnt[j];
        small |= cnt[j] < 2;
        sum[j] = 0;
    }
    for (size_t i = 0; i < n; i++)
        sum[g[i]] += x[i] - mean[g[i]];
    for (size_t j = 0; j < k; j++)
        mean[j] += sum[j] / cnt[j];
    for (size_t i = 0; i < n; i++)
        ss[g[i]] += (x[i] - mean[g[i]]) * (x[i] - mean[g[i]]);
    double grand = mean_of(x, n), between = 0, within = 0;
    for (size_t j = 0; j < k; j++) {
        between += cnt[j] * (mean[j] - grand) * (mean[j] - grand);
        within += ss[j];
    }
    if (k < 2)
        o->notes |= SSP_NOTE_ONE_GROUP;
    else if (small)
        o->notes |= SSP_NOTE_SMALL_GROUP;
    if (!small && k > 1) {
        o->f = (between / o->df1) / (within / o->df2);
        o->p = isinf(o->f)   ? 0
               : isnan(o->f) ? NAN
                             : gsl_cdf_fdist_Q(o->f, o->df1, o->df2);
    }
    /* Kruskal-Wallis on the ranks of all values, ties averaged */
    for (size_t i = 0; i < n; i++)
        r[i] = (struct valued){x[i], g[i]};
    qsort(r, n, sizeof *r, cmp_valued);
    double ties = 0, h = 0, dn = (double)n;
    memset(sum, 0, (k + 1) * sizeof *sum);
    for (size_t i = 0; i < n;) {
        size_t j = i + 1;
        while (j < n && r[j].v == r[i].v)
            j++;
        double rank = (double)(i + 1 + j) / 2, t = (double)(j - i);
        ties += t * t * t - t;
        for (size_t m = i; m < j; m++)
            sum[r[m].g] += rank;
        i = j;
    }
    for (size_t j = 0; j < k; j++)
        h += sum[j] * sum[j] / cnt[j];
    /* one group: kruskal.test stops ("all observations are in the same
     * group"); H would print 0 */
    o->kw_h = k < 2 ? NAN
                    : (12 * h / (dn * (dn + 1)) - 3 * (dn + 1)) /
                          (1 - ties / (dn * dn * dn - dn));
    o->kw_p =
        isnan(o->kw_h) || k < 2 ? NAN : gsl_cdf_chisq_Q(o->kw_h, o->kw_df);
    st = SSP_OK;
out:
    free(sum);
    free(cnt);
    free(mean);
    free(ss);
    free(r);
    return st;
}

void ssp_test_trend(const double *y, const double *x, size_t n, double level,
                    ssp_trend *o)
{
    o->n = n;
    o->slope = o->intercept = o->slope_se = o->ci_low = o->ci_high = NAN;
    o->t = o->p = o->r2 = NAN;
    o->notes = 0;
    if (!n)
        return;
    double mx = mean_of(x, n), my = mean_of(y, n);
    long double sxx = 0, sxy = 0, syy = 0;
    for (size_t i = 0; i < n; i++) {
        long double dx = (long double)x[i] - mx, dy = (long double)y[i] - my;
        sxx += dx * dx;
        sxy += dx * dy;
        syy += dy * dy;
    }
    o->intercept = my;
    if (sxx == 0) {
        o->r2 = 0;
        if (n > 1)
            o->notes |= SSP_NOTE_X_CONSTANT;
        return;
    }
    long double b = sxy / sxx, rss = 0;
    for (size_t i = 0; i < n; i++) {
        long double e = ((long double)y[i] - my) - b * ((long double)x[i] - mx);
        rss += e * e;
    }
    o->slope = (double)b;
    o->intercept = (double)((long double)my - b * mx);
    long double mss = b * b * sxx;
    o->r2 = (double)(mss / (mss + rss));
    if (syy == 0)
        o->notes |= SSP_NOTE_Y_CONSTANT;
    if (n < 3)
        return;
    double df = (double)n - 2;
    o->slope_se = (double)sqrtl(rss / (long double)df / sxx);
    double q = gsl_cdf_tdist_Qinv((1 - level) / 2, df);
    o->ci_low = o->slope - q * o->slope_se;
    o->ci_high = o->slope + q * o->slope_se;
    if (o->slope_se == 0) {
        o->t = o->slope > 0 ? INFINITY : o->slope < 0 ? -INFINITY : NAN;
        o->p = o->slope != 0 ? 0 : NAN;
        return;
    }
    o->t = o->slope / o->slope_se;
    o->p = 2 * gsl_cdf_tdist_Q(fabs(o->t), df);
}

/* Fisher's exact test of [[a, b], [c, d]], two-sided as R: the
 * hypergeometric outcomes no more likely than a (tolerance 1e-7). */
static double fisher22(double a, double b, double c, double d, int *oom)
{
    double m = a + c, n = b + d, k = a + b;
    double lo = fmax(0, k - n), hi = fmin(k, m), max = -INFINITY;
    size_t len = (size_t)(hi - lo) + 1;
    double *ld = malloc(len * sizeof *ld);
    if (!ld) {
        *oom = 1;
        return NAN;
    }
    for (size_t i = 0; i < len; i++) {
        double x = lo + (double)i;
        ld[i] = gsl_sf_lnchoose((unsigned)m, (unsigned)x) +
                gsl_sf_lnchoose((unsigned)n, (unsigned)(k - x));
        max = fmax(max, ld[i]);
    }
    double all = 0, sum = 0;
    for (size_t i = 0; i < len; i++)
        all += ld[i] = exp(ld[i] - max);
    double at = ld[(size_t)(a - lo)] * (1 + 1e-7);
    for (size_t i = 0; i < len; i++)
        if (ld[i] <= at)
            sum += ld[i];
    free(ld);
    return sum / all;
}

ssp_status ssp_test_chisq(const double *t, size_t r, size_t c, int yates,
                          double *chisq, double *df, double *p,
                          double *fisher_p)
{
    *chisq = *p = *fisher_p = NAN;
    *df = (double)((r - 1) * (c - 1));
    if (r < 2 || c < 2)
        return SSP_OK;
    double n = 0, *rs = calloc(r + c, sizeof *rs), *cs = rs + r;
    if (!rs)
        return SSP_EINTERNAL;
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < c; j++) {
            rs[i] += t[i * c + j];
            cs[j] += t[i * c + j];
            n += t[i * c + j];
        }
    double corr = 0;
    if (yates && r == 2 && c == 2) {
        corr = 0.5;
        for (size_t i = 0; i < 4; i++)
            corr = fmin(corr, fabs(t[i] - rs[i / 2] * cs[i % 2] / n));
    }
    double x2 = 0;
    for (size_t i = 0; i < r; i++)
        for (size_t j = 0; j < c; j++) {
            double e = rs[i] * cs[j] / n, o = fabs(t[i * c + j] - e) - corr;
            x2 += o * o / e;
        }
    free(rs);
    *chisq = x2;
    *p = gsl_cdf_chisq_Q(x2, *df);
    int oom = 0;
    if (r == 2 && c == 2)
        *fisher_p = fmin(1, fisher22(t[0], t[1], t[2], t[3], &oom));
    return oom ? SSP_EINTERNAL : SSP_OK;
}
