/* synth.h: a synthetic Smart Social Service pilot with known truth. */
#ifndef SSP_SYNTH_H
#define SSP_SYNTH_H

#include "ssp/ssp.h"

#define SSP_SYNTH_MAX_EFFECTS 16

typedef struct ssp_synth_opts {
    unsigned long seed;
    double scale;            /* multiplies the number of participants */
    int log_days;            /* days of minute-level logs per participant
                                (0: every day of participation) */
    double comparison_share; /* share of participants in a comparison arm */
    double dropout;          /* probability of leaving early (< 0: the
                                cohort's own default) */
    double midline_fraction; /* midline mean change / endline mean change */
    char mar_code[16];       /* "" or the instrument whose midline score
                                drives dropout (missing at random) */
    double mar;              /* its strength: P(leave after the midline) =
                                min(1, 2 p Phi(-mar z)), z the standardized
                                midline change in the better direction */
    struct {
        char code[16];
        double dz; /* standardized change, in the direction of
                      improvement */
    } effects[SSP_SYNTH_MAX_EFFECTS];
    int neffects;
    int vendor;    /* vendor-native exports instead of canonical */
    int screening; /* canonical: screening.csv too (the people
                      assessed for eligibility, CONSORT) */
    double faults; /* vendor mode: share of rows given a fault */
    const char *outdir;
    const char *command; /* recorded in truth.json */
} ssp_synth_opts;

/* Defaults: seed 1, scale 1, 14 log days, no comparison arm, the cohorts'
 * dropout, midline fraction 0.6, the instruments' default effects,
 * canonical output, faults 1% (vendor output only). */
void ssp_synth_opts_init(ssp_synth_opts *o);

/* Write the pilot to o->outdir (created if needed): a canonical dataset
 * (the four tables, the device logs under logs/, datapackage.json), or
 * with o->vendor each firm's exports under <region>/, with o->faults of
 * their rows given a fault; and truth.json. Every file is written
 * atomically. Deterministic for the same options and version. */
ssp_status ssp_synth_write(const ssp_synth_opts *o,
                           ssp_error *err) SSP_NODISCARD;

#endif
