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
    const char *const *argv; /* the report's own command line */
    size_t argc;
    const char *const *plans; /* evaluation plans (ssp-plan(5)), at most
                               * one per technology and region */
    size_t nplans;
    long long created; /* docProps' creation time, seconds since
                        * 1970 UTC (0 is taken as 1: libxlsxwriter
                        * reads 0 as the time of the run) */
} ssp_report_options;

/* Write the workbook of o->results_path (the JSON of ssp indicators
 * --json) to path, atomically: a temporary file in the same folder
 * renamed into place only when complete. The results are read one at a
 * time (only those without a disaggregation are kept) and worksheets are
 * written in libxlsxwriter's constant-memory mode, so memory does not grow
 * with the results table. Returns SSP_OK, SSP_EDATA (results not as ssp
 * indicators writes them), SSP_EUSAGE (a plan not as ssp-plan(5) says, two
 * plans for one technology and region, results computed otherwise than a plan
 * asks), SSP_EIO or SSP_EINTERNAL.
 *
 * The summary's headline of a technology with a plan is the plan's first
 * primary criterion, judged by ssp_plan_judge (as ssp cert judges it) and
 * named by ssp_plan_outcome_word; without a plan it is the first paired
 * change of the intervention arm. A plan whose technology and region have
 * no results gets a summary row of its own. Sheet names are made valid and
 * unique (see ssp_report_sheet_name). The same options and inputs give the same
 * bytes. */
ssp_status ssp_report_write(const char *path, const ssp_report_options *o,
                            ssp_error *err) SSP_NODISCARD;

/* A valid Excel sheet name for want into out (size >= 128): characters
 * []:*?/\ and control characters become _, a leading or trailing
 * apostrophe becomes _, at most 31 UTF-16 code units, never empty, and
 * unlike every one of the n names in used (compared case-insensitively)
 * and "History" (a name Excel keeps for itself): a clash gets " (2)",
 * " (3)", ... within the 31 units. Returns out. */
char *ssp_report_sheet_name(const char *want, const char *const *used, size_t n,
                            char *out);

#endif
