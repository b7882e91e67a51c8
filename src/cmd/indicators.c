/* indicators.c: ssp indicators, the standardized outcome indicators of the
 * catalogue (ssp-indicators(7)) over one or more canonical datasets. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <jansson.h>

#include "cmd.h"
#include "ssp/adjust.h"
#include "ssp/indicators.h"
#include "ssp/io.h"
#include "ssp/num.h"
#include "ssp/out.h"
#include "tool.h"

static const char usage[] =
    "Usage: ssp indicators [OPTIONS] DATASET...\n"
    "Compute the standard outcome indicators of the catalogue over the\n"
    "canonical datasets (all of them one analysis): one row per indicator,\n"
    "technology, region, arm and disaggregation, with its numerator,\n"
    "denominator, estimate, interval, test and effect, p adjusted (Holm)\n"
    "within the effectiveness family, and small groups suppressed.\n"
    "\n"
    "      --catalogue FILE  indicator catalogue (default: the shipped\n"
    "                        indicators.json; see ssp-indicators(7))\n"
    "      --by COLS         also disaggregate by these subjects columns\n"
    "                        (or age_band), with a margin row for each\n"
    "      --lang ko|en      language of the labels (default ko)\n"
    "      --level X         confidence level (default 0.95)\n"
    "      --adjust M        holm (default), hochberg, bonferroni, bh, by\n"
    "                        or none\n"
    "      --min-cell N      suppress every count shown below N (default\n"
    "                        5; 0 off)\n"
    "      --min-n N         suppress statistics of fewer than N subjects\n"
    "                        (default 10; 0 off)\n"
    "      --start DATE      start of the observation period (default: each\n"
    "                        technology's first day of device data)\n"
    "      --end DATE        end of it and of follow-up (default: each\n"
    "                        technology's last day of data); a subject is\n"
    "                        in a denominator when observed a day of it\n"
    "      --json            JSON with provenance instead of CSV\n"
    "  -o, --output FILE     write to FILE (atomically), not standard output\n"
    "  -q, --quiet           no summary on standard error\n"
    "  -h, --help            show this help and exit\n"
    "      --version         show the version and exit\n"
    "\n"
    "Columns: indicator, label, domain, technology, region, arm, <by>, n,\n"
    "numerator, denominator, factor, estimate, ci_low, ci_high, ci_method,\n"
    "statistic, df, p, p_adjusted, effect, effect_method, unit, direction,\n"
    "suppressed, note.\n"
    "\n"
    "Exit status: 0 success, 1 bad data, 2 usage error or bad catalogue,\n"
    "3 I/O error, 4 internal error. See ssp-indicators(1).\n";

enum {
    OPT_CATALOGUE = 256,
    OPT_BY,
    OPT_LANG,
    OPT_LEVEL,
    OPT_ADJUST,
    OPT_MIN_CELL,
    OPT_MIN_N,
    OPT_START,
    OPT_END,
    OPT_JSON,
    OPT_VERSION
};

static const struct option long_opts[] = {
    {"catalogue", required_argument, NULL, OPT_CATALOGUE},
    {"by", required_argument, NULL, OPT_BY},
    {"lang", required_argument, NULL, OPT_LANG},
    {"level", required_argument, NULL, OPT_LEVEL},
    {"adjust", required_argument, NULL, OPT_ADJUST},
    {"min-cell", required_argument, NULL, OPT_MIN_CELL},
    {"min-n", required_argument, NULL, OPT_MIN_N},
    {"start", required_argument, NULL, OPT_START},
    {"end", required_argument, NULL, OPT_END},
    {"json", no_argument, NULL, OPT_JSON},
    {"output", required_argument, NULL, 'o'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

#define MAXBY 8

static const char *const names[] = {
    "n",      "numerator",  "denominator", "factor",        "estimate",
    "ci_low", "ci_high",    "ci_method",   "statistic",     "df",
    "p",      "p_adjusted", "effect",      "effect_method", "estimand",
    "unit",   "direction",  "suppressed",  "note"};
#define NNAMES (sizeof names / sizeof names[0])

/* A number, NA (CSV, as every command spells a missing value: ssp(1)) or
 * null (JSON) when missing. */
static void put_num(FILE *fp, double v, int json)
{
    char buf[SSP_NUM_BUFSZ];
    if (isnan(v) || (json && !isfinite(v))) /* JSON has no infinity */
        fputs(json ? "null" : "NA", fp);
    else
        fputs(ssp_fmt_double(v, buf), fp);
}

static void put_text(FILE *fp, const char *s, int json)
{
    if (json)
        ssp_put_json_string(fp, s);
    else
        ssp_put_csv_field(fp, s, ',');
}

/* The row's values after the key, in the order of names[]. */
static void put_values(FILE *fp, const ssp_ind_row *r, const ssp_ind_def *d,
                       int json)
{
    const double v[] = {r->n,       r->numerator, r->denominator,
                        r->factor,  r->estimate,  r->ci_low,
                        r->ci_high, NAN,          r->statistic,
                        r->df,      r->p,         r->p_adjusted,
                        r->effect};
    const char *t[] = {r->ci_method, r->effect_method,
                       d->estimand,  d->unit,
                       d->direction, r->suppressed ? "true" : "false",
                       r->note};
    for (size_t i = 0, ti = 0; i < NNAMES; i++) {
        if (json)
            fprintf(fp, ", \"%s\": ", names[i]);
        else
            putc(',', fp);
        int text = i == 7 || i >= 13;
        if (!text)
            put_num(fp, v[i], json);
        else if (json && i == 17)
            fputs(t[ti++], fp);
        else if (json && !*t[ti])
            fputs("null", fp), ti++;
        else
            put_text(fp, t[ti++], json);
    }
}

static void put_csv(FILE *fp, const ssp_ind *x, const ssp_ind_options *o,
                    int en)
{
    fputs("indicator,label,domain,technology,region,arm", fp);
    for (size_t i = 0; i < o->nby; i++) {
        putc(',', fp);
        ssp_put_csv_field(fp, o->by[i], ',');
    }
    for (size_t i = 0; i < NNAMES; i++)
        fprintf(fp, ",%s", names[i]);
    putc('\n', fp);
    for (size_t i = 0; i < ssp_ind_nrows(x); i++) {
        const ssp_ind_row *r = ssp_ind_row_at(x, i);
        const ssp_ind_def *d = ssp_ind_def_at(x, r->def);
        const char *key[] = {d->code,   en ? d->label_en : d->label_ko,
                             d->domain, r->technology,
                             r->region, r->arm};
        for (size_t k = 0; k < 6; k++) {
            if (k)
                putc(',', fp);
            ssp_put_csv_field(fp, key[k], ',');
        }
        for (size_t k = 0; k < o->nby; k++) {
            putc(',', fp);
            ssp_put_csv_field(fp, r->by[k], ',');
        }
        put_values(fp, r, d, 0);
        putc('\n', fp);
    }
}

static void put_paired(FILE *fp, const ssp_paired *p)
{
    const char *k[] = {"mean_pre", "mean_post",  "sd_diff",
                       "g",        "wilcoxon_v", "wilcoxon_p",
                       "improved", "worsened",   "unchanged"};
    const double v[] = {p->mean_pre, p->mean_post,  p->sd_diff,
                        p->g,        p->wilcoxon_v, p->wilcoxon_p,
                        p->improved, p->worsened,   p->unchanged};
    fputs(", \"paired\": {", fp);
    for (size_t i = 0; i < 9; i++) {
        fprintf(fp, "%s\"%s\": ", i ? ", " : "", k[i]);
        put_num(fp, isfinite(v[i]) ? v[i] : NAN, 1);
    }
    putc('}', fp);
}

static void put_json(FILE *fp, const ssp_ind *x, const ssp_ind_options *o,
                     int en, int argc, char **argv)
{
    char hex[65], buf[SSP_NUM_BUFSZ];
    unsigned long long bytes;
    const char *version, *cat = ssp_ind_catalogue(x, &version);
    fprintf(fp,
            "{\n  \"tool\": \"ssp indicators\",\n  \"version\": \"%s\",\n"
            "  \"command\": [",
            SSP_VERSION);
    for (int i = 0; i < argc; i++) {
        fputs(i ? ", " : "", fp);
        ssp_put_json_string(fp, argv[i]);
    }
    ssp_sha256_file(cat, hex, &bytes);
    fputs("],\n  \"catalogue\": {\"path\": ", fp);
    ssp_put_json_string(fp, cat);
    fputs(", \"version\": ", fp);
    ssp_put_json_string(fp, version);
    fprintf(fp, ", \"sha256\": \"%s\", \"bytes\": %llu},\n  \"inputs\": [", hex,
            bytes);
    const ssp_strs *in = ssp_ind_inputs(x);
    for (size_t i = 0; i < in->n; i++) {
        ssp_sha256_file(in->v[i], hex, &bytes);
        fputs(i ? ",\n    {\"path\": " : "\n    {\"path\": ", fp);
        ssp_put_json_string(fp, in->v[i]);
        fprintf(fp, ", \"sha256\": \"%s\", \"bytes\": %llu}", hex, bytes);
    }
    fprintf(fp, "\n  ],\n  \"parameters\": {\"level\": %s, \"by\": [",
            ssp_fmt_double(o->level, buf));
    for (size_t i = 0; i < o->nby; i++) {
        fputs(i ? ", " : "", fp);
        ssp_put_json_string(fp, o->by[i]);
    }
    static const char *const adj[] = {"holm", "hochberg", "bonferroni", "bh",
                                      "by"};
    fprintf(fp,
            "], \"lang\": \"%s\", \"adjust\": \"%s\", \"min_cell\": %ld, "
            "\"min_n\": %ld, \"start\": ",
            en ? "en" : "ko", o->adjust < 0 ? "none" : adj[o->adjust],
            o->min_cell, o->min_n);
    put_text(fp, o->start ? o->start : "", 1);
    fputs(", \"end\": ", fp);
    put_text(fp, o->end ? o->end : "", 1);
    json_t *co = ssp_ind_cohorts(x);
    char *cs = co && !ssp_json_failed() ? json_dumps(co, JSON_COMPACT) : NULL;
    json_decref(co);
    if (!cs)
        die(4, "out of memory");
    fprintf(fp, "},\n  \"cohorts\": %s,\n  \"results\": [", cs);
    free(cs);
    for (size_t i = 0; i < ssp_ind_nrows(x); i++) {
        const ssp_ind_row *r = ssp_ind_row_at(x, i);
        const ssp_ind_def *d = ssp_ind_def_at(x, r->def);
        const char *k[] = {"indicator",  "label",  "domain",
                           "technology", "region", "arm"};
        const char *v[] = {d->code,   en ? d->label_en : d->label_ko,
                           d->domain, r->technology,
                           r->region, r->arm};
        fputs(i ? ",\n    {" : "\n    {", fp);
        for (size_t j = 0; j < 6; j++) {
            fprintf(fp, "%s\"%s\": ", j ? ", " : "", k[j]);
            put_text(fp, v[j], 1);
        }
        fputs(", \"by\": {", fp);
        for (size_t j = 0; j < o->nby; j++) {
            fputs(j ? ", " : "", fp);
            ssp_put_json_string(fp, o->by[j]);
            fputs(": ", fp);
            if (*r->by[j])
                ssp_put_json_string(fp, r->by[j]);
            else
                fputs("null", fp);
        }
        fputs("}, \"type\": ", fp);
        ssp_put_json_string(fp, d->type);
        put_values(fp, r, d, 1);
        if (r->has_paired)
            put_paired(fp, &r->paired);
        putc('}', fp);
    }
    fputs("\n  ]\n}\n", fp);
}

int main_indicators(int argc, char **argv)
{
    ssp_ind_options o = {
        .level = 0.95, .adjust = SSP_ADJ_HOLM, .min_cell = 5, .min_n = 10};
    const char *catalogue = NULL, *output = NULL, *by[MAXBY];
    char *bylist = NULL;
    int json = 0, en = 0, quiet = 0, c;
    while ((c = getopt_long(argc, argv, "o:qh", long_opts, NULL)) != -1) {
        char *end;
        switch (c) {
        case OPT_CATALOGUE: catalogue = optarg; break;
        case OPT_BY:
            free(bylist);
            if (!(bylist = strdup(optarg)))
                die(SSP_EINTERNAL, "out of memory");
            o.nby = 0;
            for (char *s = strtok(bylist, ","); s; s = strtok(NULL, ",")) {
                if (o.nby == MAXBY)
                    usage_error("--by takes at most %d columns", MAXBY);
                by[o.nby++] = s;
            }
            if (!o.nby)
                usage_error("--by needs a column");
            break;
        case OPT_LANG:
            if (strcmp(optarg, "ko") && strcmp(optarg, "en"))
                usage_error("--lang takes ko or en, not '%s'", optarg);
            en = !strcmp(optarg, "en");
            break;
        case OPT_LEVEL:
            o.level = strtod(optarg, &end);
            if (*end || end == optarg || !(o.level > 0 && o.level < 1))
                usage_error("--level takes a number between 0 and 1, not "
                            "'%s'",
                            optarg);
            break;
        case OPT_ADJUST: {
            ssp_adjust_method m;
            if (!strcmp(optarg, "none"))
                o.adjust = -1;
            else if (ssp_adjust_parse(optarg, &m))
                o.adjust = (int)m;
            else
                usage_error("--adjust takes holm, hochberg, bonferroni, bh, "
                            "by or none, not '%s'",
                            optarg);
            break;
        }
        case OPT_MIN_CELL: o.min_cell = tool_whole("--min-cell", optarg); break;
        case OPT_MIN_N: o.min_n = tool_whole("--min-n", optarg); break;
        case OPT_START: o.start = optarg; break;
        case OPT_END: o.end = optarg; break;
        case OPT_JSON: json = 1; break;
        case 'o': output = optarg; break;
        case 'q': quiet = 1; break;
        case 'h': fputs(usage, stdout); return tool_finish(SSP_OK);
        case OPT_VERSION:
            printf("ssp indicators %s\n", SSP_VERSION);
            return tool_finish(SSP_OK);
        default: tool_bad_option();
        }
    }
    if (optind == argc)
        usage_error("name at least one dataset folder");
    o.by = by;
    ssp_error err = {0};
    ssp_ind *x = ssp_ind_open(catalogue, &o, &err);
    if (!x)
        die_error(&err);
    for (int i = optind; i < argc; i++)
        if (ssp_ind_add(x, argv[i], &err)) {
            ssp_ind_free(x);
            die_error(&err);
        }
    if (ssp_ind_run(x, &err)) {
        ssp_ind_free(x);
        die_error(&err);
    }
    ssp_atomic a = {0};
    FILE *fp = stdout;
    if (output && strcmp(output, "-")) {
        if (ssp_atomic_open(&a, output, 0, &err)) {
            ssp_ind_free(x);
            die_error(&err);
        }
        fp = a.fp;
    }
    if (json)
        put_json(fp, x, &o, en, argc, argv);
    else
        put_csv(fp, x, &o, en);
    size_t hidden = 0;
    for (size_t i = 0; i < ssp_ind_nrows(x); i++)
        hidden += ssp_ind_row_at(x, i)->suppressed;
    if (!quiet)
        warnx("%zu rows, %zu suppressed (--min-cell %ld, --min-n %ld)",
              ssp_ind_nrows(x), hidden, o.min_cell, o.min_n);
    ssp_ind_free(x);
    free(bylist);
    if (fp != stdout && ssp_atomic_commit(&a, &err))
        die_error(&err);
    return tool_finish(SSP_OK);
}
