/* adjust.c: R's p.adjust. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "ssp/adjust.h"

int ssp_adjust_parse(const char *name, ssp_adjust_method *m)
{
    static const struct {
        const char *name;
        ssp_adjust_method m;
    } names[] = {{"holm", SSP_ADJ_HOLM},
                 {"hochberg", SSP_ADJ_HOCHBERG},
                 {"bonferroni", SSP_ADJ_BONFERRONI},
                 {"bh", SSP_ADJ_BH},
                 {"fdr", SSP_ADJ_BH},
                 {"by", SSP_ADJ_BY}};
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++)
        if (!strcasecmp(name, names[i].name)) {
            *m = names[i].m;
            return 1;
        }
    return 0;
}

/* Sort indexes by p, ascending, ties in input order (R's order()). */
static const double *sort_p;

static int by_p(const void *a, const void *b)
{
    size_t i = *(const size_t *)a, j = *(const size_t *)b;
    if (sort_p[i] != sort_p[j])
        return sort_p[i] < sort_p[j] ? -1 : 1;
    return (i > j) - (i < j);
}

ssp_status ssp_adjust(ssp_adjust_method m, const double *p, size_t n,
                      double *out)
{
    size_t *o = malloc((n + 1) * sizeof *o);
    if (!o)
        return SSP_EINTERNAL;
    size_t k = 0; /* the non-missing ones */
    for (size_t i = 0; i < n; i++) {
        out[i] = p[i];
        if (!isnan(p[i]))
            o[k++] = i;
    }
    if (k <= 1) { /* R returns a single p as it is */
        free(o);
        return SSP_OK;
    }
    double dn = (double)k;
    if (m == SSP_ADJ_BONFERRONI) {
        for (size_t i = 0; i < k; i++)
            out[o[i]] = fmin(1, dn * p[o[i]]);
        free(o);
        return SSP_OK;
    }
    sort_p = p;
    qsort(o, k, sizeof *o, by_p);
    if (m == SSP_ADJ_HOLM) { /* cummax over ascending p */
        double run = 0;
        for (size_t i = 0; i < k; i++) {
            double v = (dn - (double)i) * p[o[i]];
            run = v > run ? v : run;
            out[o[i]] = fmin(1, run);
        }
    } else { /* cummin over descending p */
        double q = 1;
        if (m == SSP_ADJ_BY) {
            q = 0;
            for (size_t i = 1; i <= k; i++)
                q += 1.0 / (double)i;
        }
        double run = INFINITY;
        for (size_t r = k; r-- > 0;) { /* rank r + 1, from the largest p */
            double i = (double)(r + 1);
            double v = m == SSP_ADJ_HOCHBERG ? (dn - i + 1) * p[o[r]]
                                             : q * dn / i * p[o[r]];
            run = v < run ? v : run;
            out[o[r]] = fmin(1, run);
        }
    }
    free(o);
    return SSP_OK;
}
