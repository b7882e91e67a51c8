/* test.c: ssp test, inferential statistics for pipelines. So far the
 * paired comparison; the other tests of ssp-test(1) are to come. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "ssp/csv.h"
#include "ssp/num.h"
#include "ssp/out.h"
#include "ssp/strmap.h"
#include "ssp/tests.h"
#include "tool.h"

static const char usage[] =
    "Usage: ssp test paired [OPTIONS] PRE POST [FILE]\n"
    "Paired comparison of two columns (one row per subject; diff = POST -\n"
    "PRE): paired t-test and Wilcoxon signed-rank test as R's t.test and\n"
    "wilcox.test, Cohen's dz, Hedges' g, and counts of subjects improved,\n"
    "worsened and unchanged. Rows missing either value are left out and\n"
    "counted on standard error.\n"
    "\n"
    "Columns: n, mean_pre, mean_post, mean_diff, sd_diff, ci_low, ci_high,\n"
    "t, df, p, dz, g, wilcoxon_v, wilcoxon_p, improved, worsened, unchanged\n"
    "(after the group columns).\n"
    "\n"
    "  -g, --group COLS          one row per group\n"
    "      --level X             confidence level (default 0.95)\n"
    "      --alternative A       two-sided (default), less, greater\n"
    "      --mcid X              smallest change that counts as improved or\n"
    "                            worsened (default 0: any change)\n"
    "      --lower-is-better     improvement is a decrease (depression,\n"
    "                            loneliness, TUG)\n"
    "      --json                JSON array of objects instead of CSV\n"
    "  -t, --delimiter CHAR      field delimiter (default ',')\n"
    "      --encoding ENC        input encoding (default utf-8)\n"
    "  -h, --help                show this help and exit\n"
    "      --version             show the version and exit\n"
    "\n"
    "Other tests (two-sample, prop, rate, anova, chisq, trend) are not\n"
    "written yet.\n"
    "Exit status: 0 success, 1 bad data, 2 usage error, 3 I/O error,\n"
    "4 internal error. See ssp-test(1).\n";

enum { OPT_LEVEL = 256, OPT_ALT, OPT_MCID, OPT_LIB, OPT_JSON, OPT_ENCODING,
       OPT_VERSION };

static const struct option long_opts[] = {
    {"group", required_argument, NULL, 'g'},
    {"level", required_argument, NULL, OPT_LEVEL},
    {"alternative", required_argument, NULL, OPT_ALT},
    {"mcid", required_argument, NULL, OPT_MCID},
    {"lower-is-better", no_argument, NULL, OPT_LIB},
    {"json", no_argument, NULL, OPT_JSON},
    {"delimiter", required_argument, NULL, 't'},
    {"encoding", required_argument, NULL, OPT_ENCODING},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

struct group {
    double *pre, *post;
    size_t n, cap;
};

static SSP_NORETURN void oom(void)
{
    die(SSP_EINTERNAL, "out of memory");
}

static int missing(const ssp_csv_field *f)
{
    return !f->len || !strcmp(f->s, "NA");
}

static double number(const ssp_csv *in, const ssp_csv_field *f)
{
    double x;
    if (!ssp_parse_double(f->s, f->len, &x)) {
        ssp_error e;
        ssp_error_set(&e, SSP_EDATA, ssp_csv_name(in), f->line, f->col,
                      "'%.40s' is not a number", f->s);
        die_error(&e);
    }
    return x;
}

static int paired(int argc, char **argv)
{
    ssp_csv_options o;
    ssp_csv_options_init(&o);
    const char *groups = NULL;
    double level = 0.95, mcid = 0;
    ssp_alternative alt = SSP_TWO_SIDED;
    int lib = 0, json = 0, c;
    while ((c = getopt_long(argc, argv, "g:t:h", long_opts, NULL)) != -1) {
        double x;
        switch (c) {
        case 'g': groups = optarg; break;
        case OPT_LEVEL:
            if (!ssp_parse_double(optarg, strlen(optarg), &x) || x <= 0 || x >= 1)
                usage_error("--level takes a number between 0 and 1, not '%s'",
                            optarg);
            level = x;
            break;
        case OPT_ALT:
            if (!strcmp(optarg, "two-sided"))
                alt = SSP_TWO_SIDED;
            else if (!strcmp(optarg, "less"))
                alt = SSP_LESS;
            else if (!strcmp(optarg, "greater"))
                alt = SSP_GREATER;
            else
                usage_error("--alternative takes two-sided, less or greater, "
                            "not '%s'", optarg);
            break;
        case OPT_MCID:
            if (!ssp_parse_double(optarg, strlen(optarg), &x) || x < 0)
                usage_error("--mcid takes a number >= 0, not '%s'", optarg);
            mcid = x;
            break;
        case OPT_LIB: lib = 1; break;
        case OPT_JSON: json = 1; break;
        case 't':
            if (strlen(optarg) != 1 && strcmp(optarg, "tab"))
                usage_error("delimiter must be one character, not '%s'",
                            optarg);
            o.delim = strcmp(optarg, "tab") ? optarg[0] : '\t';
            break;
        case OPT_ENCODING: o.encoding = optarg; break;
        case 'h':
            fputs(usage, stdout);
            return tool_finish(SSP_OK);
        case OPT_VERSION:
            printf("ssp test %s\n", SSP_VERSION);
            return tool_finish(SSP_OK);
        default:
            fprintf(stderr, "Try '%s --help' for more information.\n",
                    tool_name());
            return SSP_EUSAGE;
        }
    }
    if (argc - optind < 2)
        usage_error("give the PRE and POST columns");
    const char *pre_col = argv[optind], *post_col = argv[optind + 1];
    if (argc - optind > 3)
        usage_error("one input at most (or standard input)");
    ssp_error e;
    ssp_csv *in = ssp_csv_open(argc - optind == 3 ? argv[optind + 2] : "-", &o, &e);
    if (!in)
        die_error(&e);
    size_t ip, iq, gidx[16], ng = 0;
    if (ssp_csv_column(in, pre_col, &ip, &e) != SSP_OK ||
        ssp_csv_column(in, post_col, &iq, &e) != SSP_OK)
        die_error(&e);
    char *gcopy = groups ? strdup(groups) : NULL;
    for (char *t = gcopy ? strtok(gcopy, ",") : NULL; t; t = strtok(NULL, ",")) {
        if (ng == 16)
            usage_error("at most 16 group columns");
        if (ssp_csv_column(in, t, &gidx[ng++], &e) != SSP_OK)
            die_error(&e);
    }
    free(gcopy);
    ssp_strmap keys;
    ssp_strmap_init(&keys);
    struct group *g = NULL;
    size_t capg = 0;
    unsigned long long left_out = 0;
    ssp_csv_record rec;
    int rc;
    while ((rc = ssp_csv_next(in, &rec, &e)) > 0) {
        char key[4096];
        size_t len = 0, idx;
        int added;
        for (size_t i = 0; i < ng && len < sizeof key; i++)
            len += (size_t)snprintf(key + len, sizeof key - len, "%s%c",
                                    rec.f[gidx[i]].s, 0);
        if (ssp_strmap_put(&keys, key, len < sizeof key ? len : sizeof key,
                           &idx, &added) != SSP_OK)
            oom();
        if (added) {
            if (!(g = ssp_grow(g, &capg, idx + 1, sizeof *g)))
                oom();
            memset(&g[idx], 0, sizeof g[idx]);
        }
        if (missing(&rec.f[ip]) || missing(&rec.f[iq])) {
            left_out++;
            continue;
        }
        struct group *gr = &g[idx];
        if (gr->n == gr->cap) {
            size_t cap = gr->cap ? 2 * gr->cap : 64;
            double *a = realloc(gr->pre, cap * sizeof *a);
            if (a)
                gr->pre = a;
            double *b = realloc(gr->post, cap * sizeof *b);
            if (b)
                gr->post = b;
            if (!a || !b)
                oom();
            gr->cap = cap;
        }
        gr->pre[gr->n] = number(in, &rec.f[ip]);
        gr->post[gr->n++] = number(in, &rec.f[iq]);
    }
    if (rc < 0)
        die_error(&e);
    if (left_out)
        warnx("%llu row%s missing %s or %s left out", left_out,
              left_out == 1 ? "" : "s", pre_col, post_col);
    static const char *const cols[] = {
        "n", "mean_pre", "mean_post", "mean_diff", "sd_diff", "ci_low",
        "ci_high", "t", "df", "p", "dz", "g", "wilcoxon_v", "wilcoxon_p",
        "improved", "worsened", "unchanged"};
    const ssp_csv_record *h = ssp_csv_header(in);
    char d = o.delim, num[SSP_NUM_BUFSZ];
    if (!json) {
        for (size_t i = 0; i < ng; i++) {
            ssp_put_csv_field(stdout, h->f[gidx[i]].s, d);
            fputc(d, stdout);
        }
        for (size_t k = 0; k < 17; k++)
            printf("%s%s", k ? (char[]){d, 0} : "", cols[k]);
        putchar('\n');
    } else {
        putchar('[');
    }
    for (size_t gi = 0; gi < keys.n; gi++) {
        ssp_paired r;
        if (ssp_test_paired(g[gi].pre, g[gi].post, g[gi].n, alt, level, mcid,
                            lib, &r) != SSP_OK)
            oom();
        double v[17] = {(double)r.n, r.mean_pre, r.mean_post, r.mean_diff,
                        r.sd_diff, r.ci_low, r.ci_high, r.t, r.df, r.p, r.dz,
                        r.g, r.wilcoxon_v, r.wilcoxon_p, r.improved,
                        r.worsened, r.unchanged};
        size_t klen;
        const char *key = ssp_strmap_key(&keys, gi, &klen);
        if (json)
            fputs(gi ? ",\n{" : "\n{", stdout);
        for (size_t i = 0; i < ng; i++, key += strlen(key) + 1) {
            if (json) {
                ssp_put_json_string(stdout, h->f[gidx[i]].s);
                putchar(':');
                ssp_put_json_string(stdout, key);
                putchar(',');
            } else {
                ssp_put_csv_field(stdout, key, d);
                putchar(d);
            }
        }
        for (size_t k = 0; k < 17; k++) {
            if (k)
                putchar(json ? ',' : d);
            if (json)
                printf("\"%s\":", cols[k]);
            ssp_fmt_double(v[k], num);
            fputs(json && !isfinite(v[k]) ? "null" : num, stdout);
        }
        if (json)
            putchar('}');
        else
            putchar('\n');
        free(g[gi].pre);
        free(g[gi].post);
    }
    if (json)
        fputs(keys.n ? "\n]\n" : "]\n", stdout);
    free(g);
    ssp_strmap_destroy(&keys);
    ssp_csv_close(in);
    return tool_finish(SSP_OK);
}

int main_test(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        if (argc < 2)
            usage_error("give a test: paired");
        fputs(usage, stdout);
        return tool_finish(SSP_OK);
    }
    if (!strcmp(argv[1], "--version")) {
        printf("ssp test %s\n", SSP_VERSION);
        return tool_finish(SSP_OK);
    }
    if (!strcmp(argv[1], "paired"))
        return paired(argc - 1, argv + 1);
    static const char *const later[] = {"two-sample", "prop", "rate", "anova",
                                        "chisq", "trend"};
    for (size_t i = 0; i < sizeof later / sizeof later[0]; i++)
        if (!strcmp(argv[1], later[i]))
            die(SSP_EUSAGE, "'%s' is not written yet; so far there is "
                            "'ssp test paired'", argv[1]);
    usage_error("unknown test '%s' (so far: paired)", argv[1]);
}
