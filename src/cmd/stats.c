/* stats.c: ssp stats, descriptive statistics for pipelines. */
#include <getopt.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "ssp/csv.h"
#include "ssp/io.h"
#include "ssp/names.h"
#include "ssp/num.h"
#include "ssp/out.h"
#include "ssp/stats.h"
#include "ssp/strmap.h"
#include "tool.h"

static const char usage[] =
    "Usage: ssp stats [OPTIONS] OP:COL [OP:COL...] [FILE...]\n"
    "Descriptive statistics of CSV columns, per group.\n"
    "\n"
    "Operations: count nmiss sum mean sd var se cv min max range median q1 q3\n"
    "  iqr pN (percentile N, a decimal read exactly: p90, p2.5, p99.9) mad\n"
    "  skew kurt mode distinct\n"
    "  mean-ci-lo mean-ci-hi first last.\n"
    "COL is a header name or a 1-based column number.\n"
    "\n"
    "Options:\n"
    "  -g, --group COL[,COL...]  one output row per group (first-seen order)\n"
    "      --sort                output groups in sorted (byte) order\n"
    "  -t, --delimiter CHAR      field delimiter of input and output "
    "(default ','; 'tab' or '\\t' for TSV)\n"
    "      --no-header           input has no header row; columns by number\n"
    "      --encoding ENC        input encoding: utf-8 (default), cp949, "
    "euc-kr, ...\n"
    "      --na STR              also treat STR as missing (repeatable; empty\n"
    "                            and NA always are)\n"
    "      --on-bad error|skip   non-numeric value: fail (default) or skip "
    "and count\n"
    "      --quantile-type N     R quantile type 1..9 (default 7)\n"
    "      --level X             confidence level of mean-ci-lo/hi "
    "(default 0.95)\n"
    "      --json                JSON array of objects instead of CSV\n"
    "  -o, --output FILE         write to FILE atomically instead of stdout\n"
    "  -j, --jobs N              read a large plain file in N pieces at once\n"
    "                            (default: the processors; the result is the\n"
    "                            same)\n"
    "  -q, --quiet               no progress line on a terminal\n"
    "  -h, --help                show this help and exit\n"
    "      --version             show the version and exit\n"
    "\n"
    "Exit status: 0 success, 1 bad data, 2 usage error, 3 I/O error,\n"
    "4 out of memory or internal error. See ssp-stats(1).\n";

enum {
    OPT_SORT = 256,
    OPT_NO_HEADER,
    OPT_ENCODING,
    OPT_NA,
    OPT_ON_BAD,
    OPT_QTYPE,
    OPT_LEVEL,
    OPT_JSON,
    OPT_VERSION
};

static const struct option long_opts[] = {
    {"group", required_argument, NULL, 'g'},
    {"sort", no_argument, NULL, OPT_SORT},
    {"delimiter", required_argument, NULL, 't'},
    {"no-header", no_argument, NULL, OPT_NO_HEADER},
    {"encoding", required_argument, NULL, OPT_ENCODING},
    {"na", required_argument, NULL, OPT_NA},
    {"on-bad", required_argument, NULL, OPT_ON_BAD},
    {"quantile-type", required_argument, NULL, OPT_QTYPE},
    {"level", required_argument, NULL, OPT_LEVEL},
    {"json", no_argument, NULL, OPT_JSON},
    {"output", required_argument, NULL, 'o'},
    {"jobs", required_argument, NULL, 'j'},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* A column some operation reads; the same column read by several
 * operations is read once. */
struct column {
    const char *spec; /* as given: name or number */
    char *label;      /* header name of the first file, else spec */
    size_t idx;       /* 0-based, in the current file */
    unsigned needs;   /* SSP_NEED_* of its operations */
    int numeric;      /* some operation needs numbers */
    int strings;      /* first/last: keep the text */
};

struct opcol {
    ssp_opspec op;
    const char *opname; /* as given, e.g. "p90" */
    size_t col;         /* index into columns */
};

/* Group i has key i of the run's group map: its values, NUL-terminated. */
struct group {
    ssp_acc *acc; /* one per column */
    char **first, **last;
};

/* The groups, in first-seen order: of the run, or of a piece of a file. */
struct table {
    struct group *groups;
    size_t ngroups, capgroups;
    ssp_strmap keys; /* group values -> group index */
    char *kbuf;      /* the current row's key */
    size_t kcap;
    unsigned long long rows;
};

/* All state of one run. */
struct run {
    ssp_csv_options csv;
    const char **na;
    size_t nna;
    int skip_bad, json, sort;
    ssp_stat_cfg cfg;
    const char *output;
    char **gspec;
    size_t ng;
    size_t *gidx;
    char **glabel;
    struct column *cols;
    size_t ncols;
    struct opcol *ops;
    size_t nops;
    struct table t;
    int jobs;
    size_t nbad;
    ssp_error first_bad;
    unsigned long long rows; /* read so far, for the progress line */
    int checked;             /* the output's names are distinct */
};

static void *xgrow(void *p, size_t *cap, size_t need, size_t elem)
{
    void *q = ssp_grow(p, cap, need, elem);
    if (!q)
        tool_oom();
    return q;
}

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        tool_oom();
    return d;
}

/* Split "a,b,c" into a new array of new strings. */
static char **split_commas(const char *s, size_t *n)
{
    char **v = NULL;
    size_t cap = 0;
    *n = 0;
    for (;;) {
        size_t k = strcspn(s, ",");
        v = xgrow(v, &cap, *n + 1, sizeof *v);
        if (!(v[*n] = strndup(s, k)))
            tool_oom();
        if (k == 0)
            usage_error("empty column name in '-g'");
        (*n)++;
        if (!s[k])
            return v;
        s += k + 1;
    }
}

static size_t add_column(struct run *r, const char *spec)
{
    for (size_t i = 0; i < r->ncols; i++)
        if (!strcmp(r->cols[i].spec, spec))
            return i;
    size_t cap = r->ncols;
    r->cols = xgrow(r->cols, &cap, r->ncols + 1, sizeof *r->cols);
    r->cols[r->ncols] = (struct column){.spec = spec};
    return r->ncols++;
}

/* Is arg an OP:COL operand rather than a file name? */
static int looks_like_op(const char *arg)
{
    const char *colon = strchr(arg, ':');
    struct stat st;
    if (!colon || colon == arg || stat(arg, &st) == 0)
        return 0;
    for (const char *p = arg; p < colon; p++)
        if (!((*p >= 'a' && *p <= 'z') || (*p >= '0' && *p <= '9') ||
              *p == '.' || *p == '-'))
            return 0;
    return 1;
}

static void add_op(struct run *r, char *arg)
{
    char *colon = strchr(arg, ':');
    *colon = '\0';
    ssp_opspec op;
    if (!ssp_op_parse(arg, &op))
        usage_error("unknown operation '%s' (see 'ssp stats --help')", arg);
    if (!colon[1])
        usage_error("operation '%s' needs a column: '%s:COL'", arg, arg);
    size_t cap = r->nops;
    r->ops = xgrow(r->ops, &cap, r->nops + 1, sizeof *r->ops);
    size_t c = add_column(r, colon + 1);
    r->ops[r->nops++] = (struct opcol){op, arg, c};
    r->cols[c].needs |= ssp_op_needs(op.op);
    r->cols[c].numeric |= ssp_op_numeric(op.op);
    r->cols[c].strings |= op.op == SSP_OP_FIRST || op.op == SSP_OP_LAST;
}

static int is_missing(const struct run *r, const ssp_csv_field *f)
{
    if (f->len == 0 || !strcmp(f->s, "NA"))
        return 1;
    for (size_t i = 0; i < r->nna; i++)
        if (!strcmp(f->s, r->na[i]))
            return 1;
    return 0;
}

/* The group of key (the row's group values) in t, created when new. */
static struct group *find_group(const struct run *r, struct table *t,
                                const char *key, size_t len)
{
    size_t i;
    int added;
    if (ssp_strmap_put(&t->keys, key, len, &i, &added) != SSP_OK)
        tool_oom();
    if (!added)
        return &t->groups[i];
    t->groups =
        xgrow(t->groups, &t->capgroups, t->ngroups + 1, sizeof *t->groups);
    struct group *g = &t->groups[t->ngroups++];
    *g = (struct group){0};
    if (!(g->acc = aligned_alloc(64, r->ncols * sizeof *g->acc)) ||
        !(g->first = calloc(r->ncols, sizeof *g->first)) ||
        !(g->last = calloc(r->ncols, sizeof *g->last)))
        tool_oom();
    for (size_t c = 0; c < r->ncols; c++)
        ssp_acc_init(&g->acc[c], r->cols[c].needs);
    return g;
}

static void set_text(char **dst, const ssp_csv_field *f)
{
    char *s = realloc(*dst, f->len + 1);
    if (!s)
        tool_oom();
    memcpy(s, f->s, f->len + 1);
    *dst = s;
}

/* Add a row's fields to t. A value that is not a number is an error of
 * in; with no reader (the direct read) it gives up: returns 0. */
static int add_row(struct run *r, struct table *t, const ssp_csv *in,
                   const ssp_csv_field *fs)
{
    struct group *g;
    if (r->ng == 0) {
        g = t->ngroups ? &t->groups[0] : find_group(r, t, "", 0);
    } else if (r->ng == 1) { /* the field is the key, with its NUL */
        g = find_group(r, t, fs[r->gidx[0]].s, fs[r->gidx[0]].len + 1);
    } else {
        size_t len = 0;
        for (size_t i = 0; i < r->ng; i++) {
            const ssp_csv_field *f = &fs[r->gidx[i]];
            t->kbuf = xgrow(t->kbuf, &t->kcap, len + f->len + 1, 1);
            memcpy(t->kbuf + len, f->s, f->len + 1);
            len += f->len + 1;
        }
        g = find_group(r, t, t->kbuf, len);
    }
    for (size_t c = 0; c < r->ncols; c++) {
        const struct column *col = &r->cols[c];
        const ssp_csv_field *f = &fs[col->idx];
        if (is_missing(r, f)) {
            ssp_acc_missing(&g->acc[c]);
            continue;
        }
        if (col->strings) {
            if (!g->first[c])
                set_text(&g->first[c], f);
            set_text(&g->last[c], f);
        }
        if (!col->numeric) {
            g->acc[c].n++;
            continue;
        }
        double x;
        if (!ssp_parse_double(f->s, f->len, &x)) {
            if (!in)
                return 0;
            ssp_error e;
            ssp_error_set(&e, SSP_EDATA, ssp_csv_name(in), f->line, f->col,
                          "'%.60s' is not a number (column %s)", f->s,
                          col->label);
            if (!r->skip_bad)
                die_error(&e);
            if (r->nbad++ == 0)
                r->first_bad = e;
            continue;
        }
        if (ssp_acc_add(&g->acc[c], x) != SSP_OK)
            tool_oom();
    }
    return 1;
}

/* Resolve every column in this file's header; label from the first file. */
static void resolve(struct run *r, const ssp_csv *in)
{
    ssp_error e;
    const ssp_csv_record *h = ssp_csv_header(in);
    for (size_t i = 0; i < r->ng; i++) {
        if (ssp_csv_column(in, r->gspec[i], &r->gidx[i], &e) != SSP_OK)
            die_error(&e);
        if (!r->glabel[i])
            r->glabel[i] = xstrdup(h ? h->f[r->gidx[i]].s : r->gspec[i]);
    }
    for (size_t c = 0; c < r->ncols; c++) {
        struct column *col = &r->cols[c];
        if (ssp_csv_column(in, col->spec, &col->idx, &e) != SSP_OK)
            die_error(&e);
        if (!col->label)
            col->label = xstrdup(h ? h->f[col->idx].s : col->spec);
    }
}

/* Every output column has a name of its own: the group columns' and the
 * operations' labels, e.g. "mean(x)" twice from mean:x mean:1, or -g
 * mean(x) beside mean:x, would print a header (and JSON keys) with one
 * name twice. A usage error, before any row is read. */
static void check_names(const struct run *r)
{
    size_t n = r->ng + r->nops, a, b;
    char **names = calloc(n + 1, sizeof *names);
    if (!names)
        tool_oom();
    for (size_t i = 0; i < r->ng; i++)
        names[i] = xstrdup(r->glabel[i]);
    for (size_t k = 0; k < r->nops; k++) {
        const struct opcol *o = &r->ops[k];
        size_t len = strlen(o->opname) + strlen(r->cols[o->col].label) + 3;
        if (!(names[r->ng + k] = malloc(len)))
            tool_oom();
        snprintf(names[r->ng + k], len, "%s(%s)", o->opname,
                 r->cols[o->col].label);
    }
    int rc = ssp_names_distinct((const char *const *)names, n, &a, &b);
    if (rc < 0)
        tool_oom();
    if (rc == 0)
        usage_error("two output columns would be named '%s' (%s %zu and "
                    "%s %zu); give each group column and operation once",
                    names[a], a < r->ng ? "group column" : "operation",
                    a < r->ng ? a + 1 : a - r->ng + 1,
                    b < r->ng ? "group column" : "operation",
                    b < r->ng ? b + 1 : b - r->ng + 1);
    for (size_t i = 0; i < n; i++)
        free(names[i]);
    free(names);
}

static void table_free(const struct run *r, struct table *t)
{
    for (size_t gi = 0; gi < t->ngroups; gi++) {
        struct group *g = &t->groups[gi];
        for (size_t c = 0; c < r->ncols; c++) {
            ssp_acc_destroy(&g->acc[c]);
            free(g->first[c]);
            free(g->last[c]);
        }
        free(g->acc);
        free(g->first);
        free(g->last);
    }
    free(t->groups);
    ssp_strmap_destroy(&t->keys);
    free(t->kbuf);
    *t = (struct table){0};
}

/* ---- the direct read, in pieces at once ---- */

/* Every operation gives the same result whatever the parts its values
 * are added in: those with central moments (sd, var, se, cv, skew, kurt,
 * mean-ci-lo/hi) depend on the order, so a file is then read whole. */
static int splits(const struct run *r)
{
    for (size_t c = 0; c < r->ncols; c++)
        if (r->cols[c].needs & (SSP_NEED_SPREAD | SSP_NEED_MOMENTS))
            return 0;
    return 1;
}

struct piece {
    _Alignas(128) struct run *r; /* no cache line shared with another */
    struct table t;
    const char *name;
};

/* A row of the direct read. Returns 0 to give up. */
static int direct_row(void *state, const ssp_csv_field *fs, size_t n)
{
    struct piece *p = state;
    (void)n;
    if (++p->t.rows % (1u << 20) == 0)
        tool_progress(p->name, p->t.rows);
    return add_row(p->r, &p->t, NULL, fs);
}

/* Add the groups of t to the run's, in their order (t is a later part of
 * the input), and free t. */
static void merge(struct run *r, struct table *t)
{
    if (!r->t.ngroups) {
        table_free(r, &r->t);
        r->t = *t;
        *t = (struct table){0};
        return;
    }
    for (size_t gi = 0; gi < t->ngroups; gi++) {
        size_t klen;
        const char *key = ssp_strmap_key(&t->keys, gi, &klen);
        struct group *g = find_group(r, &r->t, key, klen), *h = &t->groups[gi];
        for (size_t c = 0; c < r->ncols; c++) {
            if (ssp_acc_merge(&g->acc[c], &h->acc[c]) != SSP_OK)
                tool_oom();
            if (!g->first[c]) {
                g->first[c] = h->first[c];
                h->first[c] = NULL;
            }
            if (h->last[c]) {
                free(g->last[c]);
                g->last[c] = h->last[c];
                h->last[c] = NULL;
            }
        }
    }
    table_free(r, t);
}

/* Read a file the direct way, in up to r->jobs pieces at once (in
 * opened on it, its columns resolved). Returns 1 when it is read into r;
 * 0 when it is to be read through in (r as it was). */
static int read_direct(struct run *r, const ssp_csv *in, const char *path)
{
    ssp_scan s;
    if (!ssp_scan_open(&s, path, in, splits(r) ? r->jobs : 1))
        return 0;
    struct piece p[16];
    for (int k = 0; k < s.pieces; k++)
        p[k] = (struct piece){r, {0}, path};
    int ok = ssp_scan_run(&s, direct_row, p, sizeof *p);
    tool_progress_end();
    ssp_scan_close(&s);
    for (int k = 0; k < s.pieces; k++) {
        if (ok) {
            r->rows += p[k].t.rows;
            merge(r, &p[k].t);
        }
        table_free(r, &p[k].t);
    }
    return ok;
}

static void read_file(struct run *r, const char *path)
{
    ssp_error e;
    ssp_csv *in = ssp_csv_open(path, &r->csv, &e);
    if (!in)
        die_error(&e);
    resolve(r, in);
    if (!r->rows && !r->checked) {
        check_names(r);
        r->checked = 1;
    }
    size_t need = 0;
    for (size_t i = 0; i < r->ng; i++)
        need = r->gidx[i] + 1 > need ? r->gidx[i] + 1 : need;
    for (size_t c = 0; c < r->ncols; c++)
        need = r->cols[c].idx + 1 > need ? r->cols[c].idx + 1 : need;
    ssp_csv_record rec;
    int rc = 0;
    if (read_direct(r, in, path)) {
        ssp_csv_close(in);
        return;
    }
    while ((rc = ssp_csv_next(in, &rec, &e)) > 0) {
        if (rec.n < need) {
            ssp_error_set(&e, SSP_EDATA, ssp_csv_name(in), rec.line, 1,
                          "row has %zu fields, but column %zu is read", rec.n,
                          need);
            die_error(&e);
        }
        add_row(r, &r->t, in, rec.f);
        if (++r->rows % (1u << 20) == 0)
            tool_progress(ssp_csv_name(in), r->rows);
    }
    tool_progress_end();
    if (rc < 0)
        die_error(&e);
    ssp_csv_close(in);
}

static const ssp_strmap *sort_keys; /* qsort has no context argument */

/* Order of group keys: bytewise, so column by column (NUL ends each). */
static int cmp_group(const void *pa, const void *pb)
{
    size_t la, lb;
    const char *a = ssp_strmap_key(sort_keys, *(const size_t *)pa, &la);
    const char *b = ssp_strmap_key(sort_keys, *(const size_t *)pb, &lb);
    int c = memcmp(a, b, la < lb ? la : lb);
    return c ? c : (la > lb) - (la < lb);
}

/* The op's column label, e.g. "mean(score)". */
static void put_label(FILE *fp, const struct run *r, const struct opcol *o)
{
    /* whole, however long the header name: a cut label could repeat */
    const char *label = r->cols[o->col].label;
    size_t len = strlen(o->opname) + strlen(label) + 3;
    char *buf = malloc(len);
    if (!buf)
        tool_oom();
    snprintf(buf, len, "%s(%s)", o->opname, label);
    if (r->json)
        ssp_put_json_string(fp, buf);
    else
        ssp_put_csv_field(fp, buf, r->csv.delim);
    free(buf);
}

/* A mean interval left NA for essentially constant data says why. */
static void note_constant(const struct run *r, size_t gi, const struct opcol *o)
{
    char where[256] = "";
    size_t w = 0, klen;
    const char *v = ssp_strmap_key(&r->t.keys, gi, &klen);
    for (size_t i = 0; i < r->ng && w < sizeof where; i++, v += strlen(v) + 1)
        w += (size_t)snprintf(where + w, sizeof where - w, "%s%.60s",
                              i ? "," : "group ", v);
    warnx("note: %s%s%s(%s) is NA: the data are essentially constant (R's "
          "t.test stops)",
          where, r->ng ? ": " : "", o->opname, r->cols[o->col].label);
}

/* The results of groups [from, to): res[group * nops + op]. */
struct results {
    struct run *r;
    double *res;
    size_t from, to;
};

static void *compute(void *arg)
{
    struct results *w = arg;
    struct run *r = w->r;
    for (size_t gi = w->from; gi < w->to; gi++)
        for (size_t k = 0; k < r->nops; k++) {
            const struct opcol *o = &r->ops[k];
            w->res[gi * r->nops + k] =
                o->op.op == SSP_OP_FIRST || o->op.op == SSP_OP_LAST
                    ? NAN
                    : ssp_acc_result(&r->t.groups[gi].acc[o->col], &o->op,
                                     &r->cfg);
        }
    return NULL;
}

/* Every group's results, the groups shared among r->jobs threads (an
 * order statistic of many values takes a while). */
static double *results(struct run *r)
{
    size_t n = r->t.ngroups, jobs = (size_t)r->jobs;
    double *res = malloc((n * r->nops + 1) * sizeof *res);
    if (!res)
        tool_oom();
    struct results w[16];
    pthread_t th[16];
    jobs = jobs > 16 ? 16 : jobs > n / 64 ? n / 64 + 1 : jobs;
    size_t started = 0;
    for (size_t k = 0; k < jobs; k++)
        w[k] = (struct results){r, res, n * k / jobs, n * (k + 1) / jobs};
    for (; started + 1 < jobs; started++)
        if (pthread_create(&th[started], NULL, compute, &w[started]))
            break;
    for (size_t k = started; k < jobs; k++) /* the rest on this thread */
        compute(&w[k]);
    for (size_t k = 0; k < started; k++)
        pthread_join(th[k], NULL);
    return res;
}

static void write_results(struct run *r, FILE *fp)
{
    char num[SSP_NUM_BUFSZ];
    char d = r->csv.delim;
    double *res = results(r);
    size_t *order = malloc((r->t.ngroups + 1) * sizeof *order);
    if (!order)
        tool_oom();
    for (size_t i = 0; i < r->t.ngroups; i++)
        order[i] = i;
    if (r->sort) {
        sort_keys = &r->t.keys;
        qsort(order, r->t.ngroups, sizeof *order, cmp_group);
    }
    if (!r->json) {
        for (size_t i = 0; i < r->ng; i++) {
            ssp_put_csv_field(fp, r->glabel[i], d);
            fputc(d, fp);
        }
        for (size_t k = 0; k < r->nops; k++) {
            if (k)
                fputc(d, fp);
            put_label(fp, r, &r->ops[k]);
        }
        fputc('\n', fp);
    } else {
        fputc('[', fp);
    }
    for (size_t gi = 0; gi < r->t.ngroups; gi++) {
        struct group *g = &r->t.groups[order[gi]];
        size_t klen;
        const char *v = ssp_strmap_key(&r->t.keys, order[gi], &klen);
        if (r->json)
            fputs(gi ? ",\n{" : "\n{", fp);
        for (size_t i = 0; i < r->ng; i++, v += strlen(v) + 1) {
            if (r->json) {
                ssp_put_json_string(fp, r->glabel[i]);
                fputc(':', fp);
                ssp_put_json_string(fp, v);
                fputc(',', fp);
            } else {
                ssp_put_csv_field(fp, v, d);
                fputc(d, fp);
            }
        }
        for (size_t k = 0; k < r->nops; k++) {
            const struct opcol *o = &r->ops[k];
            if (k)
                fputc(r->json ? ',' : d, fp);
            if (r->json) {
                put_label(fp, r, o);
                fputc(':', fp);
            }
            if (o->op.op == SSP_OP_FIRST || o->op.op == SSP_OP_LAST) {
                const char *s = o->op.op == SSP_OP_FIRST ? g->first[o->col]
                                                         : g->last[o->col];
                if (r->json)
                    s ? ssp_put_json_string(fp, s) : (void)fputs("null", fp);
                else
                    ssp_put_csv_field(fp, s ? s : "NA", d);
                continue;
            }
            double x = res[order[gi] * r->nops + k];
            if ((o->op.op == SSP_OP_MEAN_CI_LO ||
                 o->op.op == SSP_OP_MEAN_CI_HI) &&
                ssp_acc_constant(&g->acc[o->col]))
                note_constant(r, order[gi], o);
            ssp_fmt_double(x, num);
            fputs(r->json && (x != x || x - x != 0) ? "null" : num, fp);
        }
        if (r->json)
            fputc('}', fp);
        else
            fputc('\n', fp);
    }
    if (r->json)
        fputs(r->t.ngroups ? "\n]\n" : "]\n", fp);
    free(order);
    free(res);
}

static void run_free(struct run *r)
{
    table_free(r, &r->t);
    for (size_t i = 0; i < r->ng; i++) {
        free(r->gspec[i]);
        free(r->glabel[i]);
    }
    for (size_t c = 0; c < r->ncols; c++)
        free(r->cols[c].label);
    free(r->gspec);
    free(r->glabel);
    free(r->gidx);
    free(r->cols);
    free(r->ops);
    free(r->na);
}

int main_stats(int argc, char **argv)
{
    struct run r = {0};
    ssp_csv_options_init(&r.csv);
    r.csv.encoding_via = "--encoding";
    r.csv.direct = 1;
    r.cfg = (ssp_stat_cfg){7, 0.95};
    size_t nacap = 0;
    int c;
    long ncpu = sysconf(_SC_NPROCESSORS_ONLN);
    r.jobs = ncpu > 1 ? (ncpu > 16 ? 16 : (int)ncpu) : 1;
    while ((c = getopt_long(argc, argv, "g:t:o:j:qh", long_opts, NULL)) != -1) {
        double x;
        switch (c) {
        case 'g':
            for (size_t i = 0; i < r.ng; i++)
                free(r.gspec[i]);
            free(r.gspec);
            r.gspec = split_commas(optarg, &r.ng);
            break;
        case OPT_SORT: r.sort = 1; break;
        case 't': r.csv.delim = tool_delimiter(optarg); break;
        case OPT_NO_HEADER: r.csv.header = 0; break;
        case OPT_ENCODING: r.csv.encoding = optarg; break;
        case OPT_NA:
            r.na = xgrow(r.na, &nacap, r.nna + 1, sizeof *r.na);
            r.na[r.nna++] = optarg;
            break;
        case OPT_ON_BAD:
            if (strcmp(optarg, "error") && strcmp(optarg, "skip"))
                usage_error("--on-bad takes 'error' or 'skip', not '%s'",
                            optarg);
            r.skip_bad = !strcmp(optarg, "skip");
            break;
        case OPT_QTYPE:
            if (!ssp_parse_double(optarg, strlen(optarg), &x) || x < 1 ||
                x > 9 || x != (int)x)
                usage_error("--quantile-type takes 1 to 9, not '%s'", optarg);
            r.cfg.qtype = (int)x;
            break;
        case OPT_LEVEL:
            if (!ssp_parse_double(optarg, strlen(optarg), &x) || x <= 0 ||
                x >= 1)
                usage_error("--level takes a number between 0 and 1, not "
                            "'%s'",
                            optarg);
            r.cfg.level = x;
            break;
        case OPT_JSON: r.json = 1; break;
        case 'o': r.output = optarg; break;
        case 'j':
            r.jobs = (int)tool_whole("--jobs", optarg);
            r.jobs = r.jobs < 1 ? 1 : r.jobs;
            break;
        case 'q': tool_quiet(1); break;
        case 'h': fputs(usage, stdout); return tool_finish(SSP_OK);
        case OPT_VERSION:
            printf("ssp stats %s\n", SSP_VERSION);
            return tool_finish(SSP_OK);
        default: tool_bad_option();
        }
    }
    int i = optind;
    for (; i < argc && looks_like_op(argv[i]); i++)
        add_op(&r, argv[i]);
    if (r.nops == 0)
        usage_error("no operation given, e.g. 'mean:score'");
    for (int k = i; k < argc; k++)
        if (looks_like_op(argv[k]))
            usage_error("operation '%s' after a file name; give operations "
                        "first",
                        argv[k]);
    if (!(r.gidx = calloc(r.ng + 1, sizeof *r.gidx)) ||
        !(r.glabel = calloc(r.ng + 1, sizeof *r.glabel)))
        tool_oom();
    if (i == argc)
        read_file(&r, "-");
    for (; i < argc; i++)
        read_file(&r, argv[i]);
    if (r.nbad) {
        const ssp_error *e = &r.first_bad;
        warnx("%zu non-numeric value%s skipped; the first: %s:%ld:%ld: %s",
              r.nbad, r.nbad == 1 ? "" : "s", e->file, e->line, e->col, e->msg);
    }

    if (r.ng == 0 && r.t.ngroups == 0)
        find_group(&r, &r.t, "",
                   0); /* no rows: still one result row (count 0) */
    ssp_atomic out = {0};
    ssp_error e;
    FILE *fp = stdout;
    if (r.output) {
        if (ssp_atomic_open(&out, r.output, 0, &e) != SSP_OK)
            die_error(&e);
        fp = out.fp;
    }
    write_results(&r, fp);
    run_free(&r);
    if (r.output && ssp_atomic_commit(&out, &e) != SSP_OK)
        die_error(&e);
    return tool_finish(SSP_OK);
}
