/* flow.c: ssp flow, the participant flow of datasets (the engine is
 * src/lib/flow.c; this file reads the options and writes the rows). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "ssp/flow.h"
#include "ssp/io.h"
#include "ssp/num.h"
#include "ssp/out.h"
#include "tool.h"

static const char usage[] =
    "Usage: ssp flow [OPTIONS] DATASET...\n"
    "The participant flow (CONSORT, TREND) of the datasets taken together:\n"
    "per technology, region and arm, how many were enrolled, how many left\n"
    "and why, and how many had a baseline, a later and an endline score,\n"
    "that is how many the intention-to-treat and the completers analyses\n"
    "count. CSV: region,technology,arm,stage,reason,n,suppressed; the\n"
    "branches of a stage sum to it.\n"
    "\n"
    "      --instrument CODE  count the scores of this instrument only\n"
    "                         (default: a subject counts when one instrument\n"
    "                         has the scores the stage asks for)\n"
    "      --min-cell N       withhold counts from 1 to N-1, and what would\n"
    "                         give them away by subtraction (default 5; 0 "
    "off)\n"
    "      --json             JSON with the inputs' SHA-256, not CSV\n"
    "  -o, --output FILE      write to FILE (atomically), not standard output\n"
    "  -h, --help             show this help and exit\n"
    "      --version          show the version and exit\n"
    "\n"
    "Exit status: 0 success, 2 usage error, 3 I/O error, 4 out of memory or\n"
    "internal error. See ssp-flow(1).\n";

enum { OPT_INSTRUMENT = 256, OPT_MIN_CELL, OPT_JSON, OPT_VERSION };

static const struct option long_opts[] = {
    {"instrument", required_argument, NULL, OPT_INSTRUMENT},
    {"min-cell", required_argument, NULL, OPT_MIN_CELL},
    {"json", no_argument, NULL, OPT_JSON},
    {"output", required_argument, NULL, 'o'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static void put_csv(FILE *fp, const ssp_flow_row *r, size_t n)
{
    char b[SSP_NUM_BUFSZ];
    fputs("region,technology,arm,stage,reason,n,suppressed\n", fp);
    for (size_t i = 0; i < n; i++) {
        const char *f[] = {r[i].region, r[i].technology, r[i].arm, r[i].stage,
                           r[i].reason};
        for (size_t k = 0; k < 5; k++) {
            ssp_put_csv_field(fp, f[k], ',');
            fputc(',', fp);
        }
        fprintf(fp, "%s,%s\n", r[i].suppressed ? "" : ssp_fmt_double(r[i].n, b),
                r[i].suppressed ? "true" : "false");
    }
}

static void put_json(FILE *fp, const ssp_flow_row *r, size_t n,
                     const ssp_strs *in, const char *instrument, long min_cell)
{
    char hex[65], b[SSP_NUM_BUFSZ];
    unsigned long long bytes;
    fprintf(fp,
            "{\n  \"tool\": \"ssp flow\",\n  \"version\": \"%s\",\n"
            "  \"inputs\": [",
            SSP_VERSION);
    for (size_t i = 0; i < in->n; i++) {
        ssp_sha256_file(in->v[i], hex, &bytes);
        fputs(i ? ",\n    {\"path\": " : "\n    {\"path\": ", fp);
        ssp_put_json_string(fp, in->v[i]);
        fprintf(fp, ", \"sha256\": \"%s\", \"bytes\": %llu}", hex, bytes);
    }
    fputs("\n  ],\n  \"parameters\": {\"instrument\": ", fp);
    if (instrument)
        ssp_put_json_string(fp, instrument);
    else
        fputs("null", fp);
    fprintf(fp, ", \"min_cell\": %ld},\n  \"flow\": [", min_cell);
    for (size_t i = 0; i < n; i++) {
        const char *k[] = {"region", "technology", "arm", "stage", "reason"};
        const char *v[] = {r[i].region, r[i].technology, r[i].arm, r[i].stage,
                           r[i].reason};
        fputs(i ? ",\n    {" : "\n    {", fp);
        for (size_t j = 0; j < 5; j++) {
            fprintf(fp, "\"%s\": ", k[j]);
            ssp_put_json_string(fp, v[j]);
            fputs(", ", fp);
        }
        fprintf(fp, "\"n\": %s, \"suppressed\": %s}",
                r[i].suppressed ? "null" : ssp_fmt_double(r[i].n, b),
                r[i].suppressed ? "true" : "false");
    }
    fputs("\n  ]\n}\n", fp);
}

int main_flow(int argc, char **argv)
{
    const char *instrument = NULL, *output = NULL;
    long min_cell = 5;
    int json = 0, c;
    while ((c = getopt_long(argc, argv, "o:h", long_opts, NULL)) != -1) {
        switch (c) {
        case OPT_INSTRUMENT: instrument = optarg; break;
        case OPT_MIN_CELL: min_cell = tool_whole("--min-cell", optarg); break;
        case OPT_JSON: json = 1; break;
        case 'o': output = optarg; break;
        case 'h': fputs(usage, stdout); return tool_finish(SSP_OK);
        case OPT_VERSION:
            printf("ssp flow %s\n", SSP_VERSION);
            return tool_finish(SSP_OK);
        default: tool_bad_option();
        }
    }
    if (optind == argc)
        usage_error("name at least one dataset folder");
    ssp_error err = {0};
    ssp_ind *x = NULL;
    ssp_flow_row *r = NULL;
    size_t n = 0;
    ssp_status st = ssp_flow_datasets(argv + optind, (size_t)(argc - optind),
                                      instrument, min_cell, &r, &n, &x, &err);
    ssp_atomic a = {0};
    FILE *fp = stdout;
    if (!st && output && strcmp(output, "-")) {
        st = ssp_atomic_open(&a, output, 0, &err);
        fp = a.fp;
    }
    if (!st) {
        if (json)
            put_json(fp, r, n, ssp_ind_inputs(x), instrument, min_cell);
        else
            put_csv(fp, r, n);
        if (fp != stdout)
            st = ssp_atomic_commit(&a, &err);
    }
    free(r);
    ssp_ind_free(x);
    if (st)
        die_error(&err);
    return tool_finish(SSP_OK);
}
