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

static int cmp_abs(const void *a, const void *b)
{
    double x = fabs(*(const double *)a), y = fabs(*(const double *)b);
    return (x > y) - (x < y);
}

/* P(V <= q) of the signed-rank statistic with n nonzero differences, as
 * R's psignrank: counts of subsets of 1..n by their sum. */
static double psignrank(double q, size_t n)
{
    size_t max = n * (n + 1) / 2;
    if (q < 0)
        return 0;
    if (q >= (double)max)
        return 1;
    double *w = calloc(max + 1, sizeof *w);
    if (!w)
        return NAN;
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

static void wilcoxon(const double *d, size_t n, ssp_alternative alt,
                     double *v_out, double *p_out)
{
    double *x = malloc((n + 1) * sizeof *x);
    size_t m = 0;
    int zeros = 0;
    if (!x) {
        *v_out = *p_out = NAN;
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
            p = v > nn * (nn + 1) / 4 ? 1 - psignrank(v - 1, m) : psignrank(v, m);
            p = fmin(1, 2 * p);
        } else if (alt == SSP_LESS) {
            p = psignrank(v, m);
        } else {
            p = 1 - psignrank(v - 1, m);
        }
        *p_out = p;
        return;
    }
    double z = v - nn * (nn + 1) / 4;
    double sigma = sqrt(nn * (nn + 1) * (2 * nn + 1) / 24 - ties / 48);
    double corr = alt == SSP_TWO_SIDED ? (z > 0 ? 0.5 : z < 0 ? -0.5 : 0)
                  : alt == SSP_GREATER ? 0.5 : -0.5;
    z = (z - corr) / sigma;
    if (alt == SSP_TWO_SIDED)
        *p_out = 2 * fmin(gsl_cdf_ugaussian_P(z), gsl_cdf_ugaussian_Q(z));
    else if (alt == SSP_LESS)
        *p_out = gsl_cdf_ugaussian_P(z);
    else
        *p_out = gsl_cdf_ugaussian_Q(z);
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
    if (n < 2) {
        free(d);
        return SSP_OK;
    }
    double m = o->mean_diff, df = (double)(n - 1);
    o->sd_diff = sqrt(var_of(d, n, m));
    o->df = df;
    double se = o->sd_diff / sqrt((double)n);
    /* t.test refuses "essentially constant" data; all zeros give 0/0 */
    if (se > 0 && !(se < 10 * DBL_EPSILON * fabs(m))) {
        double t = m / se;
        o->t = t;
        if (alt == SSP_TWO_SIDED) {
            o->p = 2 * gsl_cdf_tdist_Q(fabs(t), df);
            double q = gsl_cdf_tdist_Qinv((1 - level) / 2, df);
            o->ci_low = m - q * se;
            o->ci_high = m + q * se;
        } else if (alt == SSP_LESS) {
            o->p = gsl_cdf_tdist_P(t, df);
            o->ci_low = -INFINITY;
            o->ci_high = m + gsl_cdf_tdist_Qinv(1 - level, df) * se;
        } else {
            o->p = gsl_cdf_tdist_Q(t, df);
            o->ci_low = m - gsl_cdf_tdist_Qinv(1 - level, df) * se;
            o->ci_high = INFINITY;
        }
    }
    o->dz = m / o->sd_diff;
    double j = exp(gsl_sf_lngamma(df / 2) - log(sqrt(df / 2)) -
                   (df > 1 ? gsl_sf_lngamma((df - 1) / 2) : INFINITY));
    o->g = j == 0 && isfinite(o->dz) ? 0 : o->dz * j;
    wilcoxon(d, n, alt, &o->wilcoxon_v, &o->wilcoxon_p);
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

void ssp_test_prop(double x, double n, ssp_prop_method method, double p0,
                   double level, double *estimate, double *ci_low,
                   double *ci_high, double *p)
{
    double a = (1 - level) / 2, e = x / n;
    *estimate = e;
    *p = binom_p(x, n, p0);
    if (method == SSP_PROP_WILSON) {
        double z = gsl_cdf_ugaussian_Pinv((1 + level) / 2);
        double z22n = z * z / (2 * n);
        double r = z * sqrt(e * (1 - e) / n + z22n / (2 * n));
        *ci_high = e >= 1 ? 1 : (e + z22n + r) / (1 + 2 * z22n);
        *ci_low = e <= 0 ? 0 : (e + z22n - r) / (1 + 2 * z22n);
        return;
    }
    double s = method == SSP_PROP_EXACT ? 0 : 0.5;
    *ci_low = x == 0 ? 0 : gsl_cdf_beta_Pinv(a, x + s, n - x + 1 - s);
    *ci_high = x == n ? 1 : gsl_cdf_beta_Pinv(1 - a, x + 1 - s, n - x + s);
}

void ssp_test_rate(double events, double exposure, double per, double level,
                   double *rate, double *ci_low, double *ci_high)
{
    double a = (1 - level) / 2;
    *rate = events / exposure * per;
    *ci_low = events == 0 ? 0
              : gsl_cdf_gamma_Pinv(a, events, 1) / exposure * per;
    *ci_high = gsl_cdf_gamma_Pinv(1 - a, events + 1, 1) / exposure * per;
}
