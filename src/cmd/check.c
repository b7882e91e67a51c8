/* check.c: ssp check, the vendor's self-check: validate, indicators and
 * the plan's criteria in one command, with the would-be verdict. Not a
 * certificate, and it says so. */
#include <getopt.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cmd.h"
#include "ssp/adjust.h"
#include "ssp/indicators.h"
#include "ssp/plan.h"
#include "tool.h"

static const char usage[] =
    "Usage: ssp check --plan PLAN [--plan-pub PUBKEY] DATASET...\n"
    "The vendor's self-check, UNOFFICIAL: validate the datasets (as ssp\n"
    "validate), compute the indicators with the plan's parameters (as ssp\n"
    "indicators) and judge the plan's criteria (as ssp cert), printing per\n"
    "criterion the numbers, the rule and the would-be outcome, what keeps a\n"
    "criterion from being judged, and the would-be verdict. No key needed,\n"
    "nothing signed, nothing written.\n"
    "\n"
    "      --plan FILE       the evaluation plan (ssp-plan(5))\n"
    "      --plan-pub FILE   the registrar's public key: check the plan's\n"
    "                        registration (PLAN.minisig) as ssp cert will\n"
    "  -h, --help            show this help and exit\n"
    "      --version         show the version and exit\n"
    "\n"
    "Exit status: 0 the plan would be met, 1 it would not (or the data are\n"
    "invalid), 2 usage error or a bad plan, 3 I/O error, 4 internal error.\n"
    "See ssp-check(1).\n";

enum { OPT_PLAN = 256, OPT_PLAN_PUB, OPT_VERSION };

static const struct option long_opts[] = {
    {"plan", required_argument, NULL, OPT_PLAN},
    {"plan-pub", required_argument, NULL, OPT_PLAN_PUB},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* Run `ssp validate -q DIR` (this program): 0 valid, else its status. */
static int validate(const char *dir)
{
    fflush(stdout);
    pid_t pid = fork();
    if (pid < 0)
        die(SSP_EIO, "cannot start ssp validate");
    if (pid == 0) {
        execl("/proc/self/exe", "ssp", "validate", "-q", dir, (char *)NULL);
        _exit(SSP_EIO);
    }
    int status;
    if (waitpid(pid, &status, 0) < 0 || !WIFEXITED(status))
        return SSP_EINTERNAL;
    return WEXITSTATUS(status);
}

static void put(const json_t *o, const char *k, int pct)
{
    json_t *v = json_object_get(o, k);
    if (json_is_number(v))
        printf(pct ? "%.3g" : "%.2f", json_number_value(v));
    else
        fputs("—", stdout);
}

int main_check(int argc, char **argv)
{
    const char *planf = NULL, *planpub = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
        switch (c) {
        case OPT_PLAN: planf = optarg; break;
        case OPT_PLAN_PUB: planpub = optarg; break;
        case 'h': fputs(usage, stdout); return tool_finish(SSP_OK);
        case OPT_VERSION:
            printf("ssp check %s\n", SSP_VERSION);
            return tool_finish(SSP_OK);
        default: tool_bad_option();
        }
    }
    if (!planf)
        usage_error("name the evaluation plan with --plan");
    if (optind == argc)
        usage_error("name at least one dataset folder");
    ssp_error err = {0};
    json_t *plan = ssp_plan_load(planf, &err);
    if (!plan)
        die_error(&err);
    printf("UNOFFICIAL self-check (ssp check): not a certificate\n");
    printf("plan %s: %s %s\n\n", planf,
           json_string_value(json_object_get(plan, "technology")),
           json_string_value(json_object_get(plan, "region")));
    int valid = 1;
    for (int i = optind; i < argc; i++) {
        int st = validate(argv[i]);
        if (st > SSP_EDATA)
            die(st, "%s: ssp validate could not check it", argv[i]);
        printf("validate %s: %s\n", argv[i],
               st ? "INVALID rows (see above); fix them before you submit"
                  : "valid");
        valid &= st == 0;
    }
    json_t *dis = json_object_get(plan, "disclosure");
    ssp_adjust_method m = SSP_ADJ_HOLM;
    const char *adj = json_string_value(json_object_get(plan, "adjust"));
    int none = adj && !strcmp(adj, "none");
    if (!none && (!adj || !ssp_adjust_parse(adj, &m)))
        die(SSP_EUSAGE,
            "%s: 'adjust' is holm, hochberg, bonferroni, bh, by "
            "or none",
            planf);
    ssp_ind_options o = {
        .level = json_number_value(json_object_get(plan, "level")),
        .adjust = none ? -1 : (int)m,
        .min_cell = (long)json_integer_value(json_object_get(dis, "min_cell")),
        .min_n = (long)json_integer_value(json_object_get(dis, "min_n"))};
    ssp_ind *x = ssp_ind_open(NULL, &o, &err);
    if (!x)
        die_error(&err);
    for (int i = optind; i < argc; i++)
        if (ssp_ind_add(x, argv[i], &err))
            die_error(&err);
    if (ssp_ind_run(x, &err))
        die_error(&err);
    json_t *res = ssp_ind_json(x, 0);
    ssp_ind_free(x);
    if (!res)
        die(SSP_EINTERNAL, "out of memory");
    json_t *judged = res ? ssp_plan_judge(plan, res, &err) : NULL;
    if (!judged)
        die_error(&err);
    printf("\n");
    size_t i;
    json_t *cr;
    json_array_foreach(json_object_get(judged, "criteria"), i, cr)
    {
        const char *out = json_string_value(json_object_get(cr, "outcome"));
        printf("%-3s %-11s %-22s ",
               json_string_value(json_object_get(cr, "id")),
               json_string_value(json_object_get(cr, "role")),
               json_string_value(json_object_get(cr, "indicator")));
        put(cr, "estimate", 0);
        fputs(" [", stdout);
        put(cr, "ci_low", 0);
        fputs(", ", stdout);
        put(cr, "ci_high", 0);
        fputs("] p_adj ", stdout);
        put(cr, "p_adjusted", 1);
        printf("  %s  -> %s%s%s\n",
               json_string_value(json_object_get(cr, "rule")),
               !strcmp(out, "met")       ? "met"
               : !strcmp(out, "not_met") ? "NOT MET"
                                         : "NOT EVALUABLE",
               *json_string_value(json_object_get(cr, "reason")) ? ": " : "",
               json_string_value(json_object_get(cr, "reason")));
        const char *pw =
            json_string_value(json_object_get(cr, "power_statement"));
        if (pw)
            printf("    power: %s\n", pw);
    }
    json_t *p = json_object_get(judged, "participants");
    printf("\ncompleters: ");
    put(p, "completers", 1);
    printf(" of ");
    put(p, "enrolled", 1);
    printf(" enrolled (the plan needs %lld)\n",
           (long long)json_integer_value(json_object_get(p, "min_completers")));
    json_array_foreach(json_object_get(judged, "missing"), i, cr)
        printf("missing: %s: %s\n",
               json_string_value(json_object_get(cr, "criterion")),
               json_string_value(json_object_get(cr, "why")));
    json_array_foreach(json_object_get(judged, "warnings"), i, cr)
        printf("warning: %s\n", json_string_value(json_object_get(cr, "why")));
    /* the registration, as ssp cert will hold it */
    int registered = 1;
    if (planpub) {
        ssp_plan_reg reg;
        json_t *rec = ssp_plan_registration_record(plan, planf, NULL, planpub,
                                                   res, &reg, &err);
        if (!rec) {
            if (err.status != SSP_EDATA)
                die_error(&err);
            printf("registration: REFUSED: %s\n", err.msg);
            registered = 0;
        } else
            printf("registration: %s, before the first endline (%s)\n",
                   reg.registered,
                   json_string_value(json_object_get(rec, "first_endline"))
                       ?: "none yet");
        json_decref(rec);
    } else
        printf("registration: not checked (give --plan-pub; ssp cert needs "
               "it, or --unregistered)\n");
    int met =
        valid && registered &&
        !strcmp(json_string_value(json_object_get(judged, "verdict")), "met");
    printf("\nwould-be verdict: %s (UNOFFICIAL; only ssp cert issues a "
           "certificate)\n",
           met ? "MET" : "NOT MET");
    json_decref(judged);
    json_decref(res);
    json_decref(plan);
    return tool_finish(met ? SSP_OK : SSP_EDATA);
}
