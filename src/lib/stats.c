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

/* ---- the exact sum ---- */

#define NSUM ((int)(sizeof((ssp_acc *)0)->sum / sizeof(int64_t)))

/* Carry: every digit but the top one to [0, 2^32). */
static void sum_carry(int64_t *d)
{
    for (int i = 0; i < NSUM - 1; i++) {
        int64_t c = (d[i] - (d[i] & 0xffffffff)) / 4294967296;
        d[i] &= 0xffffffff;
        d[i + 1] += c;
    }
}

/* x = m 2^(p - 1074) with m below 2^53: m << (p % 32) spans three digits
 * from p / 32. A digit takes 2^30 additions below 2^32 between carries. */
static void sum_add(ssp_acc *a, double x)
{
    uint64_t b;
    memcpy(&b, &x, sizeof b);
    unsigned e = (unsigned)(b >> 52 & 0x7ff);
    uint64_t m = b & ((1ull << 52) - 1);
    if (e)
        m |= 1ull << 52;
    else
        e = 1;
    unsigned p = e - 1, i = p / 32;
    unsigned __int128 v = (unsigned __int128)m << (p % 32);
    int64_t sign = b >> 63 ? -1 : 1;
    a->sum[i] += sign * (int64_t)(uint32_t)v;
    a->sum[i + 1] += sign * (int64_t)(uint32_t)(v >> 32);
    a->sum[i + 2] += sign * (int64_t)(uint32_t)(v >> 64);
    if (++a->nsum == 1u << 30) {
        sum_carry(a->sum);
        a->nsum = 0;
    }
}

/* The sum over n, correctly rounded (n > 0): the digits divided by n from
 * the top, the top four digits of the quotient (at least 97 bits) with a
 * sticky bit for the rest and the remainder. */
static double sum_over(const ssp_acc *a, size_t n)
{
    int64_t d[NSUM];
    memcpy(d, a->sum, sizeof d);
    sum_carry(d);
    int neg = d[NSUM - 1] < 0;
    if (neg) { /* the magnitude: every digit negated, carried again */
        for (int i = 0; i < NSUM; i++)
            d[i] = -d[i];
        sum_carry(d);
    }
    unsigned __int128 rem = 0;
    for (int i = NSUM - 1; i >= 0; i--) {
        rem = rem << 32 | (uint64_t)d[i];
        d[i] = (int64_t)(rem / n);
        rem %= n;
    }
    int top = NSUM - 1;
    while (top >= 0 && !d[top])
        top--;
    if (top < 0)
        return rem ? ldexp(neg ? -1 : 1, -1100) : 0; /* below any double */
    int lo = top < 3 ? 0 : top - 3;
    unsigned __int128 v = 0;
    for (int i = top; i >= lo; i--)
        v = v << 32 | (uint64_t)d[i];
    int sticky = rem != 0;
    for (int i = lo - 1; i >= 0 && !sticky; i--)
        sticky = d[i] != 0;
    double r = ldexp((double)(v | (unsigned)sticky), 32 * lo - 1074);
    return neg ? -r : r;
}

ssp_status ssp_acc_merge(ssp_acc *a, ssp_acc *b)
{
    if (b->nv && a->nv) { /* to the size: a merge comes at the end */
        size_t cap = a->nv + b->nv;
        double *v = a->capv < cap ? realloc(a->v, cap * sizeof *v) : a->v;
        if (!v)
            return SSP_EINTERNAL;
        memcpy(v + a->nv, b->v, b->nv * sizeof *v);
        a->v = v;
        a->capv = a->capv < cap ? cap : a->capv;
        a->nv += b->nv;
        free(b->v);
    } else if (b->nv) {
        free(a->v);
        a->v = b->v;
        a->nv = b->nv;
        a->capv = b->capv;
    }
    a->sorted = 0;
    if (b->n && (a->n == 0 || b->min < a->min))
        a->min = b->min;
    if (b->n && (a->n == 0 || b->max > a->max))
        a->max = b->max;
    a->n += b->n;
    a->nmiss += b->nmiss;
    sum_carry(a->sum);
    sum_carry(b->sum);
    for (int i = 0; i < NSUM; i++)
        a->sum[i] += b->sum[i];
    sum_carry(a->sum);
    a->nsum = 0;
    ssp_acc_init(b, b->needs);
    return SSP_OK;
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
    sum_add(a, x);
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

/* Hoare's partition of x[0..n) (n > 16 for sort, > 1 for select) around
 * a median of three: returns j with x[0..j] <= p <= x[j+1..n). */
static size_t partition(double *x, size_t n)
{
    double a = x[0], b = x[(n - 1) / 2], c = x[n - 1]; /* not x[n-1] twice */
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
            return j;
        double t = x[i];
        x[i++] = x[j];
        x[j--] = t;
    }
}

/* Sort doubles ascending (no NaN among them): quicksort with a median of
 * three, insertion sort for short runs, recursion on the smaller side
 * only. qsort's comparison call per step made it the hot spot. */
static void sort_doubles(double *x, size_t n)
{
    while (n > 16) {
        size_t j = partition(x, n);
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

/* The values in order, as far as they are asked for: sorted, or put in
 * place one order statistic at a time (quickselect), which takes a median
 * in linear time where a sort takes n log n. */
struct ord {
    double *v;
    size_t n;
    int sorted;
    size_t last; /* v[last] is in place and v is partitioned around it */
    int have;
};

/* Put the k-th smallest value at x[k], the smaller before it and the
 * larger after it (quickselect). */
static void select_k(double *x, size_t n, size_t k)
{
    size_t l = 0, r = n - 1;
    while (r > l) {
        size_t j = l + partition(x + l, r - l + 1);
        if (k <= j) /* x[l..j] <= x[j+1..r] */
            r = j;
        else
            l = j + 1;
    }
}

/* The k-th smallest value (0-based). */
static double at(struct ord *o, size_t k)
{
    if (o->sorted || (o->have && o->last == k))
        return o->v[k];
    if (o->have && k == o->last + 1) { /* the smallest of those after */
        size_t m = k;
        for (size_t i = k + 1; i < o->n; i++)
            m = o->v[i] < o->v[m] ? i : m;
        double t = o->v[k];
        o->v[k] = o->v[m];
        o->v[m] = t;
    } else {
        select_k(o->v, o->n, k);
    }
    o->last = k;
    o->have = 1;
    return o->v[k];
}

static double quantile(struct ord *o, double p, int type)
{
    size_t n = o->n;
    p = p < 0 ? 0 : p > 1 ? 1 : p;
    if (type == 7) {
        double index = (double)(n - 1) * p; /* 0-based */
        size_t lo = (size_t)floor(index), hi = (size_t)ceil(index);
        double q = at(o, lo), h = index - (double)lo;
        if (index > (double)lo && at(o, hi) != q)
            q = (1 - h) * q + h * at(o, hi);
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
    double lo = at(o, (size_t)k1 - 1), hi = at(o, (size_t)k2 - 1);
    if (h == 1)
        return hi;
    if (h > 0 && h < 1 && lo != hi)
        return (1 - h) * lo + h * hi;
    return lo;
}

double ssp_quantile_sorted(const double *x, size_t n, double p, int type)
{
    struct ord o = {(double *)x, n, 1, 0, 0}; /* read only: sorted */
    return quantile(&o, p, type);
}

__extension__ typedef __int128 i128;

static double quantile_frac(struct ord *o, unsigned long long num,
                            unsigned long long den, int type)
{
    size_t n = o->n;
    /* num and den are below 2^53, so num / den is the correctly rounded
     * double of the decimal, as R reads it. */
    if (type > 3 || num == 0 || num >= den)
        return quantile(o, (double)num / (double)den, type);
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
    double lo = at(o, (size_t)k1 - 1), hi = at(o, (size_t)k2 - 1);
    if (h == 1)
        return hi;
    if (h > 0 && h < 1 && lo != hi)
        return (1 - h) * lo + h * hi;
    return lo;
}

double ssp_quantile_frac(const double *x, size_t n, unsigned long long num,
                         unsigned long long den, int type)
{
    struct ord o = {(double *)x, n, 1, 0, 0}; /* read only: sorted */
    return quantile_frac(&o, num, den, type);
}

static void sort_values(ssp_acc *a)
{
    if (!a->sorted) {
        sort_doubles(a->v, a->nv);
        a->sorted = 1;
    }
}

/* R's mad(): 1.4826 * median(|x - median(x)|), with R's median. */
static double mad(struct ord *o)
{
    double med = quantile(o, 0.5, 7);
    double *d = malloc(o->n * sizeof *d);
    if (!d)
        return NAN;
    for (size_t i = 0; i < o->n; i++)
        d[i] = fabs(o->v[i] - med);
    struct ord od = {d, o->n, 0, 0, 0};
    double r = 1.4826 * quantile(&od, 0.5, 7);
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
    double mean = sum_over(a, a->n);
    return !(se > 0) || se < 10 * DBL_EPSILON * fabs(mean);
}

double ssp_acc_result(ssp_acc *a, const ssp_opspec *op, const ssp_stat_cfg *cfg)
{
    double n = (double)a->n;
    double var = a->n > 1 ? (double)(a->m2 / (a->n - 1)) : NAN;
    /* The mean as R takes it first: the extended-precision sum over n. */
    double mean = a->n ? sum_over(a, a->n) : NAN;
    if ((ssp_op_needs(op->op) & SSP_NEED_VALUES) && a->nv == 0)
        return op->op == SSP_OP_DISTINCT ? 0 : NAN;
    if (op->op == SSP_OP_MODE || op->op == SSP_OP_DISTINCT)
        sort_values(a);
    /* an order statistic or two: selected, unless the values are sorted */
    struct ord o = {a->v, a->nv, a->sorted, 0, 0};
    int qt = cfg->qtype;
    switch (op->op) {
    case SSP_OP_COUNT: return n;
    case SSP_OP_NMISS: return (double)a->nmiss;
    case SSP_OP_SUM: return sum_over(a, 1);
    case SSP_OP_MEAN: return a->n ? mean : NAN;
    case SSP_OP_VAR: return var;
    case SSP_OP_SD: return sqrt(var);
    case SSP_OP_SE: return sqrt(var / n);
    case SSP_OP_CV: return sqrt(var) / mean;
    case SSP_OP_MIN: return a->n ? a->min : NAN;
    case SSP_OP_MAX: return a->n ? a->max : NAN;
    case SSP_OP_RANGE: return a->n ? a->max - a->min : NAN;
    case SSP_OP_MEDIAN: return quantile(&o, 0.5, qt);
    case SSP_OP_Q1: return quantile(&o, 0.25, qt);
    case SSP_OP_Q3: return quantile(&o, 0.75, qt);
    case SSP_OP_IQR: {
        double q3 = quantile(&o, 0.75, qt);
        return q3 - quantile(&o, 0.25, qt);
    }
    case SSP_OP_PCT: /* den 0: an opspec made by hand, p alone */
        return op->den ? quantile_frac(&o, op->num, op->den, qt)
                       : quantile(&o, op->p, qt);
    case SSP_OP_MAD: return mad(&o);
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
