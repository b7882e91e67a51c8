/* power.c: ssp power, the power or sample size of a t test (the engine is
 * src/lib/power.c; this file reads the options and writes the row). */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "ssp/num.h"
#include "ssp/power.h"
#include "tool.h"

static const char usage[] =
    "Usage: ssp power --test paired|two-sample|ancova --sd S\n"
    "                 [--delta D] [--n N] [--power P] [--alpha A] [--r R]\n"
    "                 [--one-sided] [--strict]\n"
    "Give two of --delta, --n and --power and get the third: the power of a\n"
    "t test, the n it needs, or the smallest difference it detects, as R's\n"
    "power.t.test computes them. One CSV row: test,n,n_enrol,delta,sd,\n"
    "alpha,power (and r for ancova),alternative,strict; n is R's fractional\n"
    "value and n_enrol the whole number to enrol.\n"
    "\n"
    "      --test T      paired: n pairs, S the sd of the differences;\n"
    "                    two-sample: n per arm, S the common sd;\n"
    "                    ancova: n per arm, the endline adjusted for the\n"
    "                    baseline: residual sd S*sqrt(1-R^2), df 2n-3\n"
    "      --sd S        the standard deviation (> 0)\n"
    "      --delta D     the true difference of means (> 0)\n"
    "      --n N         pairs (paired) or per arm, from 2 to 1e7\n"
    "      --power P     the power, in (0, 1)\n"
    "      --alpha A     the significance level (default 0.05)\n"
    "      --r R         ancova: the baseline-endline correlation, in (-1, 1)\n"
    "      --one-sided   a one-sided test at A (default two-sided)\n"
    "      --strict      two-sided: count rejections in the wrong direction\n"
    "                    too (power.t.test strict = TRUE, pwr.t.test)\n"
    "  -h, --help        show this help and exit\n"
    "      --version     show the version and exit\n"
    "\n"
    "Exit status: 0 success, 2 usage error (not exactly two of delta, n and\n"
    "power, a value out of range, no answer in R's bracket), 3 I/O error.\n"
    "See ssp-power(1).\n";

enum {
    OPT_TEST = 256,
    OPT_SD,
    OPT_DELTA,
    OPT_N,
    OPT_POWER,
    OPT_ALPHA,
    OPT_R,
    OPT_ONE_SIDED,
    OPT_STRICT,
    OPT_VERSION
};

static const struct option long_opts[] = {
    {"test", required_argument, NULL, OPT_TEST},
    {"sd", required_argument, NULL, OPT_SD},
    {"delta", required_argument, NULL, OPT_DELTA},
    {"n", required_argument, NULL, OPT_N},
    {"power", required_argument, NULL, OPT_POWER},
    {"alpha", required_argument, NULL, OPT_ALPHA},
    {"r", required_argument, NULL, OPT_R},
    {"one-sided", no_argument, NULL, OPT_ONE_SIDED},
    {"strict", no_argument, NULL, OPT_STRICT},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* A number option (any finite number; ranges are the engine's to judge). */
static double number(const char *opt, const char *arg)
{
    double x;
    if (!ssp_parse_double(arg, strlen(arg), &x))
        usage_error("%s takes a number, not '%s'", opt, arg);
    return x;
}

int main_power(int argc, char **argv)
{
    ssp_power p = {.test = SSP_POWER_PAIRED,
                   .n = NAN,
                   .delta = NAN,
                   .sd = NAN,
                   .r = NAN,
                   .alpha = 0.05,
                   .power = NAN};
    int have_test = 0, c;
    while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
        switch (c) {
        case OPT_TEST:
            if (!ssp_power_parse(optarg, &p.test))
                usage_error("--test takes paired, two-sample or ancova, not "
                            "'%s'",
                            optarg);
            have_test = 1;
            break;
        case OPT_SD: p.sd = number("--sd", optarg); break;
        case OPT_DELTA: p.delta = number("--delta", optarg); break;
        case OPT_N: p.n = number("--n", optarg); break;
        case OPT_POWER: p.power = number("--power", optarg); break;
        case OPT_ALPHA: p.alpha = number("--alpha", optarg); break;
        case OPT_R: p.r = number("--r", optarg); break;
        case OPT_ONE_SIDED: p.one_sided = 1; break;
        case OPT_STRICT: p.strict = 1; break;
        case 'h': fputs(usage, stdout); return tool_finish(SSP_OK);
        case OPT_VERSION:
            printf("ssp power %s\n", SSP_VERSION);
            return tool_finish(SSP_OK);
        default: tool_bad_option();
        }
    }
    if (optind < argc)
        usage_error("no operands are taken ('%s'); the inputs are options",
                    argv[optind]);
    if (!have_test)
        usage_error("give --test paired, two-sample or ancova");
    if (isnan(p.sd))
        usage_error("give --sd, the standard deviation");
    if (!isnan(p.r) && p.test != SSP_POWER_ANCOVA)
        usage_error("--r is for --test ancova only");
    if (p.strict && p.one_sided)
        usage_error("--strict is for two-sided tests; drop it or "
                    "--one-sided");
    ssp_error e;
    if (ssp_power_solve(&p, &e) != SSP_OK) {
        if (e.status == SSP_EUSAGE)
            usage_error("%s", e.msg);
        die_error(&e);
    }
    char b[7][SSP_NUM_BUFSZ];
    int anc = p.test == SSP_POWER_ANCOVA;
    printf("test,n,n_enrol,delta,sd,alpha,power%s,alternative,strict\n",
           anc ? ",r" : "");
    printf("%s,%s,%s,%s,%s,%s,%s%s%s,%s,%s\n", ssp_power_name(p.test),
           ssp_fmt_double(p.n, b[0]), ssp_fmt_double(p.n_enrol, b[1]),
           ssp_fmt_double(p.delta, b[2]), ssp_fmt_double(p.sd, b[3]),
           ssp_fmt_double(p.alpha, b[4]), ssp_fmt_double(p.power, b[5]),
           anc ? "," : "", anc ? ssp_fmt_double(p.r, b[6]) : "",
           p.one_sided ? "one.sided" : "two.sided",
           p.strict ? "TRUE" : "FALSE");
    return tool_finish(SSP_OK);
}
