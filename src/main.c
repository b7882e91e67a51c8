/* main.c: the ssp multi-call dispatcher. */
#include <gsl/gsl_errno.h>
#include <jansson.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "ssp/ssp.h"
#include "tool.h"

/* Every subcommand, in the order `ssp help` lists them. A NULL func starts a
 * section heading. */
static const struct command {
    const char *name;
    int (*func)(int, char **);
    const char *summary;
} commands[] = {
    {"Data", NULL, NULL},
    {"synth", main_synth, "write a synthetic pilot with known truth"},
    {"ingest", main_ingest, "map vendor exports into the canonical dataset"},
    {"keygen", main_keygen, "make a secret key for pseudonyms or signing"},
    {"panel", main_panel, "reduce device logs to the subject-day panel"},
    {"validate", main_validate,
     "check tables and datasets against their "
     "schemas"},
    {"Statistics", NULL, NULL},
    {"stats", main_stats, "descriptive statistics of CSV columns, per group"},
    {"test", main_test, "inferential tests, as R computes them"},
    {"adjust", main_adjust, "adjust p-values for multiple comparisons"},
    {"power", main_power,
     "power and sample size of t tests, as R's "
     "power.t.test"},
    {"indicators", main_indicators,
     "the standard outcome indicators of a "
     "pilot"},
    {"flow", main_flow, "the participant flow: enrolled, lost, analysed"},
    {"Results", NULL, NULL},
    {"report", main_report, "the Excel workbook of the indicators"},
    {"plot", main_plot, "charts of the results and datasets (gnuplot)"},
    {"Certificates", NULL, NULL},
    {"plan", main_plan, "register a plan before the data (signed)"},
    {"check", main_check,
     "the vendor's self-check against a plan "
     "(unofficial)"},
    {"cert", main_cert, "issue the signed certificate of a plan met"},
    {"verify", main_verify,
     "whether a certificate is genuine and "
     "consistent"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])

static const char usage_head[] =
    "Usage: ssp COMMAND [OPTIONS] [FILE...]\n"
    "       ssp-COMMAND [OPTIONS] [FILE...]\n"
    "Tools for evaluating the Smart Social Service pilot.\n";

static const char usage_tail[] =
    "\n"
    "  help [COMMAND]  show this list, or the help of COMMAND\n"
    "  --version       show the version\n"
    "\n"
    "Exit status: 0 success, 1 the data failed, 2 usage error, 3 I/O error,\n"
    "4 out of memory or internal error. See ssp(1).\n";

static void list_commands(FILE *fp)
{
    fputs(usage_head, fp);
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (!commands[i].func)
            fprintf(fp, "\n%s:\n", commands[i].name);
        else
            fprintf(fp, "  %-12s  %s\n", commands[i].name, commands[i].summary);
    }
    fputs(usage_tail, fp);
}

static const struct command *find(const char *name)
{
    for (size_t i = 0; i < NCOMMANDS; i++)
        if (commands[i].func && !strcmp(commands[i].name, name))
            return &commands[i];
    return NULL;
}

/* Levenshtein distance, for "did you mean". */
static size_t distance(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 40 || lb > 40)
        return (size_t)-1;
    size_t row[41];
    for (size_t j = 0; j <= lb; j++)
        row[j] = j;
    for (size_t i = 1; i <= la; i++) {
        size_t diag = row[0];
        row[0] = i;
        for (size_t j = 1; j <= lb; j++) {
            size_t up = row[j];
            size_t best = diag + (a[i - 1] != b[j - 1]);
            if (up + 1 < best)
                best = up + 1;
            if (row[j - 1] + 1 < best)
                best = row[j - 1] + 1;
            row[j] = best;
            diag = up;
        }
    }
    return row[lb];
}

static int unknown(const char *name)
{
    const char *best = NULL;
    size_t bestd = 3;
    for (size_t i = 0; i < NCOMMANDS; i++) {
        if (!commands[i].func)
            continue;
        size_t d = distance(name, commands[i].name);
        if (d < bestd) {
            bestd = d;
            best = commands[i].name;
        }
    }
    fprintf(stderr, "ssp: '%s' is not an ssp command.", name);
    if (best)
        fprintf(stderr, " Did you mean '%s'?", best);
    fputs(" See 'ssp help'.\n", stderr);
    return SSP_EUSAGE;
}

static int run(const struct command *c, int argc, char **argv)
{
    static char name[64];
    snprintf(name, sizeof name, "ssp %s", c->name);
    tool_init(name);
    argv[0] = name;
    return c->func(argc, argv);
}

int main(int argc, char **argv)
{
    /* GSL's default handler aborts; every caller checks for NaN instead. */
    gsl_set_error_handler_off();
    /* Out of memory in Jansson is fatal (see tool_json_malloc). */
    json_set_alloc_funcs(tool_json_malloc, free);
    /* Multi-call: ssp-stats is ssp stats. */
    const char *base = strrchr(argv[0], '/');
    base = base ? base + 1 : argv[0];
    if (!strncmp(base, "ssp-", 4)) {
        const struct command *c = find(base + 4);
        if (!c)
            return unknown(base + 4);
        return run(c, argc, argv);
    }
    tool_init("ssp");
    if (argc < 2) {
        list_commands(stderr);
        return SSP_EUSAGE;
    }
    const char *cmd = argv[1];
    if (!strcmp(cmd, "--version") || !strcmp(cmd, "version")) {
        printf("ssp %s\n", SSP_VERSION);
        return tool_finish(SSP_OK);
    }
    if (!strcmp(cmd, "help") || !strcmp(cmd, "--help") || !strcmp(cmd, "-h")) {
        if (argc > 2 && strcmp(cmd, "help") == 0) {
            const struct command *c = find(argv[2]);
            if (!c)
                return unknown(argv[2]);
            char *av[] = {argv[2], "--help", NULL};
            return run(c, 2, av);
        }
        list_commands(stdout);
        return tool_finish(SSP_OK);
    }
    const struct command *c = find(cmd);
    if (!c)
        return unknown(cmd);
    return run(c, argc - 1, argv + 1);
}
