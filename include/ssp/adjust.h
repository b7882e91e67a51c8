/* adjust.h: multiple-comparison adjustment of p-values, as R's p.adjust. */
#ifndef SSP_ADJUST_H
#define SSP_ADJUST_H

#include <stddef.h>

#include "ssp/ssp.h"

typedef enum ssp_adjust_method {
    SSP_ADJ_HOLM,
    SSP_ADJ_HOCHBERG,
    SSP_ADJ_BONFERRONI,
    SSP_ADJ_BH,
    SSP_ADJ_BY
} ssp_adjust_method;

/* Parse "holm", "hochberg", "bonferroni", "bh" (or "fdr"), "by". */
int ssp_adjust_parse(const char *name, ssp_adjust_method *m) SSP_NODISCARD;

/* Adjust the n p-values p (NaN for missing: kept, and not counted) into
 * out, as p.adjust(p, method) does. Returns SSP_OK or SSP_EINTERNAL. */
ssp_status ssp_adjust(ssp_adjust_method m, const double *p, size_t n,
                      double *out) SSP_NODISCARD;

#endif
