/* indicators.h: the indicator engine: a catalogue (ssp-indicators(7))
 * interpreted over one or more canonical datasets. */
#ifndef SSP_INDICATORS_H
#define SSP_INDICATORS_H

#include <stddef.h>

#include "ssp/schema.h"
#include "ssp/ssp.h"
#include "ssp/tests.h"

typedef struct ssp_ind ssp_ind;

typedef struct ssp_ind_options {
    double level;          /* confidence level (0.95) */
    const char *const *by; /* subjects columns (or "age_band") to */
    size_t nby;            /* disaggregate by */
    const char *start;     /* YYYY-MM-DD or NULL: the observation period */
    const char *end;
    int adjust;           /* an ssp_adjust_method, or -1 for none */
    long min_cell, min_n; /* disclosure thresholds (0: off) */
} ssp_ind_options;

/* What an indicator is (from the catalogue). */
typedef struct ssp_ind_def {
    const char *code, *label_ko, *label_en, *domain, *unit, *direction;
    const char *type;
    const char *estimand;   /* "itt" (mmrm), "completers" (paired_change,
                               arm_difference, ancova) or "" */
    const char *instrument; /* the instrument of an effect, or "" */
} ssp_ind_def;

/* One result row. NaN marks an empty value. */
typedef struct ssp_ind_row {
    size_t def; /* index of its indicator */
    const char *technology, *region, *arm;
    const char **by; /* nby values; "" in a margin row */
    double n, numerator, denominator, factor, estimate, ci_low, ci_high;
    double statistic, df, p, p_adjusted, effect;
    const char *ci_method, *effect_method; /* "" when none */
    int suppressed;
    char note[96];
    int has_paired; /* paired_change: all of it */
    ssp_paired paired;
    double n_arm[2]; /* arm_difference: the changes of
                        the intervention and comparison
                        arms (NaN elsewhere) */
} ssp_ind_row;

/* Read the catalogue at path (NULL: the shipped indicators.json). The
 * options are copied (not the strings they point to). Returns NULL with
 * err filled (SSP_EUSAGE for a bad catalogue or option). */
ssp_ind *ssp_ind_open(const char *path, const ssp_ind_options *o,
                      ssp_error *err) SSP_NODISCARD;

/* The catalogue's path, version and SHA-256 (for provenance). */
const char *ssp_ind_catalogue(const ssp_ind *x, const char **version);

/* Add the dataset in folder dir (its datapackage.json names the
 * subjects, measures, usage and events resources; manifest.json is read
 * when present). Returns SSP_OK, SSP_EDATA (bad or inconsistent data, at
 * FILE:LINE:COL), SSP_EUSAGE or SSP_EIO. */
ssp_status ssp_ind_add(ssp_ind *x, const char *dir,
                       ssp_error *err) SSP_NODISCARD;

/* The files read so far, in order. */
const ssp_strs *ssp_ind_inputs(const ssp_ind *x);

/* Compute every indicator. Returns SSP_OK or SSP_EINTERNAL. */
ssp_status ssp_ind_run(ssp_ind *x, ssp_error *err) SSP_NODISCARD;

size_t ssp_ind_nrows(const ssp_ind *x);
const ssp_ind_row *ssp_ind_row_at(const ssp_ind *x, size_t i);
const ssp_ind_def *ssp_ind_def_at(const ssp_ind *x, size_t i);
size_t ssp_ind_ndefs(const ssp_ind *x); /* the catalogue's indicators */

/* Weekly adherence of each technology's intervention arm: per Monday-
 * to-Sunday week of its observation period, the subjects observed in the
 * week, their observed days and the days of those with device data. */
typedef struct ssp_ind_week {
    const char *technology;
    double monday; /* days since 1970-01-01 */
    double subjects, observed_days, used_days;
} ssp_ind_week;

/* After ssp_ind_run: the weeks of every technology, in technology (by
 * name) and week order, in a new array of *n (free it). Returns SSP_OK or
 * SSP_EINTERNAL. */
ssp_status ssp_ind_weekly(const ssp_ind *x, ssp_ind_week **out,
                          size_t *n) SSP_NODISCARD;

/* After ssp_ind_run: the results as ssp indicators --json gives them
 * (parameters and results, without the provenance of inputs), a new
 * json_t * (labels in English when en). NULL when memory runs out. */
void *ssp_ind_json(const ssp_ind *x, int en) SSP_NODISCARD;

/* What the participant flow needs of one subject (texts owned by x). */
typedef struct ssp_ind_subject {
    const char *technology, *region, *arm;
    int exited;              /* exited_on given */
    const char *exit_reason; /* "" when none */
    int baseline;            /* a baseline score (of the instrument) */
    int followup;  /* a baseline and a later score of the same instrument */
    int completer; /* a baseline and an endline score of the same one */
    int endline;   /* an endline score */
} ssp_ind_subject;

/* After ssp_ind_add: every subject read, in order, with its scores of
 * instrument (NULL: any instrument). *out is the caller's to free.
 * Returns SSP_OK or SSP_EINTERNAL. */
ssp_status ssp_ind_subjects(const ssp_ind *x, const char *instrument,
                            ssp_ind_subject **out, size_t *n,
                            ssp_error *err) SSP_NODISCARD;

/* One person assessed for eligibility (the optional screening
 * resource; texts owned by x). */
typedef struct ssp_ind_screen {
    const char *technology, *region;
    const char *outcome; /* enrolled, not_eligible, declined, other */
} ssp_ind_screen;

/* After ssp_ind_add: the screening rows read, in order (none when no
 * dataset has a screening resource). *out is the caller's to free.
 * Returns SSP_OK or SSP_EINTERNAL. */
ssp_status ssp_ind_screening(const ssp_ind *x, ssp_ind_screen **out, size_t *n,
                             ssp_error *err) SSP_NODISCARD;

/* After ssp_ind_add: each cohort (technology and region, in the order
 * first met) with the dates of its first baseline and first endline
 * measurement, YYYY-MM-DD or null, as a JSON array (a json_t *, the
 * caller's); the "cohorts" of the results. NULL when out of memory. What
 * ssp cert holds a plan's registration against. */
void *ssp_ind_cohorts(const ssp_ind *x) SSP_NODISCARD;

void ssp_ind_free(ssp_ind *x);

#endif
