/* adjust.c: ssp adjust, p-values adjusted for multiple comparisons. */
#include <getopt.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "ssp/adjust.h"
#include "ssp/csv.h"
#include "ssp/names.h"
#include "ssp/num.h"
#include "ssp/out.h"
#include "ssp/strmap.h"
#include "tool.h"

static const char usage[] =
    "Usage: ssp adjust [--method M] [-g COL[,COL...]] PCOL [FILE]\n"
    "Pass every row and column through and append p_adjusted: the p-values\n"
    "of column PCOL adjusted for multiple comparisons within each group, as\n"
    "R's p.adjust. Missing p-values (empty, NA) stay missing and are not\n"
    "counted.\n"
    "\n"
    "      --method M        holm (default), hochberg, bonferroni, bh (or\n"
    "                        fdr), by\n"
    "  -g, --group COLS      adjust within each group of these columns\n"
    "      --name NAME       name the added column NAME (default\n"
    "                        p_adjusted); a name the input has is refused\n"
    "  -t, --delimiter CHAR  field delimiter (default ','; 'tab' for TSV)\n"
    "      --encoding ENC    input encoding (default utf-8)\n"
    "  -h, --help            show this help and exit\n"
    "      --version         show the version and exit\n"
    "\n"
    "Exit status: 0 success, 1 a p-value that is not a number in [0, 1],\n"
    "2 usage error, 3 I/O error, 4 internal error. See ssp-adjust(1).\n";

enum { OPT_METHOD = 256, OPT_NAME, OPT_ENCODING, OPT_VERSION };

static const struct option long_opts[] = {
    {"method", required_argument, NULL, OPT_METHOD},
    {"group", required_argument, NULL, 'g'},
    {"name", required_argument, NULL, OPT_NAME},
    {"delimiter", required_argument, NULL, 't'},
    {"encoding", required_argument, NULL, OPT_ENCODING},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* A row kept until the end: its fields, its group and its p. */
struct row {
    char **f;
    size_t n, group;
    double p;
};

int main_adjust(int argc, char **argv)
{
    ssp_adjust_method method = SSP_ADJ_HOLM;
    ssp_csv_options o;
    ssp_csv_options_init(&o);
    o.encoding_via = "--encoding";
    const char *groups = NULL, *name = "p_adjusted";
    int c;
    while ((c = getopt_long(argc, argv, "g:t:h", long_opts, NULL)) != -1) {
        switch (c) {
        case OPT_METHOD:
            if (!ssp_adjust_parse(optarg, &method))
                usage_error("--method takes holm, hochberg, bonferroni, bh or "
                            "by, not '%s'",
                            optarg);
            break;
        case 'g': groups = optarg; break;
        case OPT_NAME:
            if (!*optarg)
                usage_error("--name takes a column name, not ''");
            name = optarg;
            break;
        case 't': o.delim = tool_delimiter(optarg); break;
        case OPT_ENCODING: o.encoding = optarg; break;
        case 'h': fputs(usage, stdout); return tool_finish(SSP_OK);
        case OPT_VERSION:
            printf("ssp adjust %s\n", SSP_VERSION);
            return tool_finish(SSP_OK);
        default: tool_bad_option();
        }
    }
    if (optind == argc)
        usage_error("give the column of p-values");
    const char *pcol = argv[optind++];
    if (argc - optind > 1)
        usage_error("one input at most (or standard input)");
    ssp_error e;
    ssp_csv *in = ssp_csv_open(optind < argc ? argv[optind] : "-", &o, &e);
    if (!in)
        die_error(&e);
    size_t pidx, gidx[16], ng = 0;
    if (ssp_csv_column(in, pcol, &pidx, &e) != SSP_OK)
        die_error(&e);
    ng = tool_group_columns(in, groups, gidx);
    /* The output's header is the input's and the added column: each name
     * once (ssp indicators | ssp adjust p already has a p_adjusted). */
    {
        const ssp_csv_record *hd = ssp_csv_header(in);
        const char **names = malloc((hd->n + 1) * sizeof *names);
        size_t a, b;
        if (!names)
            tool_oom();
        for (size_t i = 0; i < hd->n; i++)
            names[i] = hd->f[i].s;
        names[hd->n] = name;
        int rc = ssp_names_distinct(names, hd->n + 1, &a, &b);
        if (rc < 0)
            tool_oom();
        if (rc == 0 && b == hd->n)
            usage_error("the input has a column '%s' already; name the added "
                        "column with --name",
                        name);
        if (rc == 0)
            usage_error("the input has two columns named '%s' (columns %zu "
                        "and %zu)",
                        names[a], a + 1, b + 1);
        free(names);
    }
    struct row *rows = NULL;
    size_t nrows = 0, cap = 0;
    ssp_strmap keys;
    ssp_strmap_init(&keys);
    ssp_csv_record rec;
    int rc;
    char *key = NULL;
    size_t kcap = 0;
    while ((rc = ssp_csv_next(in, &rec, &e)) > 0) {
        rows = ssp_grow(rows, &cap, nrows + 1, sizeof *rows);
        if (!rows)
            tool_oom();
        struct row *r = &rows[nrows++];
        r->n = rec.n;
        if (!(r->f = malloc(rec.n * sizeof *r->f)))
            tool_oom();
        for (size_t i = 0; i < rec.n; i++)
            if (!(r->f[i] = strdup(rec.f[i].s)))
                tool_oom();
        /* the group's key: each value and a NUL, none cut (a value
         * past a fixed buffer merged two groups and wrote past it) */
        size_t len = 0;
        for (size_t i = 0; i < ng; i++) {
            const ssp_csv_field *f = &rec.f[gidx[i]];
            if (!(key = ssp_grow(key, &kcap, len + f->len + 1, 1)))
                tool_oom();
            memcpy(key + len, f->s, f->len);
            key[len + f->len] = '\0';
            len += f->len + 1;
        }
        int added;
        if (ssp_strmap_put(&keys, key ? key : "", len, &r->group, &added) !=
            SSP_OK)
            tool_oom();
        const ssp_csv_field *pf = &rec.f[pidx];
        if (!pf->len || !strcmp(pf->s, "NA")) {
            r->p = NAN;
        } else if (!ssp_parse_double(pf->s, pf->len, &r->p) || r->p < 0 ||
                   r->p > 1) {
            ssp_error_set(&e, SSP_EDATA, ssp_csv_name(in), pf->line, pf->col,
                          "'%.40s' is not a p-value (a number from 0 to 1)",
                          pf->s);
            die_error(&e);
        }
    }
    free(key);
    if (rc < 0)
        die_error(&e);
    /* Adjust group by group, in the order the rows came. */
    double *p = malloc((nrows + 1) * sizeof *p),
           *adj = malloc((nrows + 1) * sizeof *adj);
    size_t *at = malloc((nrows + 1) * sizeof *at);
    if (!p || !adj || !at)
        tool_oom();
    double *result = malloc((nrows + 1) * sizeof *result);
    if (!result)
        tool_oom();
    for (size_t g = 0; g < keys.n; g++) {
        size_t k = 0;
        for (size_t i = 0; i < nrows; i++)
            if (rows[i].group == g) {
                at[k] = i;
                p[k++] = rows[i].p;
            }
        if (ssp_adjust(method, p, k, adj) != SSP_OK)
            tool_oom();
        for (size_t i = 0; i < k; i++)
            result[at[i]] = adj[i];
    }
    const ssp_csv_record *h = ssp_csv_header(in);
    for (size_t i = 0; i < h->n; i++) {
        ssp_put_csv_field(stdout, h->f[i].s, o.delim);
        fputc(o.delim, stdout);
    }
    ssp_put_csv_field(stdout, name, o.delim);
    fputc('\n', stdout);
    char num[SSP_NUM_BUFSZ];
    for (size_t i = 0; i < nrows; i++) {
        for (size_t k = 0; k < rows[i].n; k++) {
            ssp_put_csv_field(stdout, rows[i].f[k], o.delim);
            fputc(o.delim, stdout);
            free(rows[i].f[k]);
        }
        free(rows[i].f);
        fprintf(stdout, "%s\n", ssp_fmt_double(result[i], num));
    }
    free(rows);
    free(p);
    free(adj);
    free(at);
    free(result);
    ssp_strmap_destroy(&keys);
    ssp_csv_close(in);
    return tool_finish(SSP_OK);
}
