/* plan.c: ssp plan register and ssp plan verify, a plan signed before
 * the data (the format is libssp's, src/lib/plan.c). */
#define _DEFAULT_SOURCE /* timegm */
#include <getopt.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "cmd.h"
#include "ssp/plan.h"
#include "tool.h"

static const char usage[] =
    "Usage: ssp plan register --key SECRET [--time TIME] PLAN\n"
    "       ssp plan verify --pub PUBKEY [--sig FILE] PLAN\n"
    "register: sign the evaluation plan before the data, writing\n"
    "PLAN.minisig (minisign's format) whose trusted comment names the plan's\n"
    "SHA-256 and the time of registration; prints them. verify: check that\n"
    "signature and that the plan is still the bytes registered; prints the\n"
    "time. ssp cert --plan-pub holds the time against the first endline.\n"
    "\n"
    "      --key SECRET  the registrar's secret key (ssp keygen --sign)\n"
    "      --time TIME   the time to register at, YYYY-MM-DDTHH:MM:SSZ or\n"
    "                    YYYY-MM-DD (UTC; default now): the registrar vouches\n"
    "                    for it with the signature\n"
    "      --pub PUBKEY  the registrar's public key\n"
    "      --sig FILE    the registration (default PLAN.minisig)\n"
    "  -h, --help        show this help and exit\n"
    "      --version     show the version and exit\n"
    "\n"
    "Exit status: 0 registered, or the registration holds; 1 it does not\n"
    "(a bad signature, the plan changed); 2 usage error or a bad plan;\n"
    "3 I/O error. See ssp-plan(1).\n";

enum { OPT_KEY = 256, OPT_TIME, OPT_PUB, OPT_SIG, OPT_VERSION };

static const struct option long_opts[] = {
    {"key", required_argument, NULL, OPT_KEY},
    {"time", required_argument, NULL, OPT_TIME},
    {"pub", required_argument, NULL, OPT_PUB},
    {"sig", required_argument, NULL, OPT_SIG},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* --time: seconds since 1970, UTC. */
static long long parse_time(const char *s)
{
    struct tm tm = {0};
    int n = 0;
    if (sscanf(s, "%4d-%2d-%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &n) !=
            3 ||
        (s[n] && (sscanf(s + n, "T%2d:%2d:%2dZ%n", &tm.tm_hour, &tm.tm_min,
                         &tm.tm_sec, &n) != 3 ||
                  s[10 + n])) ||
        tm.tm_mon < 1 || tm.tm_mon > 12 || tm.tm_mday < 1 || tm.tm_mday > 31 ||
        tm.tm_hour > 23 || tm.tm_min > 59 || tm.tm_sec > 60)
        usage_error("--time takes YYYY-MM-DDTHH:MM:SSZ or YYYY-MM-DD, not "
                    "'%s'",
                    s);
    int day = tm.tm_mday, mon = tm.tm_mon;
    tm.tm_year -= 1900;
    tm.tm_mon--;
    time_t t = timegm(&tm);
    if (tm.tm_mday != day || tm.tm_mon + 1 != mon)
        usage_error("--time: '%s' is no such day", s);
    return (long long)t;
}

int main_plan(int argc, char **argv)
{
    if (argc > 1 && (!strcmp(argv[1], "-h") || !strcmp(argv[1], "--help"))) {
        fputs(usage, stdout);
        return tool_finish(SSP_OK);
    }
    if (argc > 1 && !strcmp(argv[1], "--version")) {
        printf("ssp plan %s\n", SSP_VERSION);
        return tool_finish(SSP_OK);
    }
    if (argc < 2 || (strcmp(argv[1], "register") && strcmp(argv[1], "verify")))
        usage_error("name what to do: register or verify");
    int reg = !strcmp(argv[1], "register"), c;
    const char *key = NULL, *when = NULL, *pub = NULL, *sig = NULL;
    argc--;
    argv++;
    while ((c = getopt_long(argc, argv, "h", long_opts, NULL)) != -1) {
        switch (c) {
        case OPT_KEY: key = optarg; break;
        case OPT_TIME: when = optarg; break;
        case OPT_PUB: pub = optarg; break;
        case OPT_SIG: sig = optarg; break;
        case 'h': fputs(usage, stdout); return tool_finish(SSP_OK);
        case OPT_VERSION:
            printf("ssp plan %s\n", SSP_VERSION);
            return tool_finish(SSP_OK);
        default: tool_bad_option();
        }
    }
    if (optind + 1 != argc)
        usage_error("name one plan");
    const char *plan = argv[optind];
    ssp_plan_reg r;
    ssp_error err = {0};
    if (reg) {
        if (!key || pub || sig)
            usage_error("register takes --key (and --time), not --pub or "
                        "--sig");
        long long t = when ? parse_time(when) : (long long)time(NULL);
        if (ssp_plan_register(plan, key, t, &r, &err))
            die_error(&err);
        printf("%s: registered %s sha256=%s\n", plan, r.registered, r.sha256);
        return tool_finish(SSP_OK);
    }
    if (!pub || key || when)
        usage_error("verify takes --pub (and --sig), not --key or --time");
    ssp_status st = ssp_plan_registration(plan, sig, pub, &r, &err);
    if (st == SSP_EDATA) {
        printf("MISMATCH %s: %s\n", plan, err.msg);
        return tool_finish(1);
    }
    if (st)
        die_error(&err);
    printf("%s: registered %s sha256=%s\n", plan, r.registered, r.sha256);
    return tool_finish(SSP_OK);
}
