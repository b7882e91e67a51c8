/* report.h: the Excel report of indicator results (libxlsxwriter). */
#ifndef SSP_REPORT_H
#define SSP_REPORT_H

#include <stddef.h>

#include "ssp/ssp.h"

typedef struct ssp_report_options {
    int en;                      /* English labels (else Korean) */
    double alpha;                /* significance for the verdicts (0.05) */
    const char *results_path;    /* for the provenance sheet */
    const char *const *datasets; /* dataset folders (may be none) */
    size_t ndatasets;
    const char *const *argv;     /* the report's own command line */
    size_t argc;
} ssp_report_options;

/* Write the workbook of o->results_path (the JSON of ssp indicators
 * --json) to path, atomically: a temporary file in the same folder
 * renamed into place only when complete. The results are read one at a
 * time (only those without a disaggregation are kept) and worksheets are
 * written in libxlsxwriter's constant-memory mode, so memory does not grow
 * with the results table. Returns SSP_OK, SSP_EDATA (results not as ssp
 * indicators writes them), SSP_EUSAGE, SSP_EIO or SSP_EINTERNAL. */
ssp_status ssp_report_write(const char *path, const ssp_report_options *o,
                            ssp_error *err) SSP_NODISCARD;

#endif
