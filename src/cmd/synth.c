/* synth.c: ssp synth, a synthetic pilot with known truth. */
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "ssp/num.h"
#include "ssp/synth.h"
#include "tool.h"

static const char usage[] =
    "Usage: ssp synth [OPTIONS] (--canonical | --vendor) -o DIR\n"
    "Write a synthetic Smart Social Service pilot (five regions, six\n"
    "technologies, June-December 2024) whose true parameters are known,\n"
    "in DIR/truth.json.\n"
    "\n"
    "  -o, --output DIR          the folder (created if needed)\n"
    "      --canonical           a canonical dataset (tables, device logs,\n"
    "                            datapackage.json) that ssp validate accepts\n"
    "      --vendor              what each firm hands over: its own columns\n"
    "                            (Korean), units, formats and encodings\n"
    "      --faults RATE         vendor: share of rows given a fault, each\n"
    "                            listed in truth.json (default 0.01)\n"
    "      --seed N              random seed (default 1)\n"
    "      --scale F             multiply the participants by F (default 1)\n"
    "      --log-days N          minute-level device logs for the first N\n"
    "                            days of each participant (default 14; 0 all)\n"
    "      --effect CODE=D       standardized change of an instrument, in its\n"
    "                            direction of improvement (repeatable)\n"
    "      --comparison-share S  share of participants in a comparison arm\n"
    "      --dropout P           probability of leaving early (default: each\n"
    "                            cohort's own, 5-12%)\n"
    "      --midline-fraction F  midline change as a share of the endline\n"
    "                            change (default 0.6)\n"
    "      --screening           canonical: also screening.csv, the people\n"
    "                            assessed for eligibility (some excluded)\n"
    "      --mar-dropout CODE=S  dropout after the midline driven by its CODE\n"
    "                            score (missing at random), strength S >= 0\n"
    "  -h, --help                show this help and exit\n"
    "      --version             show the version and exit\n"
    "\n"
    "Exit status: 0 success, 2 usage error, 3 I/O error, 4 internal error.\n"
    "See ssp-synth(1).\n";

enum {
    OPT_CANONICAL = 256,
    OPT_VENDOR,
    OPT_FAULTS,
    OPT_SEED,
    OPT_SCALE,
    OPT_LOG_DAYS,
    OPT_EFFECT,
    OPT_COMPARISON,
    OPT_DROPOUT,
    OPT_MIDLINE,
    OPT_MAR,
    OPT_SCREENING,
    OPT_VERSION
};

static const struct option long_opts[] = {
    {"output", required_argument, NULL, 'o'},
    {"canonical", no_argument, NULL, OPT_CANONICAL},
    {"vendor", no_argument, NULL, OPT_VENDOR},
    {"faults", required_argument, NULL, OPT_FAULTS},
    {"seed", required_argument, NULL, OPT_SEED},
    {"scale", required_argument, NULL, OPT_SCALE},
    {"log-days", required_argument, NULL, OPT_LOG_DAYS},
    {"effect", required_argument, NULL, OPT_EFFECT},
    {"comparison-share", required_argument, NULL, OPT_COMPARISON},
    {"dropout", required_argument, NULL, OPT_DROPOUT},
    {"midline-fraction", required_argument, NULL, OPT_MIDLINE},
    {"mar-dropout", required_argument, NULL, OPT_MAR},
    {"screening", no_argument, NULL, OPT_SCREENING},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* A number option in [lo, hi]. */
static double number(const char *opt, const char *s, double lo, double hi)
{
    double x;
    if (!ssp_parse_double(s, strlen(s), &x) || x < lo || x > hi)
        usage_error("%s takes a number from %g to %g, not '%s'", opt, lo, hi,
                    s);
    return x;
}

int main_synth(int argc, char **argv)
{
    ssp_synth_opts o;
    ssp_synth_opts_init(&o);
    int canonical = 0, c;
    /* The command line, for truth.json. */
    size_t len = 1;
    for (int i = 0; i < argc; i++)
        len += strlen(argv[i]) + 1;
    char *command = calloc(1, len);
    if (!command)
        die(SSP_EINTERNAL, "out of memory");
    for (int i = 0; i < argc; i++) {
        strcat(command, i ? " " : "");
        strcat(command, argv[i]);
    }
    o.command = command;
    while ((c = getopt_long(argc, argv, "o:h", long_opts, NULL)) != -1) {
        switch (c) {
        case 'o': o.outdir = optarg; break;
        case OPT_CANONICAL: canonical = 1; break;
        case OPT_VENDOR: o.vendor = 1; break;
        case OPT_FAULTS: o.faults = number("--faults", optarg, 0, 0.5); break;
        case OPT_SEED:
            o.seed = (unsigned long)number("--seed", optarg, 0, 4294967295.0);
            break;
        case OPT_SCALE: o.scale = number("--scale", optarg, 0.001, 1000); break;
        case OPT_LOG_DAYS:
            o.log_days = (int)number("--log-days", optarg, 0, 366);
            break;
        case OPT_EFFECT: {
            char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg || eq - optarg >= 16)
                usage_error("--effect takes CODE=D, like SGDS_K=0.3, not '%s'",
                            optarg);
            if (o.neffects == SSP_SYNTH_MAX_EFFECTS)
                usage_error("at most %d --effect options",
                            SSP_SYNTH_MAX_EFFECTS);
            memcpy(o.effects[o.neffects].code, optarg, (size_t)(eq - optarg));
            o.effects[o.neffects].dz = number("--effect", eq + 1, -5, 5);
            o.neffects++;
            break;
        }
        case OPT_COMPARISON:
            o.comparison_share = number("--comparison-share", optarg, 0, 1);
            break;
        case OPT_DROPOUT: o.dropout = number("--dropout", optarg, 0, 1); break;
        case OPT_MIDLINE:
            o.midline_fraction = number("--midline-fraction", optarg, -2, 2);
            break;
        case OPT_SCREENING: o.screening = 1; break;
        case OPT_MAR: {
            char *eq = strchr(optarg, '=');
            if (!eq || eq == optarg || eq - optarg >= 16)
                usage_error("--mar-dropout takes CODE=S, like GRIP=1.5, not "
                            "'%s'",
                            optarg);
            memset(o.mar_code, 0, sizeof o.mar_code);
            memcpy(o.mar_code, optarg, (size_t)(eq - optarg));
            o.mar = number("--mar-dropout", eq + 1, 0, 10);
            break;
        }
        case 'h':
            fputs(usage, stdout);
            free(command);
            return tool_finish(SSP_OK);
        case OPT_VERSION:
            printf("ssp synth %s\n", SSP_VERSION);
            free(command);
            return tool_finish(SSP_OK);
        default:
            fprintf(stderr, "Try '%s --help' for more information.\n",
                    tool_name());
            free(command);
            return SSP_EUSAGE;
        }
    }
    if (optind < argc)
        usage_error("unexpected argument '%s'", argv[optind]);
    if (!o.outdir)
        usage_error("give the output folder: -o DIR");
    if (canonical == o.vendor)
        usage_error("give one of --canonical and --vendor");
    if (o.screening && o.vendor)
        usage_error("--screening is for --canonical (vendors' exports have "
                    "no screening log)");
    static const char *const known[] = {
        "SGDS_K", "UCLA_LS", "LSNS_K", "MMSE_K", "CIST", "PLATE_WASTE",
        "SPPB",   "GAIT",    "GRIP",   "TUG",    "CST30"};
    for (int i = 0; i <= o.neffects; i++) {
        const char *code = i < o.neffects ? o.effects[i].code : o.mar_code;
        if (!*code)
            continue;
        size_t k = 0;
        while (k < sizeof known / sizeof known[0] && strcmp(known[k], code))
            k++;
        if (k == sizeof known / sizeof known[0])
            usage_error("%s %s: no cohort measures that instrument "
                        "(SGDS_K, UCLA_LS, LSNS_K, MMSE_K, CIST, PLATE_WASTE, "
                        "SPPB, GAIT, GRIP, TUG, CST30)",
                        i < o.neffects ? "--effect" : "--mar-dropout", code);
    }
    ssp_error e;
    if (ssp_synth_write(&o, &e) != SSP_OK)
        die_error(&e);
    free(command);
    return tool_finish(SSP_OK);
}
