/* plan.h: evaluation plans (ssp-plan(5)) and their criteria, judged on
 * indicator results. */
#ifndef SSP_PLAN_H
#define SSP_PLAN_H

#include "ssp/ssp.h"

/* Read and check the plan at path: a new JSON object (a json_t *; free
 * with json_decref), or NULL with err filled (SSP_EUSAGE for a plan that
 * is not as ssp-plan(5) says or has a key twice, naming the member;
 * SSP_EIO unreadable). */
void *ssp_plan_load(const char *path, ssp_error *err) SSP_NODISCARD;

/* Check a plan already in memory (a json_t * object, borrowed) as
 * ssp_plan_load does: the members ssp-plan(5) requires, then every value
 * against the shipped data-schema/plan.schema.json (types, enums,
 * patterns); fills in the defaults. path names the plan in messages.
 * SSP_OK, or SSP_EUSAGE with err naming the member and what is wrong. */
ssp_status ssp_plan_check(void *plan, const char *path,
                          ssp_error *err) SSP_NODISCARD;

/* Judge the plan on results (the JSON of ssp indicators --json, or
 * ssp_ind_json's): a new object {participants, criteria, verdict,
 * missing}: each criterion with its indicator's label, arm, n, estimate,
 * ci_low, ci_high, p, p_adjusted, unit, direction, the rule in words, the
 * outcome (met, not_met, not_evaluable) and why; the verdict met when
 * every primary and secondary criterion is met and there are enough
 * completers; missing lists what keeps a criterion from being judged.
 * NULL with err filled when the results were computed with other
 * parameters than the plan asks (SSP_EUSAGE: level, adjustment,
 * disclosure thresholds) or memory ran out. */
void *ssp_plan_judge(const void *plan, const void *results,
                     ssp_error *err) SSP_NODISCARD;

/* The words of an outcome or verdict of ssp_plan_judge ("met",
 * "not_met", "not_evaluable"), as certificates and the workbook show them:
 * 충족, 미충족, 평가 불가 (en: met, not met, not evaluable); NULL for
 * another string or NULL. */
const char *ssp_plan_outcome_word(const char *outcome, int en);

/* Registration: a plan signed before the data, in minisign's format
 * (sign.h), PLAN.minisig with the trusted comment
 *   ssp-plan sha256=HEX registered=YYYY-MM-DDTHH:MM:SSZ
 * naming the plan's bytes and the time the registrar vouches for. */
typedef struct ssp_plan_reg {
    char sha256[65];
    char registered[21]; /* UTC, as above */
} ssp_plan_reg;

/* Check the plan at path (as ssp_plan_load) and sign it with the secret
 * key seckey at time when (seconds since 1970, UTC), writing
 * path.minisig; reg gets what was signed. Errors as ssp_plan_load and
 * ssp_sign_file. */
ssp_status ssp_plan_register(const char *path, const char *seckey,
                             long long when, ssp_plan_reg *reg,
                             ssp_error *err) SSP_NODISCARD;

/* Verify path's registration sigfile (NULL: path.minisig) with the
 * public key pubkey: the signature, a trusted comment of the form above,
 * and its SHA-256 that of path's bytes now. SSP_OK with reg filled;
 * SSP_EDATA naming what does not hold; SSP_EUSAGE, SSP_EIO as
 * ssp_verify_file. */
ssp_status ssp_plan_registration(const char *path, const char *sigfile,
                                 const char *pubkey, ssp_plan_reg *reg,
                                 ssp_error *err) SSP_NODISCARD;

/* What a certificate records of the plan at path's registration. With
 * pubkey: the registration sigfile (NULL: path.minisig) verified as
 * ssp_plan_registration does (reg filled), and then {"status":
 * "registered", "registered", "sha256", "first_endline"} when it precedes
 * the day of the first endline measurement of the plan's cohort (the
 * results' "cohorts"). Without pubkey: {"status": "unregistered"}.
 * SSP_EDATA (NULL returned, err filled) when the registration does not
 * verify, was made on or after that day, or the results do not say when
 * it was (made by an ssp indicators before the cohorts were recorded);
 * SSP_EUSAGE, SSP_EIO as ssp_verify_file. */
void *ssp_plan_registration_record(const void *plan, const char *path,
                                   const char *sigfile, const char *pubkey,
                                   const void *results, ssp_plan_reg *reg,
                                   ssp_error *err) SSP_NODISCARD;

/* 1 when a certificate's registration record holds on its own terms: of
 * the plan whose SHA-256 is plansha, made before the first endline; or
 * status "unregistered". */
int ssp_plan_registration_holds(const void *record, const char *plansha);

#endif
