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

/* The flow of ns subjects (ssp_ind_subjects), counts between 1 and
 * min_cell - 1 suppressed (0: none) with their complements. *out is the
 * caller's to free; its texts are those of s and static ones. Returns
 * SSP_OK or SSP_EINTERNAL. */
ssp_status ssp_flow(const ssp_ind_subject *s, size_t ns, long min_cell,
                    ssp_flow_row **out, size_t *n, ssp_error *err)
    SSP_NODISCARD;

#endif
