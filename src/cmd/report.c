/* report.c: ssp report, the Excel workbook of indicator results. */
#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "ssp/report.h"
#include "tool.h"

static const char usage[] =
    "Usage: ssp report [OPTIONS] RESULTS.json [DATASET...] -o FILE.xlsx\n"
    "Write the Excel workbook of the results of ssp indicators --json: a\n"
    "summary per technology and region with verdict colours, the full\n"
    "results table (typed cells, frozen header, filters), a sheet per\n"
    "technology with charts (effects with their intervals, means before and\n"
    "after, and weekly use from the DATASETs), data quality from the\n"
    "DATASETs' ingest manifests, and provenance.\n"
    "\n"
    "  -o, --output FILE     the workbook, written atomically (required)\n"
    "      --lang ko|en      language of the sheets (default ko)\n"
    "      --alpha X         significance of the verdicts (default 0.05)\n"
    "      --plan PLAN.json  a technology's evaluation plan (ssp-plan(5)),\n"
    "                        repeatable, one per technology and region: its\n"
    "                        summary headline is the plan's primary\n"
    "                        criterion, judged as ssp cert judges it\n"
    "  -h, --help            show this help and exit\n"
    "      --version         show the version and exit\n"
    "\n"
    "The workbook's creation time is SOURCE_DATE_EPOCH if set, else\n"
    "1980-01-01T00:00:00Z: the same inputs give the same bytes.\n"
    "\n"
    "Exit status: 0 success, 1 results or data not as expected, 2 usage\n"
    "error, 3 I/O error, 4 internal error. See ssp-report(1).\n";

enum { OPT_LANG = 256, OPT_ALPHA, OPT_PLAN, OPT_VERSION };

/* The fixed creation time of a workbook without SOURCE_DATE_EPOCH:
 * 1980-01-01T00:00:00Z, the earliest time a ZIP file can hold. */
#define FIXED_TIME 315532800LL

static const struct option long_opts[] = {
    {"output", required_argument, NULL, 'o'},
    {"lang", required_argument, NULL, OPT_LANG},
    {"alpha", required_argument, NULL, OPT_ALPHA},
    {"plan", required_argument, NULL, OPT_PLAN},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

int main_report(int argc, char **argv)
{
    ssp_report_options o = {.alpha = 0.05};
    const char *output = NULL;
    const char **plans = NULL;
    size_t nplans = 0, cap = 0;
    int c;
    while ((c = getopt_long(argc, argv, "o:h", long_opts, NULL)) != -1) {
        char *end;
        switch (c) {
        case 'o': output = optarg; break;
        case OPT_LANG:
            if (strcmp(optarg, "ko") && strcmp(optarg, "en"))
                usage_error("--lang takes ko or en, not '%s'", optarg);
            o.en = !strcmp(optarg, "en");
            break;
        case OPT_ALPHA:
            o.alpha = strtod(optarg, &end);
            if (*end || end == optarg || !(o.alpha > 0 && o.alpha < 1))
                usage_error("--alpha takes a number between 0 and 1, not "
                            "'%s'",
                            optarg);
            break;
        case OPT_PLAN:
            if (!(plans = ssp_grow(plans, &cap, nplans + 1, sizeof *plans)))
                die(SSP_EINTERNAL, "out of memory");
            plans[nplans++] = optarg;
            break;
        case 'h': fputs(usage, stdout); return tool_finish(SSP_OK);
        case OPT_VERSION:
            printf("ssp report %s\n", SSP_VERSION);
            return tool_finish(SSP_OK);
        default: tool_bad_option();
        }
    }
    if (optind == argc)
        usage_error("name the results (ssp indicators --json)");
    if (!output || !strcmp(output, "-"))
        usage_error("name the workbook to write with -o FILE.xlsx");
    o.results_path = argv[optind];
    o.datasets = (const char *const *)argv + optind + 1;
    o.ndatasets = (size_t)(argc - optind - 1);
    o.argv = (const char *const *)argv;
    o.argc = (size_t)argc;
    o.plans = plans;
    o.nplans = nplans;
    o.created = FIXED_TIME;
    const char *sde = getenv("SOURCE_DATE_EPOCH");
    if (sde && *sde) { /* set and not empty */
        char *end;
        errno = 0;
        long long t = strtoll(sde, &end, 10);
        /* Seconds since 1970 UTC, up to the year 9999. */
        if (*end || errno || t < 0 || t > 253402300799LL ||
            strspn(sde, "0123456789") != strlen(sde))
            usage_error("SOURCE_DATE_EPOCH takes seconds since "
                        "1970-01-01 UTC, not '%s'",
                        sde);
        o.created = t;
    }
    ssp_error err = {0};
    if (ssp_report_write(output, &o, &err))
        die_error(&err);
    free(plans);
    return tool_finish(SSP_OK);
}
