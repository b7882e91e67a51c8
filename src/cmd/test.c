/* test.c: ssp test, inferential statistics for pipelines: paired and
 * two-sample comparisons, proportions, rates, anova, chisq and trend, each
 * equal to R's on the reference fixtures in tests/ref/test. */
#include <getopt.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "ssp/csv.h"
#include "ssp/names.h"
#include "ssp/num.h"
#include "ssp/out.h"
#include "ssp/strmap.h"
#include "ssp/tests.h"
#include "tool.h"

static const char usage[] =
    "Usage: ssp test paired [OPTIONS] PRE POST [FILE]\n"
    "       ssp test paired [OPTIONS] --id COL --phase COL --from A --to B\n"
    "                       VALUE [FILE]\n"
    "       ssp test two-sample [OPTIONS] VALUE GROUP [FILE]\n"
    "       ssp test ancova [OPTIONS] OUTCOME ARM BASELINE [FILE]\n"
    "       ssp test mmrm [OPTIONS] --id COL --visit COL OUTCOME ARM BASELINE\n"
    "                     [FILE]\n"
    "       ssp test prop [OPTIONS] SUCCESSES TRIALS [FILE]\n"
    "       ssp test prop [OPTIONS] --binary COL [FILE]\n"
    "       ssp test rate [OPTIONS] EVENTS EXPOSURE [FILE]\n"
    "       ssp test anova [OPTIONS] VALUE GROUP [FILE]\n"
    "       ssp test chisq [OPTIONS] ROWVAR COLVAR [FILE]\n"
    "       ssp test trend [OPTIONS] Y X [FILE]\n"
    "Inferential statistics as R computes them, one CSV row per group.\n"
    "Rows missing a value are left out and counted on standard error.\n"
    "\n"
    "paired: diff = POST - PRE, one row per subject; paired t-test and\n"
    "  Wilcoxon signed-rank test (R's t.test, wilcox.test), Cohen's dz,\n"
    "  Hedges' g, subjects improved, worsened and unchanged. Columns: n,\n"
    "  mean_pre, mean_post, mean_diff, sd_diff, ci_low, ci_high, t, df, p,\n"
    "  dz, g, wilcoxon_v, wilcoxon_p, improved, worsened, unchanged.\n"
    "two-sample: VALUE compared between the two values of GROUP (the first\n"
    "  met is group1, unless --levels): Welch's t (Student's with\n"
    "  --var-equal) and Mann-Whitney (R's t.test, wilcox.test), Hedges' g.\n"
    "  Columns: group1, group2, n1, n2, mean1, mean2, mean_diff, ci_low,\n"
    "  ci_high, t, df, p, g, mw_w, mw_p.\n"
    "ancova: least squares of OUTCOME on ARM (level A against B, by\n"
    "  default intervention,comparison), BASELINE and each --covariate\n"
    "  (R's lm); estimate = A - B adjusted, adj_mean1 and adj_mean2 at the\n"
    "  covariate means (emmeans). With --cluster COL: se, t, df, p and the\n"
    "  interval are CR2 with Satterthwaite df (clubSandwich's coef_test).\n"
    "  Columns: n, n1, n2, estimate, se, ci_low, ci_high, t, df, p,\n"
    "  adj_mean1, adj_mean2 (with --cluster also clusters, se_model, icc,\n"
    "  design_effect).\n"
    "mmrm: long data, one row per subject and post-baseline visit: a mixed\n"
    "  model for repeated measures (R's nlme::gls with fixed effects visit,\n"
    "  visit:ARM and visit:BASELINE, an unstructured covariance over the\n"
    "  visits, REML); every subject with a baseline and a later score\n"
    "  counts (missing at random). One row per visit, in the order first\n"
    "  met: visit, n, estimate (A - B adjusted), se, df (N - p, as gls),\n"
    "  ci_low, ci_high, t, p.\n"
    "prop: successes and trials summed per group (or the 0/1 values of\n"
    "  --binary COL); an interval and the exact binomial test\n"
    "  against --p0 (R's binom.test). Columns: x, n, estimate, ci_low,\n"
    "  ci_high, ci_method, p.\n"
    "rate: events and exposure summed per group; exact Poisson (Garwood)\n"
    "  interval, as R's poisson.test. Columns: events, exposure, rate,\n"
    "  ci_low, ci_high.\n"
    "anova: VALUE compared among all values of GROUP: one-way ANOVA and\n"
    "  Kruskal-Wallis (R's oneway.test(var.equal = TRUE), kruskal.test).\n"
    "  Columns: k, n, f, df1, df2, p, kw_h, kw_df, kw_p.\n"
    "chisq: the table of ROWVAR by COLVAR: Pearson's chi-square (R's\n"
    "  chisq.test) and, for a 2x2 table, Fisher's exact test (fisher.test).\n"
    "  Columns: chisq, df, p, fisher_p.\n"
    "trend: the least-squares line of Y on X (R's lm). Columns: n, slope,\n"
    "  intercept, slope_se, ci_low, ci_high, t, p, r2.\n"
    "\n"
    "  -g, --group COLS          one row per group\n"
    "      --level X             confidence level (default 0.95)\n"
    "      --alternative A       paired, two-sample, prop: two-sided\n"
    "                            (default), less, greater\n"
    "      --mcid X              paired: smallest change that counts as\n"
    "                            improved or worsened (default 0: any)\n"
    "      --lower-is-better     paired: improvement is a decrease\n"
    "      --id COL, --phase COL, --from A, --to B\n"
    "                            paired, long form: one row per subject and\n"
    "                            phase; PRE is VALUE where COL is A, POST\n"
    "                            where it is B (other phases passed over)\n"
    "      --var-equal           two-sample: Student's t (pooled variance)\n"
    "      --levels A,B          two-sample, ancova, mmrm: the two GROUP "
    "(ARM)\n"
    "                            values compared, in this order (rows of\n"
    "                            others are left out)\n"
    "      --covariate COL       ancova: adjust for COL too (repeatable)\n"
    "      --cluster COL         ancova: cluster-robust CR2 test by COL\n"
    "      --id COL, --visit COL mmrm: the subject and the visit of a row\n"
    "      --method M            prop: wilson (default), exact, jeffreys\n"
    "      --p0 X                prop: the tested proportion (default 0.5)\n"
    "      --binary COL          prop: count the 1s among COL's 0/1 values\n"
    "      --per K               rate: per K units of exposure (default 1)\n"
    "      --yates               chisq: continuity correction for a 2x2 table\n"
    "      --json                JSON array of objects instead of CSV\n"
    "  -t, --delimiter CHAR      field delimiter (default ',')\n"
    "      --encoding ENC        input encoding (default utf-8)\n"
    "  -h, --help                show this help and exit\n"
    "      --version             show the version and exit\n"
    "\n"

    "Exit status: 0 success, 1 bad data, 2 usage error, 3 I/O error,\n"
    "4 internal error. See ssp-test(1).\n";

enum {
    OPT_LEVEL = 256,
    OPT_ALT,
    OPT_MCID,
    OPT_LIB,
    OPT_METHOD,
    OPT_P0,
    OPT_BINARY,
    OPT_PER,
    OPT_VAREQ,
    OPT_LEVELS,
    OPT_YATES,
    OPT_ID,
    OPT_PHASE,
    OPT_FROM,
    OPT_TO,
    OPT_JSON,
    OPT_ENCODING,
    OPT_VERSION
};

static const struct option long_opts[] = {
    {"group", required_argument, NULL, 'g'},
    {"level", required_argument, NULL, OPT_LEVEL},
    {"alternative", required_argument, NULL, OPT_ALT},
    {"mcid", required_argument, NULL, OPT_MCID},
    {"lower-is-better", no_argument, NULL, OPT_LIB},
    {"method", required_argument, NULL, OPT_METHOD},
    {"p0", required_argument, NULL, OPT_P0},
    {"binary", required_argument, NULL, OPT_BINARY},
    {"per", required_argument, NULL, OPT_PER},
    {"var-equal", no_argument, NULL, OPT_VAREQ},
    {"levels", required_argument, NULL, OPT_LEVELS},
    {"yates", no_argument, NULL, OPT_YATES},
    {"id", required_argument, NULL, OPT_ID},
    {"phase", required_argument, NULL, OPT_PHASE},
    {"from", required_argument, NULL, OPT_FROM},
    {"to", required_argument, NULL, OPT_TO},
    {"json", no_argument, NULL, OPT_JSON},
    {"delimiter", required_argument, NULL, 't'},
    {"encoding", required_argument, NULL, OPT_ENCODING},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

#define LEVEL (1u << (OPT_LEVEL - 256))

enum kind { PAIRED, TWOSAMPLE, PROP, RATE, ANOVA, TREND, CHISQ };

/* A test: its name, the value columns it reads, the columns it prints and
 * the options that apply to it (bit OPT_x - 256). */
static const struct kind_spec {
    const char *name;
    size_t ncols;
    const char *const *out;
    size_t nout;
    unsigned opts;
} kinds[] = {
    [PAIRED] = {"paired", 2,
                (const char *const[]){"n", "mean_pre", "mean_post", "mean_diff",
                                      "sd_diff", "ci_low", "ci_high", "t", "df",
                                      "p", "dz", "g", "wilcoxon_v",
                                      "wilcoxon_p", "improved", "worsened",
                                      "unchanged"},
                17,
                LEVEL | 1u << (OPT_ALT - 256) | 1u << (OPT_MCID - 256) |
                    1u << (OPT_LIB - 256) | 1u << (OPT_ID - 256) |
                    1u << (OPT_PHASE - 256) | 1u << (OPT_FROM - 256) |
                    1u << (OPT_TO - 256)},
    [TWOSAMPLE] = {"two-sample", 2,
                   (const char *const[]){"group1", "group2", "n1", "n2",
                                         "mean1", "mean2", "mean_diff",
                                         "ci_low", "ci_high", "t", "df", "p",
                                         "g", "mw_w", "mw_p"},
                   15,
                   LEVEL | 1u << (OPT_ALT - 256) | 1u << (OPT_VAREQ - 256) |
                       1u << (OPT_LEVELS - 256)},
    [PROP] = {"prop", 2,
              (const char *const[]){"x", "n", "estimate", "ci_low", "ci_high",
                                    "ci_method", "p"},
              7,
              LEVEL | 1u << (OPT_ALT - 256) | 1u << (OPT_METHOD - 256) |
                  1u << (OPT_P0 - 256) | 1u << (OPT_BINARY - 256)},
    [RATE] = {"rate", 2,
              (const char *const[]){"events", "exposure", "rate", "ci_low",
                                    "ci_high"},
              5, LEVEL | 1u << (OPT_PER - 256)},
    [ANOVA] = {"anova", 2,
               (const char *const[]){"k", "n", "f", "df1", "df2", "p", "kw_h",
                                     "kw_df", "kw_p"},
               9, 0},
    [TREND] = {"trend", 2,
               (const char *const[]){"n", "slope", "intercept", "slope_se",
                                     "ci_low", "ci_high", "t", "p", "r2"},
               9, LEVEL},
    [CHISQ] = {"chisq", 2,
               (const char *const[]){"chisq", "df", "p", "fisher_p"}, 4,
               1u << (OPT_YATES - 256)},
};

struct params {
    double level, mcid, p0, per;
    ssp_alternative alt;
    ssp_prop_method method;
    int lib, var_equal, yates;
};

/* The values of one group: a[k] holds column k's values of the n rows
 * (for two-sample, a[1] the index of the row's level in level[]; for
 * anova, the index of its GROUP value among all seen). */
struct group {
    double *a[2];
    size_t n, cap;
    char *level[2];
};

/* --levels A,B: two different values, in levels[0] and levels[1]. */
static void parse_levels(const char *arg, char *levels[2])
{
    const char *comma = strchr(arg, ',');
    free(levels[0]);
    free(levels[1]);
    levels[0] = strndup(arg, comma ? (size_t)(comma - arg) : 0);
    levels[1] = strdup(comma ? comma + 1 : "");
    if (!levels[0] || !levels[1])
        tool_oom();
    if (!*levels[0] || !*levels[1] || strchr(levels[1], ',') ||
        !strcmp(levels[0], levels[1]))
        usage_error("--levels takes two different values A,B, not '%s'", arg);
}

/* Every output column has a name of its own: a group column named as a
 * statistic (-g g beside Hedges' g, -g p) or named twice would print a
 * header, and JSON keys, with one name twice. */
static void distinct_names(const ssp_csv *in, const size_t *gidx, size_t ng,
                           const char *const *out, size_t nout,
                           const char *test)
{
    const ssp_csv_record *hd = ssp_csv_header(in);
    const char *names[16 + 32];
    size_t a, b;
    for (size_t i = 0; i < ng; i++)
        names[i] = hd->f[gidx[i]].s;
    for (size_t k = 0; k < nout; k++)
        names[ng + k] = out[k];
    int rc = ssp_names_distinct(names, ng + nout, &a, &b);
    if (rc < 0)
        tool_oom();
    if (rc == 0 && b < ng)
        usage_error("-g names the column '%s' twice", names[a]);
    if (rc == 0)
        usage_error("the group column '%s' has the name of a column "
                    "'ssp test %s' prints; rename it in the input",
                    names[a], test);
}

static int missing(const ssp_csv_field *f)
{
    return !f->len || !strcmp(f->s, "NA");
}

static SSP_NORETURN void bad_value(const ssp_csv *in, const ssp_csv_field *f,
                                   const char *what)
{
    ssp_error e;
    ssp_error_set(&e, SSP_EDATA, ssp_csv_name(in), f->line, f->col,
                  "'%.40s' is not %s", f->s, what);
    die_error(&e);
}

static double number(const ssp_csv *in, const ssp_csv_field *f)
{
    double x;
    if (!ssp_parse_double(f->s, f->len, &x))
        bad_value(in, f, "a number");
    return x;
}

/* A value of column k of a test, checked for what the test needs. */
static double value(enum kind kind, int binary, size_t k, const ssp_csv *in,
                    const ssp_csv_field *f)
{
    if ((kind == TWOSAMPLE || kind == ANOVA) && k == 1)
        return 0;
    if (kind == CHISQ)
        return 0;
    double x = number(in, f);
    if (kind == PROP && binary) {
        if (x != 0 && x != 1)
            bad_value(in, f, "0 or 1");
    } else if ((kind == PROP || (kind == RATE && k == 0)) &&
               !(x >= 0 && x == floor(x) && x < 4e9)) {
        bad_value(in, f, "a whole number >= 0");
    } else if (kind == RATE && !(x >= 0 && isfinite(x))) {
        bad_value(in, f, "an exposure >= 0");
    }
    return x;
}

static double sum(const double *x, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += x[i];
    return s;
}

/* The header: the -g columns, then the test's columns (CSV); or the
 * opening of the JSON array. */
static void put_head(const ssp_csv_record *h, const size_t *gidx, size_t ng,
                     const char *const *out, size_t nout, char d, int json)
{
    if (json) {
        putchar('[');
        return;
    }
    for (size_t i = 0; i < ng; i++) {
        ssp_put_csv_field(stdout, h->f[gidx[i]].s, d);
        fputc(d, stdout);
    }
    for (size_t k = 0; k < nout; k++)
        printf("%s%s", k ? (char[]){d, 0} : "", out[k]);
    putchar('\n');
}

/* A row's group values (key: ng values, each with a NUL after it), each
 * followed by the delimiter, or as JSON members each followed by ','. */
static void put_group(const ssp_csv_record *h, const size_t *gidx, size_t ng,
                      const char *key, char d, int json)
{
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
}

/* A note on standard error for each bit of notes (a value left NA where
 * there are data says why), naming the group of key (ng values, each
 * with a NUL after it). */
static void put_notes(const char *key, size_t ng, unsigned notes)
{
    for (unsigned bit = 1; notes && bit; bit <<= 1) {
        if (!(notes & bit))
            continue;
        char where[256] = "";
        size_t w = 0;
        const char *kv = key;
        for (size_t i = 0; i < ng && w < sizeof where;
             i++, kv += strlen(kv) + 1)
            w += (size_t)snprintf(where + w, sizeof where - w, "%s%.60s",
                                  i ? "," : "group ", kv);
        warnx("note: %s%s%s", where, ng ? ": " : "", ssp_test_note(bit));
    }
}

/* The label indices a[0 .. n-1] (among nlabels) numbered 0 .. *k-1 in the
 * order first met. */
static size_t *number_levels(const double *a, size_t n, size_t nlabels,
                             size_t *k)
{
    size_t *map = malloc((nlabels + 1) * sizeof *map);
    size_t *lv = malloc((n + 1) * sizeof *lv);
    if (!map || !lv)
        tool_oom();
    for (size_t i = 0; i < nlabels; i++)
        map[i] = SIZE_MAX;
    *k = 0;
    for (size_t i = 0; i < n; i++) {
        size_t l = (size_t)a[i];
        if (map[l] == SIZE_MAX)
            map[l] = (*k)++;
        lv[i] = map[l];
    }
    free(map);
    return lv;
}

/* Fills v, and text where a column is text, with a group's results. */
static void compute(enum kind kind, const struct params *pm, int binary,
                    size_t nlabels, const struct group *g, double *v,
                    const char **text, unsigned *notes)
{
    *notes = 0;
    static const char *const methods[] = {"wilson", "exact", "jeffreys"};
    if (kind == CHISQ) {
        size_t *lv[2], k[2];
        for (int j = 0; j < 2; j++)
            lv[j] = number_levels(g->a[j], g->n, nlabels, &k[j]);
        double *t = calloc(k[0] * k[1] + 1, sizeof *t);
        if (!t)
            tool_oom();
        for (size_t i = 0; i < g->n; i++)
            t[lv[0][i] * k[1] + lv[1][i]]++;
        if (ssp_test_chisq(t, k[0], k[1], pm->yates, &v[0], &v[1], &v[2],
                           &v[3]))
            tool_oom();
        free(t);
        free(lv[0]);
        free(lv[1]);
    } else if (kind == ANOVA) {
        size_t k, *lv = number_levels(g->a[1], g->n, nlabels, &k);
        ssp_anova r;
        if (ssp_test_anova(g->a[0], lv, g->n, k, &r) != SSP_OK)
            tool_oom();
        free(lv);
        *notes = r.notes;
        double w[9] = {(double)r.k, (double)r.n, r.f,     r.df1, r.df2,
                       r.p,         r.kw_h,      r.kw_df, r.kw_p};
        memcpy(v, w, sizeof w);
    } else if (kind == TREND) {
        ssp_trend r;
        ssp_test_trend(g->a[0], g->a[1], g->n, pm->level, &r);
        *notes = r.notes;
        double w[9] = {(double)r.n, r.slope, r.intercept, r.slope_se, r.ci_low,
                       r.ci_high,   r.t,     r.p,         r.r2};
        memcpy(v, w, sizeof w);
    } else if (kind == TWOSAMPLE) {
        double *x = malloc((g->n + 1) * sizeof *x);
        size_t n1 = 0, n2 = 0;
        if (!x)
            tool_oom();
        for (size_t i = 0; i < g->n; i++) /* level 0 first, in order */
            if (g->a[1][i] == 0)
                x[n1++] = g->a[0][i];
        for (size_t i = 0; i < g->n; i++)
            if (g->a[1][i] == 1)
                x[n1 + n2++] = g->a[0][i];
        ssp_twosample r;
        if (ssp_test_twosample(x, n1, x + n1, n2, pm->alt, pm->level,
                               pm->var_equal, &r) != SSP_OK)
            tool_oom();
        free(x);
        *notes = r.notes;
        text[0] = g->level[0]; /* NULL: missing, NA or null */
        text[1] = g->level[1];
        double w[15] = {0,         0,       (double)r.n1, (double)r.n2,
                        r.mean1,   r.mean2, r.mean_diff,  r.ci_low,
                        r.ci_high, r.t,     r.df,         r.p,
                        r.g,       r.mw_w,  r.mw_p};
        memcpy(v, w, sizeof w);
    } else if (kind == PAIRED) {
        ssp_paired r;
        if (ssp_test_paired(g->a[0], g->a[1], g->n, pm->alt, pm->level,
                            pm->mcid, pm->lib, &r) != SSP_OK)
            tool_oom();
        *notes = r.notes;
        double w[17] = {(double)r.n,  r.mean_pre,   r.mean_post, r.mean_diff,
                        r.sd_diff,    r.ci_low,     r.ci_high,   r.t,
                        r.df,         r.p,          r.dz,        r.g,
                        r.wilcoxon_v, r.wilcoxon_p, r.improved,  r.worsened,
                        r.unchanged};
        memcpy(v, w, sizeof w);
    } else if (kind == PROP) {
        double x = sum(g->a[0], g->n),
               n = binary ? (double)g->n : sum(g->a[1], g->n);
        v[0] = x;
        v[1] = n;
        v[2] = v[3] = v[4] = v[5] = v[6] = NAN;
        if (n > 0)
            ssp_test_prop(x, n, pm->method, pm->p0, pm->alt, pm->level, &v[2],
                          &v[3], &v[4], &v[6]);
        text[5] = methods[pm->method];
    } else {
        double ev = sum(g->a[0], g->n), ex = sum(g->a[1], g->n);
        v[0] = ev;
        v[1] = ex;
        v[2] = v[3] = v[4] = NAN;
        if (ex > 0)
            ssp_test_rate(ev, ex, pm->per, pm->level, &v[2], &v[3], &v[4]);
    }
}

/* Room for one more row in each of a group's ncols columns. */
static void reserve(struct group *gr, size_t ncols)
{
    if (gr->n < gr->cap)
        return;
    size_t cap = gr->cap ? 2 * gr->cap : 64;
    for (size_t k = 0; k < ncols; k++) {
        double *a = realloc(gr->a[k], cap * sizeof *a);
        if (!a)
            tool_oom();
        gr->a[k] = a;
    }
    gr->cap = cap;
}

/* A subject of the paired long form: its group and its from and to
 * values (NaN until met, or when missing). */
struct subject {
    size_t group;
    double v[2];
    unsigned char seen[2];
};

/* Files a row of the paired long form under its subject (within its
 * group, key[0 .. len-1]); rows of other phases are passed over. */
static void long_row(const ssp_csv *in, const ssp_csv_record *rec, size_t iid,
                     size_t iph, size_t ival, const char *const lng[4],
                     size_t group, char *key, size_t len, ssp_strmap *subj,
                     struct subject **sub, size_t *caps)
{
    const ssp_csv_field *ph = &rec->f[iph], *id = &rec->f[iid];
    int side = !strcmp(ph->s, lng[2]) ? 0 : !strcmp(ph->s, lng[3]) ? 1 : -1;
    if (side < 0)
        return;
    size_t n = len + id->len + 1, i; /* key has room for the id */
    int added;
    memcpy(key + len, id->s, id->len);
    key[len + id->len] = '\0';
    if (ssp_strmap_put(subj, key, n, &i, &added) != SSP_OK)
        tool_oom();
    if (added) {
        if (!(*sub = ssp_grow(*sub, caps, i + 1, sizeof **sub)))
            tool_oom();
        (*sub)[i] = (struct subject){group, {NAN, NAN}, {0, 0}};
    }
    struct subject *s = &(*sub)[i];
    if (s->seen[side]) {
        ssp_error e;
        ssp_error_set(&e, SSP_EDATA, ssp_csv_name(in), ph->line, ph->col,
                      "a second '%.40s' row for %s '%.40s'", ph->s, lng[0],
                      id->s);
        die_error(&e);
    }
    s->seen[side] = 1;
    if (!missing(&rec->f[ival]))
        s->v[side] = number(in, &rec->f[ival]);
}

/* The key of a row's group: each -g value with a NUL after it, in *buf
 * (grown as needed: no value is cut, so two groups never merge). */
static size_t group_key(const ssp_csv_record *rec, const size_t *gidx,
                        size_t ng, size_t extra, char **buf, size_t *cap)
{
    size_t len = 0;
    for (size_t i = 0; i < ng; i++) {
        const ssp_csv_field *f = &rec->f[gidx[i]];
        if (!(*buf = ssp_grow(*buf, cap, len + f->len + 1 + extra, 1)))
            tool_oom();
        memcpy(*buf + len, f->s, f->len);
        (*buf)[len + f->len] = '\0';
        len += f->len + 1;
    }
    if (!(*buf = ssp_grow(*buf, cap, len + extra + 1, 1)))
        tool_oom();
    return len;
}

static double opt_number(const char *opt, const char *arg, double lo, double hi,
                         const char *range)
{
    double x;
    if (!ssp_parse_double(arg, strlen(arg), &x) || !(x > lo && x < hi))
        usage_error("%s takes a number %s, not '%s'", opt, range, arg);
    return x;
}

static int run(enum kind kind, int argc, char **argv)
{
    const struct kind_spec *ks = &kinds[kind];
    ssp_csv_options o;
    ssp_csv_options_init(&o);
    o.encoding_via = "--encoding";
    const char *groups = NULL, *binary = NULL;
    char *levels[2] = {NULL, NULL};
    const char *lng[4] = {NULL}; /* paired long form: id, phase, from, to */
    struct params pm = {.level = 0.95,
                        .p0 = 0.5,
                        .per = 1,
                        .alt = SSP_TWO_SIDED,
                        .method = SSP_PROP_WILSON};
    int json = 0, c;
    while ((c = getopt_long(argc, argv, "g:t:h", long_opts, NULL)) != -1) {
        if (c >= OPT_LEVEL && c <= OPT_TO && !(ks->opts & 1u << (c - 256)))
            usage_error("--%s does not apply to 'ssp test %s'",
                        long_opts[c - OPT_LEVEL + 1].name, ks->name);
        switch (c) {
        case 'g': groups = optarg; break;
        case OPT_LEVEL:
            pm.level = opt_number("--level", optarg, 0, 1, "between 0 and 1");
            break;
        case OPT_ALT:
            if (!strcmp(optarg, "two-sided"))
                pm.alt = SSP_TWO_SIDED;
            else if (!strcmp(optarg, "less"))
                pm.alt = SSP_LESS;
            else if (!strcmp(optarg, "greater"))
                pm.alt = SSP_GREATER;
            else
                usage_error("--alternative takes two-sided, less or greater, "
                            "not '%s'",
                            optarg);
            break;
        case OPT_MCID:
            pm.mcid = opt_number("--mcid", optarg, -1e-300, INFINITY, ">= 0");
            break;
        case OPT_LIB: pm.lib = 1; break;
        case OPT_METHOD:
            if (!strcmp(optarg, "wilson"))
                pm.method = SSP_PROP_WILSON;
            else if (!strcmp(optarg, "exact"))
                pm.method = SSP_PROP_EXACT;
            else if (!strcmp(optarg, "jeffreys"))
                pm.method = SSP_PROP_JEFFREYS;
            else
                usage_error("--method takes wilson, exact or jeffreys, not "
                            "'%s'",
                            optarg);
            break;
        case OPT_P0:
            pm.p0 = opt_number("--p0", optarg, 0, 1, "between 0 and 1");
            break;
        case OPT_BINARY: binary = optarg; break;
        case OPT_PER:
            pm.per = opt_number("--per", optarg, 0, INFINITY, "above 0");
            break;
        case OPT_VAREQ: pm.var_equal = 1; break;
        case OPT_YATES: pm.yates = 1; break;
        case OPT_ID: lng[0] = optarg; break;
        case OPT_PHASE: lng[1] = optarg; break;
        case OPT_FROM: lng[2] = optarg; break;
        case OPT_TO: lng[3] = optarg; break;
        case OPT_LEVELS: parse_levels(optarg, levels); break;
        case OPT_JSON: json = 1; break;
        case 't': o.delim = tool_delimiter(optarg); break;
        case OPT_ENCODING: o.encoding = optarg; break;
        case 'h': fputs(usage, stdout); return tool_finish(SSP_OK);
        case OPT_VERSION:
            printf("ssp test %s\n", SSP_VERSION);
            return tool_finish(SSP_OK);
        default: tool_bad_option();
        }
    }
    int lngs = !!lng[0] + !!lng[1] + !!lng[2] + !!lng[3];
    if (lngs && lngs < 4)
        usage_error("the long form takes all of --id, --phase, --from and "
                    "--to");
    if (lngs && !strcmp(lng[2], lng[3]))
        usage_error("--from and --to name the same phase '%s'", lng[2]);
    size_t ncols = binary || lngs ? 1 : ks->ncols;
    if ((size_t)(argc - optind) < ncols - (binary != NULL))
        usage_error(kind == PAIRED ? lngs ? "give the VALUE column"
                                          : "give the PRE and POST columns"
                    : kind == TWOSAMPLE || kind == ANOVA
                        ? "give the VALUE and GROUP columns"
                    : kind == TREND ? "give the Y and X columns"
                    : kind == CHISQ ? "give the ROWVAR and COLVAR columns"
                    : kind == PROP  ? "give the SUCCESSES and TRIALS columns, "
                                      "or --binary COL"
                                    : "give the EVENTS and EXPOSURE columns");
    const char *col[2] = {binary, NULL};
    if (!binary)
        for (size_t k = 0; k < ncols; k++)
            col[k] = argv[optind++];
    if (argc - optind > 1)
        usage_error("one input at most (or standard input)");
    ssp_error e;
    ssp_csv *in = ssp_csv_open(argc - optind == 1 ? argv[optind] : "-", &o, &e);
    if (!in)
        die_error(&e);
    size_t icol[2], gidx[16], ng = 0;
    for (size_t k = 0; k < ncols; k++)
        if (ssp_csv_column(in, col[k], &icol[k], &e) != SSP_OK)
            die_error(&e);
    ng = tool_group_columns(in, groups, gidx);
    distinct_names(in, gidx, ng, ks->out, ks->nout, ks->name);
    size_t iid = 0, iph = 0;
    if (lngs && (ssp_csv_column(in, lng[0], &iid, &e) != SSP_OK ||
                 ssp_csv_column(in, lng[1], &iph, &e) != SSP_OK))
        die_error(&e);
    ssp_strmap keys, labels, subj;
    ssp_strmap_init(&keys);
    ssp_strmap_init(&labels);
    ssp_strmap_init(&subj);
    struct subject *sub = NULL;
    size_t caps = 0;
    struct group *g = NULL;
    size_t capg = 0;
    unsigned long long left_out = 0, other_level = 0;
    ssp_csv_record rec;
    int rc;
    char *kbuf = NULL;
    size_t kcap = 0;
    while ((rc = ssp_csv_next(in, &rec, &e)) > 0) {
        size_t idx;
        int added;
        size_t len = group_key(&rec, gidx, ng, lngs ? rec.f[iid].len + 1 : 0,
                               &kbuf, &kcap);
        if (ssp_strmap_put(&keys, kbuf, len, &idx, &added) != SSP_OK)
            tool_oom();
        if (added) {
            if (!(g = ssp_grow(g, &capg, idx + 1, sizeof *g)))
                tool_oom();
            memset(&g[idx], 0, sizeof g[idx]);
        }
        if (lngs) {
            long_row(in, &rec, iid, iph, icol[0], lng, idx, kbuf, len, &subj,
                     &sub, &caps);
            continue;
        }
        if (missing(&rec.f[icol[0]]) ||
            (ncols > 1 && missing(&rec.f[icol[1]]))) {
            left_out++;
            continue;
        }
        struct group *gr = &g[idx];
        double lv = 0;
        if (kind == TWOSAMPLE) {
            const ssp_csv_field *f = &rec.f[icol[1]];
            if (levels[0] && strcmp(f->s, levels[0]) &&
                strcmp(f->s, levels[1])) {
                other_level++;
                continue;
            }
            if (!gr->level[0] &&
                !(gr->level[0] = strdup(levels[0] ? levels[0] : f->s)))
                tool_oom();
            if (strcmp(f->s, gr->level[0])) {
                if (!gr->level[1] &&
                    !(gr->level[1] = strdup(levels[1] ? levels[1] : f->s)))
                    tool_oom();
                if (strcmp(f->s, gr->level[1])) {
                    ssp_error_set(&e, SSP_EDATA, ssp_csv_name(in), f->line,
                                  f->col,
                                  "%s has a third value '%.40s' "
                                  "(besides '%.40s' and '%.40s'); choose two "
                                  "with --levels",
                                  col[1], f->s, gr->level[0], gr->level[1]);
                    die_error(&e);
                }
                lv = 1;
            }
        }
        reserve(gr, ncols);
        for (size_t k = 0; k < ncols; k++)
            gr->a[k][gr->n] =
                value(kind, binary != NULL, k, in, &rec.f[icol[k]]);
        if (kind == TWOSAMPLE)
            gr->a[1][gr->n] = lv;
        for (size_t k = kind == ANOVA ? 1 : kind == CHISQ ? 0 : 2; k < 2; k++) {
            const ssp_csv_field *f = &rec.f[icol[k]];
            size_t l;
            if (ssp_strmap_put(&labels, f->s, f->len, &l, &added) != SSP_OK)
                tool_oom();
            gr->a[k][gr->n] = (double)l;
        }
        if (kind == PROP && !binary && gr->a[0][gr->n] > gr->a[1][gr->n]) {
            ssp_error_set(&e, SSP_EDATA, ssp_csv_name(in), rec.f[icol[0]].line,
                          rec.f[icol[0]].col, "%s is more than %s", col[0],
                          col[1]);
            die_error(&e);
        }
        gr->n++;
    }
    free(kbuf);
    if (rc < 0)
        die_error(&e);
    unsigned long long incomplete = 0;
    for (size_t i = 0; i < subj.n; i++) {
        struct group *gr = &g[sub[i].group];
        if (isnan(sub[i].v[0]) || isnan(sub[i].v[1])) {
            incomplete++;
            continue;
        }
        reserve(gr, 2);
        gr->a[0][gr->n] = sub[i].v[0];
        gr->a[1][gr->n++] = sub[i].v[1];
    }
    free(sub);
    ssp_strmap_destroy(&subj);
    if (incomplete)
        warnx("%llu subject%s without both a %s and a %s %s left out",
              incomplete, incomplete == 1 ? "" : "s", lng[2], lng[3], col[0]);
    if (left_out)
        warnx("%llu row%s missing %s%s%s left out", left_out,
              left_out == 1 ? "" : "s", col[0], ncols > 1 ? " or " : "",
              ncols > 1 ? col[1] : "");
    if (other_level)
        warnx("%llu row%s with another %s than %s and %s left out", other_level,
              other_level == 1 ? "" : "s", col[1], levels[0], levels[1]);
    const ssp_csv_record *h = ssp_csv_header(in);
    char d = o.delim, num[SSP_NUM_BUFSZ];
    put_head(h, gidx, ng, ks->out, ks->nout, d, json);
    for (size_t gi = 0; gi < keys.n; gi++) {
        double v[17];
        const char *text[17] = {NULL};
        unsigned notes;
        compute(kind, &pm, binary != NULL, labels.n, &g[gi], v, text, &notes);
        size_t klen;
        const char *key = ssp_strmap_key(&keys, gi, &klen);
        put_notes(key, ng, notes);
        if (json)
            fputs(gi ? ",\n{" : "\n{", stdout);
        put_group(h, gidx, ng, key, d, json);
        for (size_t k = 0; k < ks->nout; k++) {
            if (k)
                putchar(json ? ',' : d);
            if (json)
                printf("\"%s\":", ks->out[k]);
            if (kind == TWOSAMPLE && k < 2 && !text[k]) {
                fputs(json ? "null" : "NA", stdout);
                continue;
            }
            if (text[k]) {
                if (json)
                    ssp_put_json_string(stdout, text[k]);
                else
                    ssp_put_csv_field(stdout, text[k], d);
                continue;
            }
            ssp_fmt_double(v[k], num);
            fputs(json && !isfinite(v[k]) ? "null" : num, stdout);
        }
        if (json)
            putchar('}');
        else
            putchar('\n');
        for (size_t k = 0; k < 2; k++)
            free(g[gi].a[k]);
        free(g[gi].level[0]);
        free(g[gi].level[1]);
    }
    if (json)
        fputs(keys.n ? "\n]\n" : "]\n", stdout);
    free(g);
    free(levels[0]);
    free(levels[1]);
    ssp_strmap_destroy(&keys);
    ssp_strmap_destroy(&labels);
    ssp_csv_close(in);
    return tool_finish(SSP_OK);
}

/* ssp test ancova: its own reader, for OUTCOME, ARM, BASELINE, any number
 * of covariates and a cluster column. */
struct agroup {
    size_t n, cap;
    double *y, *cov, *cl;
    unsigned char *arm;
};

static const char *const ancova_out[] = {
    "n",        "n1",       "n2",        "estimate",
    "se",       "ci_low",   "ci_high",   "t",
    "df",       "p",        "adj_mean1", "adj_mean2",
    "clusters", "se_model", "icc",       "design_effect"};

static int run_ancova(int argc, char **argv)
{
    enum { A_LEVEL = 256, A_LEVELS, A_CLUSTER, A_COV, A_JSON, A_ENC, A_VER };
    static const struct option aopts[] = {
        {"group", required_argument, NULL, 'g'},
        {"level", required_argument, NULL, A_LEVEL},
        {"levels", required_argument, NULL, A_LEVELS},
        {"cluster", required_argument, NULL, A_CLUSTER},
        {"covariate", required_argument, NULL, A_COV},
        {"json", no_argument, NULL, A_JSON},
        {"delimiter", required_argument, NULL, 't'},
        {"encoding", required_argument, NULL, A_ENC},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, A_VER},
        {NULL, 0, NULL, 0},
    };
    ssp_csv_options o;
    ssp_csv_options_init(&o);
    const char *groups = NULL, *cluster = NULL;
    char *levels[2] = {NULL, NULL};
    const char *covs[64];
    size_t ncov = 0;
    double level = 0.95;
    int json = 0, c;
    while ((c = getopt_long(argc, argv, "g:t:h", aopts, NULL)) != -1) {
        switch (c) {
        case 'g': groups = optarg; break;
        case A_LEVEL:
            level = opt_number("--level", optarg, 0, 1, "between 0 and 1");
            break;
        case A_LEVELS: parse_levels(optarg, levels); break;
        case A_CLUSTER: cluster = optarg; break;
        case A_COV:
            if (ncov == 63)
                usage_error("at most 63 --covariate columns");
            covs[1 + ncov++] = optarg;
            break;
        case A_JSON: json = 1; break;
        case 't': o.delim = tool_delimiter(optarg); break;
        case A_ENC: o.encoding = optarg; break;
        case 'h': fputs(usage, stdout); return tool_finish(SSP_OK);
        case A_VER:
            printf("ssp test %s\n", SSP_VERSION);
            return tool_finish(SSP_OK);
        default: tool_bad_option();
        }
    }
    if (argc - optind < 3)
        usage_error("give the OUTCOME, ARM and BASELINE columns");
    if (argc - optind > 4)
        usage_error("one input at most (or standard input)");
    if (!levels[0] && (!(levels[0] = strdup("intervention")) ||
                       !(levels[1] = strdup("comparison"))))
        tool_oom();
    const char *ycol = argv[optind], *acol = argv[optind + 1];
    covs[0] = argv[optind + 2];
    size_t k = ncov + 1;
    ssp_error e;
    ssp_csv *in =
        ssp_csv_open(argc - optind == 4 ? argv[optind + 3] : "-", &o, &e);
    if (!in)
        die_error(&e);
    size_t iy, ia, ic = 0, icov[64], gidx[16], ng = 0;
    if (ssp_csv_column(in, ycol, &iy, &e) != SSP_OK ||
        ssp_csv_column(in, acol, &ia, &e) != SSP_OK ||
        (cluster && ssp_csv_column(in, cluster, &ic, &e) != SSP_OK))
        die_error(&e);
    for (size_t j = 0; j < k; j++)
        if (ssp_csv_column(in, covs[j], &icov[j], &e) != SSP_OK)
            die_error(&e);
    ng = tool_group_columns(in, groups, gidx);
    size_t nout = cluster ? 16 : 12;
    distinct_names(in, gidx, ng, ancova_out, nout, "ancova");
    ssp_strmap keys, clmap;
    ssp_strmap_init(&keys);
    ssp_strmap_init(&clmap);
    struct agroup *g = NULL;
    size_t capg = 0;
    unsigned long long left_out = 0, other_level = 0;
    ssp_csv_record rec;
    int rc;
    char *kbuf = NULL;
    size_t kcap = 0;
    while ((rc = ssp_csv_next(in, &rec, &e)) > 0) {
        size_t idx, cidx = 0;
        int added;
        size_t clen = cluster ? rec.f[ic].len : 0;
        size_t len = group_key(&rec, gidx, ng, clen + 1, &kbuf, &kcap);
        if (ssp_strmap_put(&keys, kbuf, len, &idx, &added) != SSP_OK)
            tool_oom();
        if (added) {
            if (!(g = ssp_grow(g, &capg, idx + 1, sizeof *g)))
                tool_oom();
            memset(&g[idx], 0, sizeof g[idx]);
        }
        int miss = missing(&rec.f[iy]) || missing(&rec.f[ia]) ||
                   (cluster && missing(&rec.f[ic]));
        for (size_t j = 0; j < k; j++)
            miss |= missing(&rec.f[icov[j]]);
        if (miss) {
            left_out++;
            continue;
        }
        const ssp_csv_field *af = &rec.f[ia];
        int lv = !strcmp(af->s, levels[0])   ? 1
                 : !strcmp(af->s, levels[1]) ? 0
                                             : -1;
        if (lv < 0) {
            other_level++;
            continue;
        }
        if (cluster) {
            memcpy(kbuf + len, rec.f[ic].s, clen);
            kbuf[len + clen] = '\0';
            if (ssp_strmap_put(&clmap, kbuf, len + clen + 1, &cidx, &added) !=
                SSP_OK)
                tool_oom();
        }
        struct agroup *gr = &g[idx];
        if (gr->n == gr->cap) {
            size_t cap = gr->cap ? 2 * gr->cap : 64;
            double *y = realloc(gr->y, cap * sizeof *y);
            if (y)
                gr->y = y;
            double *cl = realloc(gr->cl, cap * sizeof *cl);
            if (cl)
                gr->cl = cl;
            unsigned char *ar = realloc(gr->arm, cap);
            if (ar)
                gr->arm = ar;
            double *cv = realloc(gr->cov, cap * k * sizeof *cv);
            if (cv)
                gr->cov = cv;
            if (!y || !cl || !ar || !cv)
                tool_oom();
            gr->cap = cap;
        }
        gr->y[gr->n] = number(in, &rec.f[iy]);
        for (size_t j = 0; j < k; j++)
            gr->cov[gr->n * k + j] = number(in, &rec.f[icov[j]]);
        gr->arm[gr->n] = (unsigned char)lv;
        gr->cl[gr->n] = (double)cidx;
        gr->n++;
    }
    free(kbuf);
    if (rc < 0)
        die_error(&e);
    if (left_out)
        warnx("%llu row%s missing %s, %s, %s%s%s%s left out", left_out,
              left_out == 1 ? "" : "s", ycol, acol, covs[0],
              ncov ? ", a covariate" : "", cluster ? " or " : "",
              cluster ? cluster : "");
    if (other_level)
        warnx("%llu row%s with another %s than %s and %s left out", other_level,
              other_level == 1 ? "" : "s", acol, levels[0], levels[1]);
    const ssp_csv_record *h = ssp_csv_header(in);
    char d = o.delim, num[SSP_NUM_BUFSZ];
    put_head(h, gidx, ng, ancova_out, nout, d, json);
    for (size_t gi = 0; gi < keys.n; gi++) {
        struct agroup *gr = &g[gi];
        size_t m = 0, *cl = NULL;
        if (cluster)
            cl = number_levels(gr->cl, gr->n, clmap.n, &m);
        ssp_ancova r;
        if (ssp_test_ancova(gr->y, gr->arm, gr->cov, k, cl, m, gr->n, level,
                            &r) != SSP_OK)
            tool_oom();
        free(cl);
        size_t klen;
        const char *key = ssp_strmap_key(&keys, gi, &klen);
        put_notes(key, ng, r.notes);
        double v[16] = {(double)r.n,
                        (double)r.n1,
                        (double)r.n2,
                        r.estimate,
                        r.se,
                        r.ci_low,
                        r.ci_high,
                        r.t,
                        r.df,
                        r.p,
                        r.adj_mean1,
                        r.adj_mean2,
                        (double)r.clusters,
                        r.se_model,
                        r.icc,
                        r.design_effect};
        if (json)
            fputs(gi ? ",\n{" : "\n{", stdout);
        put_group(h, gidx, ng, key, d, json);
        for (size_t j = 0; j < nout; j++) {
            if (j)
                putchar(json ? ',' : d);
            if (json)
                printf("\"%s\":", ancova_out[j]);
            ssp_fmt_double(v[j], num);
            fputs(json && !isfinite(v[j]) ? "null" : num, stdout);
        }
        putchar(json ? '}' : '\n');
        free(gr->y);
        free(gr->cov);
        free(gr->cl);
        free(gr->arm);
    }
    if (json)
        fputs(keys.n ? "\n]\n" : "]\n", stdout);
    free(g);
    free(levels[0]);
    free(levels[1]);
    ssp_strmap_destroy(&keys);
    ssp_strmap_destroy(&clmap);
    ssp_csv_close(in);
    return tool_finish(SSP_OK);
}

/* ssp test mmrm: long data, one row per subject and post-baseline visit. */
static const char *const mmrm_out[] = {
    "visit", "n", "estimate", "se", "df", "ci_low", "ci_high", "t", "p"};

struct mrow {
    double y;
    size_t group, subject, visit;
};

struct msubject {
    double base;
    unsigned char arm;
    unsigned long long line;
};

/* The key of a row's group, then each of the fields k[0 .. nk-1], each
 * with a NUL after it. */
static size_t mmrm_key(const ssp_csv_record *rec, const size_t *gidx, size_t ng,
                       const size_t *k, size_t nk, char **buf, size_t *cap)
{
    size_t extra = 0;
    for (size_t j = 0; j < nk; j++)
        extra += rec->f[k[j]].len + 1;
    size_t len = group_key(rec, gidx, ng, extra, buf, cap);
    for (size_t j = 0; j < nk; j++) {
        memcpy(*buf + len, rec->f[k[j]].s, rec->f[k[j]].len);
        len += rec->f[k[j]].len;
        (*buf)[len++] = '\0';
    }
    return len;
}

static SSP_NORETURN void mmrm_conflict(const ssp_csv *in,
                                       const ssp_csv_field *f, const char *id,
                                       const char *what,
                                       unsigned long long line)
{
    ssp_error e;
    ssp_error_set(&e, SSP_EDATA, ssp_csv_name(in), f->line, f->col,
                  "subject '%.40s' %s line %llu", id, what, line);
    die_error(&e);
}

static void mmrm_print(const ssp_csv_record *h, const size_t *gidx, size_t ng,
                       const char *key, const char *visit,
                       const ssp_mmrm_visit *r, int json, char d, int first)
{
    char num[SSP_NUM_BUFSZ];
    double v[] = {(double)r->n, r->estimate, r->se, r->df,
                  r->ci_low,    r->ci_high,  r->t,  r->p};
    if (json)
        fputs(first ? "\n{" : ",\n{", stdout);
    put_group(h, gidx, ng, key, d, json);
    if (json) {
        fputs("\"visit\":", stdout);
        ssp_put_json_string(stdout, visit);
    } else {
        ssp_put_csv_field(stdout, visit, d);
    }
    for (size_t j = 0; j < 8; j++) {
        putchar(json ? ',' : d);
        if (json)
            printf("\"%s\":", mmrm_out[j + 1]);
        ssp_fmt_double(v[j], num);
        fputs(json && !isfinite(v[j]) ? "null" : num, stdout);
    }
    putchar(json ? '}' : '\n');
}

static int run_mmrm(int argc, char **argv)
{
    enum { M_LEVEL = 256, M_LEVELS, M_ID, M_VISIT, M_JSON, M_ENC, M_VER };
    static const struct option mopts[] = {
        {"group", required_argument, NULL, 'g'},
        {"level", required_argument, NULL, M_LEVEL},
        {"levels", required_argument, NULL, M_LEVELS},
        {"id", required_argument, NULL, M_ID},
        {"visit", required_argument, NULL, M_VISIT},
        {"json", no_argument, NULL, M_JSON},
        {"delimiter", required_argument, NULL, 't'},
        {"encoding", required_argument, NULL, M_ENC},
        {"help", no_argument, NULL, 'h'},
        {"version", no_argument, NULL, M_VER},
        {NULL, 0, NULL, 0},
    };
    ssp_csv_options o;
    ssp_csv_options_init(&o);
    const char *groups = NULL, *idcol = NULL, *viscol = NULL;
    char *levels[2] = {NULL, NULL};
    double level = 0.95;
    int json = 0, c;
    while ((c = getopt_long(argc, argv, "g:t:h", mopts, NULL)) != -1) {
        switch (c) {
        case 'g': groups = optarg; break;
        case M_LEVEL:
            level = opt_number("--level", optarg, 0, 1, "between 0 and 1");
            break;
        case M_LEVELS: parse_levels(optarg, levels); break;
        case M_ID: idcol = optarg; break;
        case M_VISIT: viscol = optarg; break;
        case M_JSON: json = 1; break;
        case 't': o.delim = tool_delimiter(optarg); break;
        case M_ENC: o.encoding = optarg; break;
        case 'h': fputs(usage, stdout); return tool_finish(SSP_OK);
        case M_VER:
            printf("ssp test %s\n", SSP_VERSION);
            return tool_finish(SSP_OK);
        default: tool_bad_option();
        }
    }
    if (!idcol || !viscol)
        usage_error("mmrm needs --id COL and --visit COL");
    if (argc - optind < 3)
        usage_error("give the OUTCOME, ARM and BASELINE columns");
    if (argc - optind > 4)
        usage_error("one input at most (or standard input)");
    if (!levels[0] && (!(levels[0] = strdup("intervention")) ||
                       !(levels[1] = strdup("comparison"))))
        tool_oom();
    const char *ycol = argv[optind], *acol = argv[optind + 1],
               *bcol = argv[optind + 2];
    ssp_error e;
    ssp_csv *in =
        ssp_csv_open(argc - optind == 4 ? argv[optind + 3] : "-", &o, &e);
    if (!in)
        die_error(&e);
    size_t iy, ia, ib, iid, iv, gidx[16], ng;
    if (ssp_csv_column(in, ycol, &iy, &e) != SSP_OK ||
        ssp_csv_column(in, acol, &ia, &e) != SSP_OK ||
        ssp_csv_column(in, bcol, &ib, &e) != SSP_OK ||
        ssp_csv_column(in, idcol, &iid, &e) != SSP_OK ||
        ssp_csv_column(in, viscol, &iv, &e) != SSP_OK)
        die_error(&e);
    ng = tool_group_columns(in, groups, gidx);
    distinct_names(in, gidx, ng, mmrm_out, 9, "mmrm");
    ssp_strmap keys, smap, vmap, svmap;
    ssp_strmap_init(&keys);
    ssp_strmap_init(&smap);
    ssp_strmap_init(&vmap);
    ssp_strmap_init(&svmap);
    struct mrow *rows = NULL;
    struct msubject *subj = NULL;
    size_t nrows = 0, caprows = 0, capsubj = 0, capsv = 0, *vglen = NULL,
           capv = 0, *gvisits = NULL, capgv = 0, ngv = 0;
    unsigned long long *svline = NULL, left_out = 0, other_level = 0;
    ssp_csv_record rec;
    int rc;
    char *kbuf = NULL;
    size_t kcap = 0;
    while ((rc = ssp_csv_next(in, &rec, &e)) > 0) {
        size_t gi, si, vi, svi, len, glen;
        int added;
        glen = group_key(&rec, gidx, ng, 0, &kbuf, &kcap);
        if (ssp_strmap_put(&keys, kbuf, glen, &gi, &added) != SSP_OK)
            tool_oom();
        if (missing(&rec.f[iy]) || missing(&rec.f[ia]) || missing(&rec.f[ib]) ||
            missing(&rec.f[iid]) || missing(&rec.f[iv])) {
            left_out++;
            continue;
        }
        const ssp_csv_field *af = &rec.f[ia];
        int lv = !strcmp(af->s, levels[0])   ? 1
                 : !strcmp(af->s, levels[1]) ? 0
                                             : -1;
        if (lv < 0) {
            other_level++;
            continue;
        }
        double y = number(in, &rec.f[iy]), b = number(in, &rec.f[ib]);
        len = mmrm_key(&rec, gidx, ng, &iid, 1, &kbuf, &kcap);
        if (ssp_strmap_put(&smap, kbuf, len, &si, &added) != SSP_OK)
            tool_oom();
        if (added) {
            if (!(subj = ssp_grow(subj, &capsubj, si + 1, sizeof *subj)))
                tool_oom();
            subj[si] = (struct msubject){b, (unsigned char)lv, rec.f[iid].line};
        } else if (subj[si].arm != lv) {
            mmrm_conflict(in, af, rec.f[iid].s, "has another arm than at",
                          subj[si].line);
        } else if (subj[si].base != b) {
            mmrm_conflict(in, &rec.f[ib], rec.f[iid].s,
                          "has another "
                          "baseline than at",
                          subj[si].line);
        }
        len = mmrm_key(&rec, gidx, ng, &iv, 1, &kbuf, &kcap);
        if (ssp_strmap_put(&vmap, kbuf, len, &vi, &added) != SSP_OK)
            tool_oom();
        if (added) {
            if (!(vglen = ssp_grow(vglen, &capv, vi + 1, sizeof *vglen)) ||
                !(gvisits = ssp_grow(gvisits, &capgv, gi + 1, sizeof *gvisits)))
                tool_oom();
            vglen[vi] = glen;
            while (ngv <= gi)
                gvisits[ngv++] = 0;
            if (++gvisits[gi] > SSP_MMRM_MAX_VISITS) {
                ssp_error_set(&e, SSP_EDATA, ssp_csv_name(in), rec.f[iv].line,
                              rec.f[iv].col,
                              "visit '%.40s' is the group's %dth: at most %d",
                              rec.f[iv].s, SSP_MMRM_MAX_VISITS + 1,
                              SSP_MMRM_MAX_VISITS);
                die_error(&e);
            }
        }
        size_t k2[2] = {iid, iv};
        len = mmrm_key(&rec, gidx, ng, k2, 2, &kbuf, &kcap);
        if (ssp_strmap_put(&svmap, kbuf, len, &svi, &added) != SSP_OK)
            tool_oom();
        if (!added)
            mmrm_conflict(in, &rec.f[iv], rec.f[iid].s,
                          "has this visit "
                          "also at",
                          svline[svi]);
        if (!(svline = ssp_grow(svline, &capsv, svi + 1, sizeof *svline)))
            tool_oom();
        svline[svi] = rec.f[iv].line;
        if (!(rows = ssp_grow(rows, &caprows, nrows + 1, sizeof *rows)))
            tool_oom();
        rows[nrows++] = (struct mrow){y, gi, si, vi};
    }
    free(kbuf);
    free(svline);
    free(gvisits);
    if (rc < 0)
        die_error(&e);
    if (left_out)
        warnx("%llu row%s missing %s, %s, %s, %s or %s left out", left_out,
              left_out == 1 ? "" : "s", ycol, acol, bcol, idcol, viscol);
    if (other_level)
        warnx("%llu row%s with another %s than %s and %s left out", other_level,
              other_level == 1 ? "" : "s", acol, levels[0], levels[1]);
    const ssp_csv_record *h = ssp_csv_header(in);
    char d = o.delim;
    put_head(h, gidx, ng, mmrm_out, 9, d, json);
    size_t *lsub = malloc((smap.n + 1) * sizeof *lsub);
    size_t *lvis = malloc((vmap.n + 1) * sizeof *lvis);
    size_t *gvis = malloc((SSP_MMRM_MAX_VISITS + 1) * sizeof *gvis);
    double *y = malloc((nrows + 1) * sizeof *y);
    double *base = malloc((nrows + 1) * sizeof *base);
    size_t *sub = malloc((nrows + 1) * sizeof *sub);
    size_t *vis = malloc((nrows + 1) * sizeof *vis);
    unsigned char *arm = malloc(nrows + 1);
    if (!lsub || !lvis || !gvis || !y || !base || !sub || !vis || !arm)
        tool_oom();
    int first = 1;
    for (size_t gi = 0; gi < keys.n; gi++) {
        size_t n = 0, ns = 0, nv = 0;
        for (size_t i = 0; i < smap.n; i++)
            lsub[i] = SIZE_MAX;
        for (size_t i = 0; i < vmap.n; i++)
            lvis[i] = SIZE_MAX;
        for (size_t r = 0; r < nrows; r++) {
            const struct mrow *m = &rows[r];
            if (m->group != gi)
                continue;
            if (lvis[m->visit] == SIZE_MAX) { /* at most 12: checked above */
                gvis[nv] = m->visit;
                lvis[m->visit] = nv++;
            }
            if (lsub[m->subject] == SIZE_MAX)
                lsub[m->subject] = ns++;
            y[n] = m->y;
            base[n] = subj[m->subject].base;
            arm[n] = subj[m->subject].arm;
            sub[n] = lsub[m->subject];
            vis[n++] = lvis[m->visit];
        }
        if (!nv)
            continue;
        ssp_mmrm r;
        ssp_mmrm_visit out[SSP_MMRM_MAX_VISITS];
        if (ssp_test_mmrm(y, sub, vis, arm, base, n, ns, nv, level, &r, out) !=
            SSP_OK)
            tool_oom();
        size_t klen;
        const char *key = ssp_strmap_key(&keys, gi, &klen);
        put_notes(key, ng, r.notes);
        for (size_t v = 0; v < nv; v++) {
            const char *vk = ssp_strmap_key(&vmap, gvis[v], &klen);
            mmrm_print(h, gidx, ng, key, vk + vglen[gvis[v]], &out[v], json, d,
                       first);
            first = 0;
        }
    }
    if (json)
        fputs(first ? "]\n" : "\n]\n", stdout);
    free(lsub);
    free(lvis);
    free(gvis);
    free(y);
    free(base);
    free(sub);
    free(vis);
    free(arm);
    free(rows);
    free(subj);
    free(vglen);
    free(levels[0]);
    free(levels[1]);
    ssp_strmap_destroy(&keys);
    ssp_strmap_destroy(&smap);
    ssp_strmap_destroy(&vmap);
    ssp_strmap_destroy(&svmap);
    ssp_csv_close(in);
    return tool_finish(SSP_OK);
}

int main_test(int argc, char **argv)
{
    if (argc < 2 || !strcmp(argv[1], "-h") || !strcmp(argv[1], "--help")) {
        if (argc < 2)
            usage_error("give a test: paired, two-sample, ancova, mmrm, prop, "
                        "rate, anova, chisq or trend");
        fputs(usage, stdout);
        return tool_finish(SSP_OK);
    }
    if (!strcmp(argv[1], "--version")) {
        printf("ssp test %s\n", SSP_VERSION);
        return tool_finish(SSP_OK);
    }
    /* getopt names the program by argv[0]: "ssp test", not the test's
     * name, in its messages */
    const char *name = argv[1];
    argv[1] = argv[0];
    if (!strcmp(name, "ancova"))
        return run_ancova(argc - 1, argv + 1);
    if (!strcmp(name, "mmrm"))
        return run_mmrm(argc - 1, argv + 1);
    for (size_t i = 0; i < sizeof kinds / sizeof kinds[0]; i++)
        if (!strcmp(name, kinds[i].name))
            return run((enum kind)i, argc - 1, argv + 1);
    usage_error("unknown test '%s' (paired, two-sample, ancova, mmrm, prop, "
                "rate, anova, chisq or trend)",
                name);
}
