/* flow.h: the participant flow (CONSORT, TREND) of a dataset: how many
 * were enrolled in each arm of each cohort, how many left and why, and
 * how many each analysis counts, every branch summing to its stage. */
#ifndef SSP_FLOW_H
#define SSP_FLOW_H

#include <stddef.h>

#include "ssp/indicators.h"
#include "ssp/ssp.h"

/* One count. Stages, per technology, region and arm, each branch of the
 * stage named by parent (the branches of one stage sum to it):
 *   enrolled
 *     exited (one row per exit_reason), not_exited
 *     with_baseline, without_baseline
 *       analysed_itt (a later score too), excluded_itt
 *         analysed_completers (an endline score too), excluded_completers
 *   with_endline (an endline score, with or without a baseline) */
typedef struct ssp_flow_row {
    const char *technology, *region, *arm, *stage, *reason;
    double n;       /* NaN when suppressed */
    int suppressed; /* below min_cell, or withheld so that it cannot be
                       derived from the others by subtraction */
    size_t parent;  /* the row this is a branch of; SIZE_MAX for none */
    int part;       /* the branches of a parent with the same part sum to
                       it (enrolled has two: the exits, the baseline) */
} ssp_flow_row;

/* The flow of ns subjects (ssp_ind_subjects) and of the nscr people
 * assessed for eligibility (ssp_ind_screening; may be none), counts
 * between 1 and min_cell - 1 suppressed (0: none) with their complements.
 * A cohort with screening rows gets, before its arms, rows of arm "all":
 *   assessed
 *     excluded (one row per outcome: not_eligible, declined, other),
 *     and the arms' enrolled (which then have it as their parent)
 * and those screened as enrolled must be the cohort's subjects (else
 * SSP_EDATA). *out is the caller's to free; its texts are those of s and
 * scr and static ones. Returns SSP_OK, SSP_EDATA or SSP_EINTERNAL. */
ssp_status ssp_flow(const ssp_ind_subject *s, size_t ns,
                    const ssp_ind_screen *scr, size_t nscr, long min_cell,
                    ssp_flow_row **out, size_t *n,
                    ssp_error *err) SSP_NODISCARD;

/* The flow of the canonical datasets dirs[0 .. ndirs-1] taken together,
 * scores of instrument only (NULL: any), as ssp_flow gives it. *x is the
 * engine that read them (the rows' texts are its; ssp_ind_inputs names
 * the files): the caller frees it, and *out, also on failure. Returns
 * SSP_OK or the error of reading a dataset. */
ssp_status ssp_flow_datasets(char *const *dirs, size_t ndirs,
                             const char *instrument, long min_cell,
                             ssp_flow_row **out, size_t *n, ssp_ind **x,
                             ssp_error *err) SSP_NODISCARD;

/* The certificate's flow: that of the cohort (technology, region) in the
 * datasets dirs, with the scores of the instrument of indicator code in
 * the catalogue at path catalogue (NULL or gone: the shipped one; any
 * instrument when the indicator has none), counts below min_cell
 * withheld: a new JSON object (json_t *) {"instrument": CODE or null,
 * "min_cell": N, "rows": [{"arm", "stage", "reason", "n" (null when
 * withheld), "suppressed"}, ...]}. NULL with err filled on failure. */
void *ssp_flow_cohort_json(char *const *dirs, size_t ndirs,
                           const char *catalogue, const char *technology,
                           const char *region, const char *code, long min_cell,
                           ssp_error *err) SSP_NODISCARD;

/* The same for a plan or a certificate (doc, a json_t *): its technology
 * and region, the indicator of its first primary criterion. */
void *ssp_flow_of_plan(char *const *dirs, size_t ndirs, const char *catalogue,
                       const void *doc, long min_cell,
                       ssp_error *err) SSP_NODISCARD;

/* The rows of such an object for technology and region, as ssp_flow_row
 * (texts the object's; parent and part unset): a new array of *n, NULL
 * when out of memory or the object has no rows. */
ssp_flow_row *ssp_flow_rows_of_json(const void *flow, const char *technology,
                                    const char *region, size_t *n);

#endif
