/* stats.c: descriptive statistics matching R's definitions. */
#include <float.h>
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ssp/num.h"
#include "ssp/stats.h"

static const struct {
    const char *name;
    ssp_op op;
} op_names[] = {
    {"count", SSP_OP_COUNT},
    {"nmiss", SSP_OP_NMISS},
    {"sum", SSP_OP_SUM},
    {"mean", SSP_OP_MEAN},
    {"sd", SSP_OP_SD},
    {"var", SSP_OP_VAR},
    {"se", SSP_OP_SE},
    {"cv", SSP_OP_CV},
    {"min", SSP_OP_MIN},
    {"max", SSP_OP_MAX},
    {"range", SSP_OP_RANGE},
    {"median", SSP_OP_MEDIAN},
    {"q1", SSP_OP_Q1},
    {"q3", SSP_OP_Q3},
    {"iqr", SSP_OP_IQR},
    {"mad", SSP_OP_MAD},
    {"skew", SSP_OP_SKEW},
    {"kurt", SSP_OP_KURT},
    {"mode", SSP_OP_MODE},
    {"distinct", SSP_OP_DISTINCT},
    {"mean-ci-lo", SSP_OP_MEAN_CI_LO},
    {"mean-ci-hi", SSP_OP_MEAN_CI_HI},
    {"first", SSP_OP_FIRST},
    {"last", SSP_OP_LAST},
};

int ssp_op_parse(const char *name, ssp_opspec *out)
{
    for (size_t i = 0; i < sizeof op_names / sizeof op_names[0]; i++) {
        if (!strcmp(name, op_names[i].name)) {
            *out = (ssp_opspec){op_names[i].op, 0, 0, 0};
            return 1;
        }
    }
    /* pN: N as a decimal, read exactly as digits over a power of ten (N /
     * 100 in floating point makes p99.9 0.9990000000000001, a different
     * order statistic for types 1 and 2). */
    if (name[0] != 'p' || name[1] < '0' || name[1] > '9')
        return 0;
    unsigned long long num = 0, den = 100;
    int decs = -1; /* digits after the point, -1 before it */
    for (const char *c = name + 1; *c; c++) {
        if (*c == '.' && decs < 0) {
            decs = 0;
            continue;
        }
        if (*c < '0' || *c > '9' || decs >= 13)
            return 0;
        num = num * 10 + (unsigned long long)(*c - '0');
        if (num > 100000000000000000ull) /* far above 100: no overflow */
            return 0;
        if (decs >= 0) {
            decs++;
            den *= 10;
        }
    }
    if (decs == 0 || num > den) /* "p5." or above 100 */
        return 0;
    *out = (ssp_opspec){SSP_OP_PCT, (double)num / (double)den, num, den};
    return 1;
}

int ssp_op_numeric(ssp_op op)
{
    return op != SSP_OP_COUNT && op != SSP_OP_NMISS && op != SSP_OP_FIRST &&
           op != SSP_OP_LAST;
}

unsigned ssp_op_needs(ssp_op op)
{
    switch (op) {
    case SSP_OP_MEDIAN:
    case SSP_OP_Q1:
    case SSP_OP_Q3:
    case SSP_OP_IQR:
    case SSP_OP_PCT:
    case SSP_OP_MAD:
    case SSP_OP_MODE:
    case SSP_OP_DISTINCT: return SSP_NEED_VALUES;
    case SSP_OP_SKEW:
    case SSP_OP_KURT: return SSP_NEED_MOMENTS | SSP_NEED_SPREAD;
    case SSP_OP_SD:
    case SSP_OP_VAR:
    case SSP_OP_SE:
    case SSP_OP_CV:
    case SSP_OP_MEAN_CI_LO:
    case SSP_OP_MEAN_CI_HI: return SSP_NEED_SPREAD;
    default: return 0;
    }
}

void ssp_acc_init(ssp_acc *a, unsigned needs)
{
    memset(a, 0, sizeof *a);
    a->needs = needs;
}

void ssp_acc_destroy(ssp_acc *a)
{
    if (a)
        free(a->v);
}

void ssp_acc_missing(ssp_acc *a)
{
    a->nmiss++;
}

ssp_status ssp_acc_add(ssp_acc *a, double x)
{
    if (a->needs & SSP_NEED_VALUES) {
        if (a->nv == a->capv) {
            double *v = ssp_grow(a->v, &a->capv, a->nv + 1, sizeof *v);
            if (!v)
                return SSP_EINTERNAL;
            a->v = v;
        }
        a->v[a->nv++] = x;
        a->sorted = 0;
    }
    if (a->n == 0 || x < a->min)
        a->min = x;
    if (a->n == 0 || x > a->max)
        a->max = x;
    a->n++;
    a->sum += x;
    if (!(a->needs & SSP_NEED_SPREAD))
        return SSP_OK;
    /* Welford on x - shift (shift = the first value, so the subtraction is
     * exact for data far from zero), extended to the 3rd and 4th central
     * moments (Pebay 2008). */
    if (a->n == 1)
        a->shift = x;
    long double n = (long double)a->n, n1 = n - 1;
    long double d = ((long double)x - a->shift) - a->mean, dn = d / n;
    long double t = d * dn * n1;
    a->mean += dn;
    if (a->needs & SSP_NEED_MOMENTS) {
        long double dn2 = dn * dn;
        a->m4 +=
            t * dn2 * (n * n - 3 * n + 3) + 6 * dn2 * a->m2 - 4 * dn * a->m3;
        a->m3 += t * dn * (n - 2) - 3 * dn * a->m2;
    }
    a->m2 += t;
    return SSP_OK;
}

/* Sort doubles ascending (no NaN among them): quicksort with a median of
 * three, insertion sort for short runs, recursion on the smaller side
 * only. qsort's comparison call per step made it the hot spot. */
static void sort_doubles(double *x, size_t n)
{
    while (n > 16) {
        double a = x[0], b = x[n / 2], c = x[n - 1];
        double p = a < b ? (b < c   ? b
                            : a < c ? c
                                    : a)
                         : (a < c   ? a
                            : b < c ? c
                                    : b);
        size_t i = 0, j = n - 1;
        for (;;) {
            while (x[i] < p)
                i++;
            while (x[j] > p)
                j--;
            if (i >= j)
                break;
            double t = x[i];
            x[i++] = x[j];
            x[j--] = t;
        }
        /* x[0..j] <= p <= x[j+1..n) */
        if (j + 1 < n - j - 1) {
            sort_doubles(x, j + 1);
            x += j + 1;
            n -= j + 1;
        } else {
            sort_doubles(x + j + 1, n - j - 1);
            n = j + 1;
        }
    }
    for (size_t i = 1; i < n; i++) {
        double v = x[i];
        size_t k = i;
        for (; k > 0 && x[k - 1] > v; k--)
            x[k] = x[k - 1];
        x[k] = v;
    }
}

double ssp_quantile_sorted(const double *x, size_t n, double p, int type)
{
    p = p < 0 ? 0 : p > 1 ? 1 : p;
    if (type == 7) {
        double index = (double)(n - 1) * p; /* 0-based */
        size_t lo = (size_t)floor(index), hi = (size_t)ceil(index);
        double q = x[lo], h = index - (double)lo;
        if (index > (double)lo && x[hi] != q)
            q = (1 - h) * q + h * x[hi];
        return q;
    }
    double nppm, h;
    long long j;
    if (type <= 3) {
        nppm = type == 3 ? (double)n * p - 0.5 : (double)n * p;
        j = (long long)floor(nppm);
        if (type == 1)
            h = nppm > (double)j;
        else if (type == 2)
            h = ((nppm > (double)j) + 1) / 2.0;
        else
            h = nppm != (double)j || ((j % 2) + 2) % 2 == 1;
    } else {
        static const double ab[][2] = {{0, 1},           {.5, .5},
                                       {0, 0},           {1, 1},
                                       {1. / 3, 1. / 3}, {3. / 8, 3. / 8}};
        double a = ab[type - 4][0], b = ab[type - 4][1];
        double fuzz = 4 * DBL_EPSILON;
        nppm = a + p * ((double)n + 1 - a - b);
        j = (long long)floor(nppm + fuzz);
        h = nppm - (double)j;
        if (fabs(h) < fuzz)
            h = 0;
    }
    /* R pads x as c(x[1], x[1], x, x[n], x[n]) and reads x[j+2], x[j+3]
     * (1-based): that is x[j] and x[j+1] clamped to 1..n. */
    long long nn = (long long)n;
    long long k1 = j < 1 ? 1 : j > nn ? nn : j;
    long long k2 = j + 1 < 1 ? 1 : j + 1 > nn ? nn : j + 1;
    double lo = x[k1 - 1], hi = x[k2 - 1];
    if (h == 1)
        return hi;
    if (h > 0 && h < 1 && lo != hi)
        return (1 - h) * lo + h * hi;
    return lo;
}

__extension__ typedef __int128 i128;

double ssp_quantile_frac(const double *x, size_t n, unsigned long long num,
                         unsigned long long den, int type)
{
    /* num and den are below 2^53, so num / den is the correctly rounded
     * double of the decimal, as R reads it. */
    if (type > 3 || num == 0 || num >= den)
        return ssp_quantile_sorted(x, n, (double)num / (double)den, type);
    /* nppm = n p (type 3: n p - 1/2) = a / b exactly; j = floor(a / b) */
    i128 a = (i128)n * (i128)num, b = (i128)den;
    if (type == 3) {
        a = 2 * a - b;
        b *= 2;
    }
    i128 q = a / b, r = a % b;
    if (r < 0) { /* floor, not truncation */
        q--;
        r += b;
    }
    long long j = (long long)q;
    double h;
    if (type == 1)
        h = r != 0;
    else if (type == 2)
        h = ((r != 0) + 1) / 2.0;
    else
        h = r != 0 || ((j % 2) + 2) % 2 == 1;
    long long nn = (long long)n;
    long long k1 = j < 1 ? 1 : j > nn ? nn : j;
    long long k2 = j + 1 < 1 ? 1 : j + 1 > nn ? nn : j + 1;
    double lo = x[k1 - 1], hi = x[k2 - 1];
    if (h == 1)
        return hi;
    if (h > 0 && h < 1 && lo != hi)
        return (1 - h) * lo + h * hi;
    return lo;
}

static void sort_values(ssp_acc *a)
{
    if (!a->sorted) {
        sort_doubles(a->v, a->nv);
        a->sorted = 1;
    }
}

/* R's mad(): 1.4826 * median(|x - median(x)|), with R's median. */
static double mad(const ssp_acc *a)
{
    double med = ssp_quantile_sorted(a->v, a->nv, 0.5, 7);
    double *d = malloc(a->nv * sizeof *d);
    if (!d)
        return NAN;
    for (size_t i = 0; i < a->nv; i++)
        d[i] = fabs(a->v[i] - med);
    sort_doubles(d, a->nv);
    double r = 1.4826 * ssp_quantile_sorted(d, a->nv, 0.5, 7);
    free(d);
    return r;
}

/* The smallest of the most frequent values; the count of distinct ones. */
static double mode_distinct(const ssp_acc *a, int want_mode)
{
    double best = a->v[0];
    size_t bestn = 0, distinct = 0;
    for (size_t i = 0; i < a->nv;) {
        size_t k = i + 1;
        while (k < a->nv && a->v[k] == a->v[i])
            k++;
        distinct++;
        if (k - i > bestn) {
            bestn = k - i;
            best = a->v[i];
        }
        i = k;
    }
    return want_mode ? best : (double)distinct;
}

int ssp_acc_constant(const ssp_acc *a)
{
    if (a->n < 2)
        return 0;
    double se = sqrt((double)(a->m2 / (a->n - 1)) / (double)a->n);
    double mean = (double)(a->sum / a->n);
    return !(se > 0) || se < 10 * DBL_EPSILON * fabs(mean);
}

double ssp_acc_result(ssp_acc *a, const ssp_opspec *op, const ssp_stat_cfg *cfg)
{
    double n = (double)a->n;
    double var = a->n > 1 ? (double)(a->m2 / (a->n - 1)) : NAN;
    /* The mean as R takes it first: the extended-precision sum over n. */
    double mean = (double)(a->sum / a->n);
    if (ssp_op_needs(op->op) & SSP_NEED_VALUES) {
        if (a->nv == 0)
            return op->op == SSP_OP_DISTINCT ? 0 : NAN;
        sort_values(a);
    }
    int qt = cfg->qtype;
    switch (op->op) {
    case SSP_OP_COUNT: return n;
    case SSP_OP_NMISS: return (double)a->nmiss;
    case SSP_OP_SUM: return (double)a->sum;
    case SSP_OP_MEAN: return a->n ? mean : NAN;
    case SSP_OP_VAR: return var;
    case SSP_OP_SD: return sqrt(var);
    case SSP_OP_SE: return sqrt(var / n);
    case SSP_OP_CV: return sqrt(var) / mean;
    case SSP_OP_MIN: return a->n ? a->min : NAN;
    case SSP_OP_MAX: return a->n ? a->max : NAN;
    case SSP_OP_RANGE: return a->n ? a->max - a->min : NAN;
    case SSP_OP_MEDIAN: return ssp_quantile_sorted(a->v, a->nv, 0.5, qt);
    case SSP_OP_Q1: return ssp_quantile_sorted(a->v, a->nv, 0.25, qt);
    case SSP_OP_Q3: return ssp_quantile_sorted(a->v, a->nv, 0.75, qt);
    case SSP_OP_IQR:
        return ssp_quantile_sorted(a->v, a->nv, 0.75, qt) -
               ssp_quantile_sorted(a->v, a->nv, 0.25, qt);
    case SSP_OP_PCT: /* den 0: an opspec made by hand, p alone */
        return op->den ? ssp_quantile_frac(a->v, a->nv, op->num, op->den, qt)
                       : ssp_quantile_sorted(a->v, a->nv, op->p, qt);
    case SSP_OP_MAD: return mad(a);
    case SSP_OP_MODE: return mode_distinct(a, 1);
    case SSP_OP_DISTINCT: return mode_distinct(a, 0);
    case SSP_OP_SKEW:
        if (a->n < 3 || a->m2 == 0)
            return NAN;
        return (double)(sqrtl(n * (n - 1)) / (n - 2) * sqrtl(n) * a->m3 /
                        powl(a->m2, 1.5L));
    case SSP_OP_KURT: {
        if (a->n < 4 || a->m2 == 0)
            return NAN;
        long double g2 = n * a->m4 / (a->m2 * a->m2) - 3;
        return (double)(((n + 1) * g2 + 6) * (n - 1) / ((n - 2) * (n - 3)));
    }
    case SSP_OP_MEAN_CI_LO:
    case SSP_OP_MEAN_CI_HI: {
        if (a->n < 2 || ssp_acc_constant(a))
            return NAN;
        double t = gsl_cdf_tdist_Pinv((1 + cfg->level) / 2, n - 1);
        double half = t * sqrt(var / n);
        return op->op == SSP_OP_MEAN_CI_LO ? mean - half : mean + half;
    }
    case SSP_OP_FIRST:
    case SSP_OP_LAST: break;
    }
    return NAN;
}
