/* ingest.c: ssp ingest, vendor exports into the canonical dataset. */
#include <errno.h>
#include <getopt.h>
#include <jansson.h>
#include <sodium.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "ssp/csv.h"
#include "ssp/dataset.h"
#include "ssp/io.h"
#include "ssp/mapping.h"
#include "ssp/num.h"
#include "ssp/out.h"
#include "ssp/pseudo.h"
#include "ssp/rows.h"
#include "ssp/schema.h"
#include "ssp/strmap.h"
#include "ssp/validate.h"
#include "tool.h"

static const char usage[] =
    "Usage: ssp ingest --map MAP (--key KEYFILE | --no-pseudonymize) -o DIR\n"
    "                  [OPTIONS] FILE...\n"
    "Map vendor exports onto a canonical table of the dataset DIR: rename,\n"
    "convert, pseudonymize, drop exact duplicates, validate every row; the\n"
    "rejected rows go to DIR/rejects/, the counts to DIR/manifest.json.\n"
    "Rows the table has already are duplicates. One run at a time (a lock,\n"
    "waited for); the files of a run change together or not at all.\n"
    "\n"
    "  -m, --map MAP          the mapping of these exports (ssp-mapping(5))\n"
    "  -k, --key KEYFILE      the secret key of the pseudonyms (ssp keygen)\n"
    "      --no-pseudonymize  keep identifiers as they are (refused "
    "otherwise)\n"
    "  -o, --output DIR       the dataset folder (created or extended)\n"
    "      --max-errors N     print at most N errors (default 100)\n"
    "      --max-rejects N|P% succeed with up to N (or P%) rejected rows\n"
    "  -q, --quiet            no progress line on a terminal\n"
    "  -h, --help             show this help and exit\n"
    "      --version          show the version and exit\n"
    "\n"
    "Exit status: 0 every row accepted (or within --max-rejects), 1 rejected\n"
    "rows, 2 usage or mapping error, 3 I/O error, 4 internal error.\n"
    "See ssp-ingest(1).\n";

enum { OPT_NO_PSEUDO = 256, OPT_MAX_ERRORS, OPT_MAX_REJECTS, OPT_VERSION };

static const struct option long_opts[] = {
    {"map", required_argument, NULL, 'm'},
    {"key", required_argument, NULL, 'k'},
    {"no-pseudonymize", no_argument, NULL, OPT_NO_PSEUDO},
    {"output", required_argument, NULL, 'o'},
    {"max-errors", required_argument, NULL, OPT_MAX_ERRORS},
    {"max-rejects", required_argument, NULL, OPT_MAX_REJECTS},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

static const char *const canonical[] = {"subjects", "measures", "usage",
                                        "events"};

/* Counts of one input; read = accepted + rejected + duplicates + filtered. */
struct counts {
    unsigned long long read, accepted, rejected, duplicates, filtered;
};

/* All state of one run. */
struct run {
    ssp_mapping *map;
    ssp_schema *schema;
    size_t *field_of;            /* mapping field -> schema field */
    const ssp_mfield **by_field; /* schema field -> mapping field, or NULL */
    ssp_key key;
    int have_key, no_pseudo;
    const char *dir;
    long max_errors, shown;
    struct tool_limit limit;
    ssp_vtable *vt;
    ssp_keyset subjects; /* subject ids of DIR/subjects.csv */
    int have_subjects;
    ssp_keyset *imports[8];
    ssp_dataset *ds;  /* the dataset, locked for the run */
    ssp_strmap seen;  /* hashes of the raw records read */
    long *first_line; /* where each was first read */
    size_t cap_first;
    ssp_strmap have; /* hashes of the table's rows, old and new */
    long *have_line; /* the table's line of each */
    size_t cap_have;
    long table_lines; /* lines of the table written so far */
    long dup_of;      /* the table's line a duplicate row repeats */
    int loading;      /* reading the table's rows: errors are not ours */
    char *canon;      /* the canonical row being written */
    size_t cap_canon;
    ssp_atomic out; /* the table, rewritten with the new rows */
    char table_path[4200], rel_path[300];
    /* the row being mapped: a value of any length for each schema field */
    char **mval;
    size_t *mcap;
    ssp_csv_field *mcell;
    char *mtmp; /* the source value, trimmed and mapped */
    size_t mtmpcap;
    const char *file;
    int row_bad;
    long row;
    ssp_rows rejects;
    unsigned long long errors;
};

/* ---- errors ----------------------------------------------------------- */

static void error_out(struct run *r, const ssp_verr *e)
{
    r->row_bad = 1;
    r->errors++;
    if (r->shown < r->max_errors) {
        r->shown++;
        warnx("%s:%ld:%ld: %s: %s", r->file, e->line, e->col, e->type, e->msg);
    }
    ssp_rows_why(&r->rejects, e->row, e->line, e->col, e->field, e->type,
                 e->value, e->msg);
}

static void on_verr(void *ctx, const ssp_verr *e)
{
    struct run *r = ctx;
    if (!r->loading) /* the rows already in the table are not judged again */
        error_out(r, e);
}

/* ---- the input: CSV through the reader, or NDJSON lines -------------- */

struct source {
    ssp_csv *csv;
    FILE *fp; /* NDJSON */
    char *line;
    size_t cap;
    long lineno;
    size_t *col; /* CSV: mapping source column -> index */
    json_t *obj; /* NDJSON: the current record */
    ssp_csv_record rec;
    char *raw; /* NDJSON: the line as read */
    size_t rawlen;
};

/* The source value of column name in the current record; "" if absent. */
static const char *value(struct source *s, const ssp_mapping *m,
                         const char *name, char *buf, size_t sz, long *col)
{
    *col = 1;
    if (!m->ndjson) {
        const ssp_csv_record *h = ssp_csv_header(s->csv);
        for (size_t i = 0; i < h->n; i++)
            if (!strcmp(h->f[i].s, name)) {
                if (i >= s->rec.n)
                    return "";
                *col = s->rec.f[i].col;
                return s->rec.f[i].s;
            }
        return "";
    }
    return ssp_ndjson_value(s->obj, name, buf, sz);
}

/* ---- one input -------------------------------------------------------- */

/* A record (or row) seen before, by a 128-bit hash of its bytes, in the
 * set seen (with lines[] the line where each was first seen)? Returns that
 * line, or 0 after adding it with line. */
static long seen_before(ssp_strmap *seen, long **lines, size_t *cap,
                        const char *raw, size_t len, long line)
{
    unsigned char h[16];
    crypto_generichash(h, sizeof h, (const unsigned char *)raw, len, NULL, 0);
    size_t idx;
    int added;
    if (ssp_strmap_put(seen, (const char *)h, sizeof h, &idx, &added) != SSP_OK)
        tool_oom();
    if (!added)
        return (*lines)[idx];
    long *fl = ssp_grow(*lines, cap, idx + 1, sizeof *fl);
    if (!fl)
        tool_oom();
    *lines = fl;
    fl[idx] = line;
    return 0;
}

/* The canonical row of vals as the table holds it (without line end), in
 * r->canon; returns its length. */
static size_t canonical_row(struct run *r, char **vals)
{
    char *buf = NULL;
    size_t len = 0;
    FILE *fp = open_memstream(&buf, &len);
    if (!fp)
        tool_oom();
    for (size_t i = 0; i < r->schema->nfields; i++) {
        if (i)
            fputc(',', fp);
        ssp_put_csv_field(fp, vals[i], ',');
    }
    if (fclose(fp) != 0 || !buf)
        tool_oom();
    free(r->canon);
    r->canon = buf;
    return len;
}

/* A mapped row that passed its own checks: a duplicate when the table has
 * it already, byte for byte (from an earlier run or this one: 2, with
 * r->dup_of its line), else checked against the table (primary and
 * foreign keys) and written when valid (1) or rejected (0). */
static int accept_row(struct run *r, const ssp_csv_record *rec, char **vals)
{
    size_t len = canonical_row(r, vals);
    unsigned char h[16];
    crypto_generichash(h, sizeof h, (const unsigned char *)r->canon, len, NULL,
                       0);
    size_t idx;
    if (ssp_strmap_get(&r->have, (const char *)h, sizeof h, &idx)) {
        r->dup_of = r->have_line[idx];
        return 2;
    }
    int ok = ssp_vtable_row(r->vt, rec, r->row);
    if (ok < 0)
        tool_oom();
    if (!ok || r->row_bad)
        return 0;
    fwrite(r->canon, 1, len, r->out.fp);
    fputc('\n', r->out.fp);
    seen_before(&r->have, &r->have_line, &r->cap_have, r->canon, len,
                ++r->table_lines);
    return 1;
}

/* Map, pseudonymize and validate the current record. Returns 1 when it is
 * accepted (and written), 2 when the table has it already, 0 when it is
 * rejected. */
/* Copy n bytes of s (and a NUL) into the run's growable buffer *buf. */
static void set_buf(char **buf, size_t *cap, const char *s, size_t n)
{
    char *p = ssp_grow(*buf, cap, n + 1, 1);
    if (!p)
        tool_oom();
    *buf = p;
    memmove(p, s, n);
    p[n] = '\0';
}

static int map_row(struct run *r, struct source *s, long line)
{
    const ssp_schema *sc = r->schema;
    const ssp_mapping *m = r->map;
    if (!r->mval) { /* values are not cut: each buffer grows as needed */
        if (!(r->mval = calloc(sc->nfields + 1, sizeof *r->mval)) ||
            !(r->mcap = calloc(sc->nfields + 1, sizeof *r->mcap)) ||
            !(r->mcell = calloc(sc->nfields + 1, sizeof *r->mcell)))
            tool_oom();
        for (size_t i = 0; i < sc->nfields; i++)
            set_buf(&r->mval[i], &r->mcap[i], "", 0);
    }
    char **vals = r->mval;
    r->row_bad = 0;
    for (size_t i = 0; i < sc->nfields; i++) {
        const ssp_mfield *f = r->by_field[i];
        char buf[SSP_NUM_BUFSZ + 64], msg[400];
        long col = 1;
        const char *in = "";
        vals[i][0] = '\0';
        if (!f)
            goto done;
        if (f->value) {
            in = f->value;
        } else if (f->mean_of.n) { /* e.g. SAT5: the mean of the items */
            double sum = 0;
            size_t k = 0;
            int out_of_range = 0;
            for (; k < f->mean_of.n; k++) {
                double x;
                in = value(s, m, f->mean_of.v[k], buf, sizeof buf, &col);
                if (!*in || !ssp_parse_double(in, strlen(in), &x))
                    break;
                if (f->has_item_range && (x < f->item_min || x > f->item_max)) {
                    out_of_range = 1;
                    break;
                }
                sum += x;
            }
            if (k < f->mean_of.n) {
                ssp_verr e = {out_of_range ? "constraint-error" : "type-error",
                              line,
                              col,
                              r->row,
                              f->name,
                              0,
                              in,
                              ""};
                if (out_of_range)
                    snprintf(e.msg, sizeof e.msg,
                             "field '%s': '%s' (%s) is "
                             "outside the items' range %g to %g",
                             f->name, in, f->mean_of.v[k], f->item_min,
                             f->item_max);
                else
                    snprintf(e.msg, sizeof e.msg,
                             "field '%s': '%s' (%s) is "
                             "not a number to average",
                             f->name, in, f->mean_of.v[k]);
                error_out(r, &e);
                goto done;
            }
            in = ssp_fmt_double(sum / (double)f->mean_of.n, buf);
        } else {
            in = value(s, m, f->from, buf, sizeof buf, &col);
        }
        size_t n = strlen(in);
        if (f->trim) {
            while (n && (*in == ' ' || *in == '\t'))
                in++, n--;
            while (n && (in[n - 1] == ' ' || in[n - 1] == '\t'))
                n--;
        }
        set_buf(&r->mtmp, &r->mtmpcap, in, n);
        char *tmp = r->mtmp;
        for (size_t k = 0; k < f->map_from.n; k++)
            if (!strcmp(tmp, f->map_from.v[k])) {
                set_buf(&r->mtmp, &r->mtmpcap, f->map_to.v[k],
                        strlen(f->map_to.v[k]));
                tmp = r->mtmp;
                break;
            }
        int ok = ssp_mapping_convert(m, f, tmp, &r->mval[i], &r->mcap[i], msg,
                                     sizeof msg);
        if (ok < 0)
            tool_oom();
        if (!ok) {
            ssp_verr e = {"type-error", line, col, r->row, f->name, 0, tmp, ""};
            snprintf(e.msg, sizeof e.msg, "field '%s': %s", f->name, msg);
            error_out(r, &e);
            vals[i][0] = '\0';
        }
        if (f->pseudonymize && vals[i][0]) {
            char p[27];
            ssp_pseudonym(&r->key, vals[i], strlen(vals[i]), p);
            set_buf(&r->mval[i], &r->mcap[i], p, strlen(p));
        }
    done:
        r->mcell[i] = (ssp_csv_field){vals[i], strlen(vals[i]), line, col};
    }
    if (r->row_bad)
        return 0;
    ssp_csv_record rec = {r->mcell, sc->nfields, line, NULL, 0, ""};
    return accept_row(r, &rec, vals);
}

static int filtered(struct run *r, struct source *s)
{
    for (size_t i = 0; i < r->map->nfilters; i++) {
        const ssp_mfilter *f = &r->map->filters[i];
        char buf[64];
        long col;
        const char *v = value(s, r->map, f->column, buf, sizeof buf, &col);
        int in = 0;
        for (size_t k = 0; k < f->values.n && !in; k++)
            in = !strcmp(v, f->values.v[k]);
        if (in != f->keep)
            return 1;
    }
    return 0;
}

/* A record read before in this run, byte for byte? Returns the line it
 * was first read at, or 0. */
static long duplicate(struct run *r, const char *raw, size_t len, long line)
{
    return seen_before(&r->seen, &r->first_line, &r->cap_first, raw, len, line);
}

/* "a/b/dangjin/평가결과.csv" -> "dangjin_평가결과.csv"; "-" -> "stdin". */
static void base_name(const char *path, char *out, size_t sz)
{
    if (!strcmp(path, "-")) {
        snprintf(out, sz, "stdin");
        return;
    }
    const char *base = strrchr(path, '/');
    if (!base) {
        snprintf(out, sz, "%s", path);
        return;
    }
    const char *dir = base;
    while (dir > path && dir[-1] != '/')
        dir--;
    if (base == dir || !strncmp(dir, "..", 2) || !strncmp(dir, "./", 2))
        snprintf(out, sz, "%s", base + 1);
    else
        snprintf(out, sz, "%.*s_%s", (int)(base - dir), dir, base + 1);
}

/* The rejects file of the input numbered no (its place in the manifest's
 * inputs, which only grow): "0007_dangjin_평가결과.csv", a name no other
 * input of this run or another can take (exports of several regions share
 * file names); a number whose file exists (a manifest removed by hand) is
 * passed over. */
static void rejects_name(const struct run *r, size_t no, const char *path,
                         char *out, size_t sz)
{
    char base[600], full[4800];
    base_name(path, base, sizeof base);
    for (;; no++) {
        struct stat st;
        snprintf(out, sz, "%04zu_%s", no, base);
        snprintf(full, sizeof full, "%s/rejects/%s", r->dir, out);
        if (stat(full, &st) != 0)
            return;
    }
}

/* Stage the dataset file rel; dies on failure. */
static const char *stage(struct run *r, const char *rel)
{
    ssp_error e;
    const char *p = ssp_dataset_stage(r->ds, rel, &e);
    if (!p)
        die_error(&e);
    return p;
}

static json_t *ingest_file(struct run *r, const char *path, size_t no)
{
    struct counts n = {0};
    ssp_error e;
    struct source s = {0};
    char sha[65];
    unsigned long long bytes;
    r->file = strcmp(path, "-") ? path : "<stdin>";
    /* The input, hashed as it is read: the digest is of the bytes read. */
    ssp_input *in = ssp_input_open(path, &e);
    if (!in)
        die_error(&e);
    /* The rejects file: DIR/rejects/<number>_<folder>_<name> of the input,
     * staged with the table. */
    char rel[700], relwhy[800], rejrel[800];
    rejects_name(r, no, path, rel, sizeof rel);
    snprintf(rejrel, sizeof rejrel, "rejects/%s", rel);
    snprintf(relwhy, sizeof relwhy, "rejects/%s.errors.csv", rel);
    if (ssp_rows_open(&r->rejects, stage(r, rejrel), 0600, stage(r, relwhy),
                      &e) != SSP_OK)
        die_error(&e);
    char rej[4800]; /* the final name, for messages */
    snprintf(rej, sizeof rej, "%s/%s", r->dir, rejrel);
    if (!r->map->ndjson) {
        ssp_csv_options o;
        ssp_csv_options_init(&o);
        o.encoding = r->map->encoding;
        o.encoding_via = "the mapping's source";
        o.delim = r->map->delim;
        o.allow_ragged = 1;
        if (!(s.csv =
                  ssp_csv_open_stream(ssp_input_stream(in), r->file, &o, &e)))
            die_error(&e);
        r->file = ssp_csv_name(s.csv);
        const ssp_csv_record *h = ssp_csv_header(s.csv);
        if (ssp_rows_begin(&r->rejects, rej, h->raw, h->rawlen, h->term,
                           ssp_csv_encoding(s.csv), ssp_csv_bom(s.csv),
                           &e) != SSP_OK)
            die_error(&e);
        /* Every source column the mapping names must be in the header. */
        for (size_t i = 0; i < r->map->nfields; i++) {
            const ssp_mfield *f = &r->map->fields[i];
            for (size_t k = 0; k < (f->from ? 1 : f->mean_of.n); k++) {
                const char *name = f->from ? f->from : f->mean_of.v[k];
                size_t c = 0;
                while (c < h->n && strcmp(h->f[c].s, name))
                    c++;
                if (c == h->n)
                    die(SSP_EUSAGE,
                        "%s: no column '%s', which the mapping %s "
                        "reads",
                        r->file, name, r->map->source);
            }
        }
    } else {
        s.fp = ssp_input_stream(in);
        if (ssp_rows_begin(&r->rejects, rej, NULL, 0, "", NULL, 0, &e) !=
            SSP_OK)
            die_error(&e);
    }
    r->row = 1;
    for (;;) {
        long line;
        const char *raw;
        size_t rawlen;
        const char *term = "\n";
        if (s.csv) {
            int rc = ssp_csv_next(s.csv, &s.rec, &e);
            if (rc < 0) {
                if (e.status != SSP_EDATA)
                    die_error(&e);
                /* Malformed beyond repair (a stray quote, bad bytes): the
                 * reader cannot tell where the next record starts, so the
                 * rest of the file cannot be read or counted. Rather than
                 * take part of a file, the run fails and the dataset stays
                 * as it was (the stage is discarded at exit). */
                die(SSP_EDATA,
                    "%s:%ld:%ld: %s: %s; the file cannot be read "
                    "past here, so nothing of this run is written "
                    "to %s (correct the file and run again)",
                    r->file, e.line, e.col, e.kind ? e.kind : "source-error",
                    e.msg, r->dir);
            }
            if (rc == 0)
                break;
            line = s.rec.line;
            raw = s.rec.raw;
            rawlen = s.rec.rawlen;
            term = s.rec.term;
        } else {
            int k = ssp_ndjson_next(s.fp, &s.line, &s.cap, &rawlen, &s.lineno,
                                    &term);
            if (k < 0)
                /* A line too long for memory: taken for the end, it would
                 * drop the rest of the file unsaid. */
                die(SSP_EINTERNAL,
                    "%s:%ld: out of memory: the line is too long to read, "
                    "so nothing of this run is written to %s",
                    r->file, s.lineno + 1, r->dir);
            if (!k)
                break;
            line = s.lineno;
            raw = s.line;
        }
        n.read++;
        r->row++;
        long first = duplicate(r, raw, rawlen, line);
        if (first) { /* dropped, and said so beside the rejects */
            char msg[100];
            snprintf(msg, sizeof msg, "an exact copy of line %ld, dropped",
                     first);
            ssp_rows_why(&r->rejects, r->row, line, 1, NULL, "duplicate-row",
                         NULL, msg);
            n.duplicates++;
            continue;
        }
        int ok;
        if (s.fp) {
            ssp_verr v = {"source-error", line, 1, r->row, NULL, 0, NULL, ""};
            void *obj;
            json_decref(s.obj);
            int is_obj = ssp_ndjson_record(raw, rawlen, &obj, &v.col, v.msg,
                                           sizeof v.msg);
            s.obj = obj;
            if (is_obj < 0)
                tool_oom();
            if (!is_obj) {
                r->row_bad = 0;
                error_out(r, &v);
                ssp_rows_put(&r->rejects, raw, rawlen, term);
                n.rejected++;
                continue;
            }
        }
        if (s.csv && s.rec.n != ssp_csv_header(s.csv)->n) { /* malformed */
            const ssp_csv_field *at = &s.rec.f[s.rec.n - 1];
            ssp_verr v = {"source-error", line, at->col, r->row,
                          NULL,           0,    NULL,    ""};
            snprintf(v.msg, sizeof v.msg, "row has %zu fields, the header %zu",
                     s.rec.n, ssp_csv_header(s.csv)->n);
            r->row_bad = 0;
            error_out(r, &v);
            ssp_rows_put(&r->rejects, raw, rawlen, term);
            n.rejected++;
            continue;
        }
        if (filtered(r, &s)) {
            n.filtered++;
            continue;
        }
        ok = map_row(r, &s, line);
        if (ok == 2) { /* the table has it: dropped, and said so */
            char msg[400];
            snprintf(msg, sizeof msg, "already in %s (line %ld), dropped",
                     r->rel_path, r->dup_of);
            ssp_rows_why(&r->rejects, r->row, line, 1, NULL, "duplicate-row",
                         NULL, msg);
            n.duplicates++;
        } else if (ok) {
            n.accepted++;
        } else {
            n.rejected++;
            ssp_rows_put(&r->rejects, raw, rawlen, term);
        }
        if (n.read % (1u << 20) == 0)
            tool_progress(r->file, n.read);
    }
    tool_progress_end();
    r->file = strcmp(path, "-") ? path : "<stdin>"; /* the reader's name goes */
    if (s.csv)
        ssp_csv_close(s.csv);
    if (ssp_input_digest(in, sha, &bytes, &e) != SSP_OK) {
        snprintf(e.file, sizeof e.file, "%s", r->file);
        die_error(&e);
    }
    ssp_input_close(in);
    free(s.line);
    json_decref(s.obj);
    /* The rejects files stay only when there are rejects or duplicates. */
    if (n.rejected || n.duplicates) {
        if (ssp_rows_close(&r->rejects, &e) != SSP_OK)
            die_error(&e);
    } else {
        ssp_atomic_abort(&r->rejects.file);
        ssp_atomic_abort(&r->rejects.why);
        if (r->rejects.cd != (iconv_t)-1)
            iconv_close(r->rejects.cd);
        free(r->rejects.header);
        memset(&r->rejects, 0, sizeof r->rejects);
        ssp_dataset_unstage(r->ds, rejrel);
        ssp_dataset_unstage(r->ds, relwhy);
    }
    if (n.read != n.accepted + n.rejected + n.duplicates + n.filtered)
        die(SSP_EINTERNAL,
            "internal error: %s: %llu rows read but %llu "
            "accepted + %llu rejected + %llu duplicates + %llu "
            "filtered",
            r->file, n.read, n.accepted, n.rejected, n.duplicates, n.filtered);
    warnx("%s: %llu row%s read, %llu accepted, %llu rejected, %llu "
          "duplicate%s, %llu filtered",
          r->file, n.read, n.read == 1 ? "" : "s", n.accepted, n.rejected,
          n.duplicates, n.duplicates == 1 ? "" : "s", n.filtered);
    return json_pack("{s:s, s:s, s:I, s:s, s:s, s:I, s:I, s:I, s:I, s:I, s:s?}",
                     "path", path, "sha256", sha, "bytes", (json_int_t)bytes,
                     "map", r->map->source, "table", r->map->table, "rows_read",
                     (json_int_t)n.read, "accepted", (json_int_t)n.accepted,
                     "rejected", (json_int_t)n.rejected, "duplicates",
                     (json_int_t)n.duplicates, "filtered",
                     (json_int_t)n.filtered, "rejects",
                     n.rejected || n.duplicates ? rejrel : NULL);
}

/* ---- the dataset ------------------------------------------------------ */

/* Read a canonical CSV of the dataset through fn, row by row. */
static void read_table(const char *path,
                       void (*fn)(struct run *, const ssp_csv_record *),
                       struct run *r)
{
    ssp_error e;
    ssp_csv *in = ssp_csv_open(path, NULL, &e);
    if (!in)
        die_error(&e);
    ssp_csv_record rec;
    int rc;
    while ((rc = ssp_csv_next(in, &rec, &e)) > 0)
        fn(r, &rec);
    if (rc < 0)
        die_error(&e);
    ssp_csv_close(in);
}

/* A row already in the table: kept, its keys registered (they belong to
 * the run: a row sent again is a duplicate, a new row with a key the table
 * has is rejected), and its bytes remembered. */
static void keep_row(struct run *r, const ssp_csv_record *rec)
{
    if (ssp_vtable_row(r->vt, rec, 0) < 0)
        tool_oom();
    fwrite(rec->raw, 1, rec->rawlen, r->out.fp);
    fputc('\n', r->out.fp);
    seen_before(&r->have, &r->have_line, &r->cap_have, rec->raw, rec->rawlen,
                rec->line);
    r->table_lines = rec->line;
}

static void add_subject(struct run *r, const ssp_csv_record *rec)
{
    size_t idx;
    int added;
    char key[128];
    snprintf(key, sizeof key, "%s", rec->f[0].s);
    if (ssp_strmap_put(&r->subjects.keys, key, strlen(key) + 1, &idx, &added) !=
        SSP_OK)
        tool_oom();
}

static json_t *load_json(const char *path, json_t *fallback)
{
    json_error_t je;
    struct stat st;
    if (stat(path, &st) != 0)
        return fallback;
    json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!j && ssp_json_nomem(&je))
        tool_oom();
    if (!j)
        die(SSP_EUSAGE, "%s:%d:%d: invalid JSON: %s", path, je.line, je.column,
            je.text);
    json_decref(fallback);
    return j;
}

/* Write j to path (a staged file). */
static void save_json(const char *path, json_t *j)
{
    ssp_atomic a;
    ssp_error e;
    if (ssp_atomic_open(&a, path, 0, &e) != SSP_OK)
        die_error(&e);
    if (ssp_json_failed() || /* the document is not whole */
        (json_dumpf(j, a.fp, JSON_INDENT(2) | JSON_PRESERVE_ORDER) &&
         !ferror(a.fp))) /* a write error shows at the commit */
        tool_oom();
    fputc('\n', a.fp);
    if (ssp_atomic_commit(&a, &e) != SSP_OK)
        die_error(&e);
}

/* Add the table to DIR/datapackage.json if it is not there. */
static void update_package(struct run *r)
{
    char path[4200];
    snprintf(path, sizeof path, "%s/datapackage.json", r->dir);
    json_t *pkg = load_json(
        path, json_pack("{s:s, s:s, s:[]}", "name", "ssp-dataset",
                        "description", "Written by ssp ingest.", "resources"));
    json_t *res = json_object_get(pkg, "resources");
    size_t i;
    json_t *x;
    json_array_foreach(res, i, x)
    {
        const char *name = json_string_value(json_object_get(x, "name"));
        if (name && !strcmp(name, r->map->table)) {
            json_decref(pkg);
            return;
        }
    }
    char schema[300];
    snprintf(schema, sizeof schema, "%s.schema.json", r->map->table);
    json_array_append_new(res, json_pack("{s:s, s:s, s:s, s:s, s:s}", "name",
                                         r->map->table, "path", r->rel_path,
                                         "format", "csv", "encoding", "utf-8",
                                         "schema", schema));
    save_json(stage(r, "datapackage.json"), pkg);
    json_decref(pkg);
}

static void make_dir(const char *path, unsigned mode)
{
    if (mkdir(path, mode) != 0 && errno != EEXIST)
        die(SSP_EIO, "%s: cannot create: %s", path, strerror(errno));
}

/* The dataset of the run, for the exit of a failed one: die() exits, and
 * what it staged must go with it (the only mutable global: atexit takes
 * no argument). */
static ssp_dataset *open_dataset;

static void close_dataset(void)
{
    ssp_dataset_close(open_dataset);
    open_dataset = NULL;
}

static void on_wait(void *ctx, const char *dir)
{
    (void)ctx;
    warnx("%s: another run is changing this dataset; waiting for it to "
          "finish",
          dir);
}

/* Lock the dataset folder for the run, and say what an interrupted run
 * left and what became of it. */
static ssp_dataset *take_dataset(const char *dir)
{
    ssp_error e;
    ssp_dataset *ds = ssp_dataset_open(dir, on_wait, NULL, &e);
    if (!ds)
        die_error(&e);
    open_dataset = ds;
    atexit(close_dataset);
    if (ssp_dataset_recovered(ds) == SSP_DATASET_REPLAYED)
        warnx("%s: finished the change an interrupted run had committed", dir);
    else if (ssp_dataset_recovered(ds) == SSP_DATASET_ROLLED_BACK)
        warnx("%s: removed the unfinished files of an interrupted run (the "
              "dataset is as it was before it)",
              dir);
    return ds;
}

/* ---- main ------------------------------------------------------------- */

int main_ingest(int argc, char **argv)
{
    struct run r = {0};
    r.max_errors = 100;
    const char *mapfile = NULL, *keyfile = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "m:k:o:qh", long_opts, NULL)) != -1) {
        switch (c) {
        case 'm': mapfile = optarg; break;
        case 'k': keyfile = optarg; break;
        case OPT_NO_PSEUDO: r.no_pseudo = 1; break;
        case 'o': r.dir = optarg; break;
        case OPT_MAX_ERRORS:
            r.max_errors = tool_whole("--max-errors", optarg);
            break;
        case OPT_MAX_REJECTS:
            tool_limit_parse(&r.limit, "--max-rejects", optarg);
            break;
        case 'q': tool_quiet(1); break;
        case 'h': fputs(usage, stdout); return tool_finish(SSP_OK);
        case OPT_VERSION:
            printf("ssp ingest %s\n", SSP_VERSION);
            return tool_finish(SSP_OK);
        default: tool_bad_option();
        }
    }
    if (!mapfile)
        usage_error("give the mapping: --map MAP");
    if (!r.dir)
        usage_error("give the dataset folder: -o DIR");
    if (optind == argc)
        usage_error("give the export files to ingest");
    if (keyfile && r.no_pseudo)
        usage_error("--key and --no-pseudonymize do not go together");
    if (sodium_init() < 0)
        die(SSP_EINTERNAL, "libsodium could not start");
    ssp_error e;
    if (!(r.map = ssp_mapping_load(mapfile, &e)))
        die_error(&e);
    char name[300];
    snprintf(name, sizeof name, "%s.schema.json", r.map->table);
    char *schema_path = ssp_schema_find(name, &e);
    if (!schema_path && e.status == SSP_EINTERNAL)
        die_error(&e);
    if (!schema_path)
        die(SSP_EUSAGE,
            "%s: no canonical table or device log named '%s' "
            "(see ssp-schema(5))",
            mapfile, r.map->table);
    if (!(r.schema = ssp_schema_load(schema_path, &e)))
        die_error(&e);
    free(schema_path);
    const ssp_schema *sc = r.schema;
    if (sc->nfields > 64)
        die(SSP_EUSAGE, "%s: more than 64 fields", name);
    if (!(r.by_field = calloc(sc->nfields, sizeof *r.by_field)))
        tool_oom();
    int wants_pseudo = 0;
    for (size_t i = 0; i < r.map->nfields; i++) {
        size_t k = ssp_schema_field(sc, r.map->fields[i].name);
        if (k == (size_t)-1)
            die(SSP_EUSAGE, "%s: the table %s has no field '%s'", mapfile,
                r.map->table, r.map->fields[i].name);
        r.by_field[k] = &r.map->fields[i];
        wants_pseudo |= r.map->fields[i].pseudonymize;
    }
    if (wants_pseudo && !keyfile && !r.no_pseudo)
        usage_error("%s pseudonymizes identifiers: give the key (--key FILE, "
                    "made by ssp keygen --hmac) or, knowingly, "
                    "--no-pseudonymize",
                    mapfile);
    if (keyfile) {
        if (ssp_key_load(keyfile, &r.key, &e) != SSP_OK)
            die_error(&e);
        r.have_key = 1;
    } else {
        for (size_t i = 0; i < r.map->nfields; i++)
            r.map->fields[i].pseudonymize = 0;
    }
    /* The dataset folder, locked for the run, and the table's place in it:
     * everything read from here on is as the last run left it. */
    r.ds = take_dataset(r.dir);
    int is_canonical = 0;
    for (size_t i = 0; i < 4; i++)
        is_canonical |= !strcmp(canonical[i], r.map->table);
    snprintf(r.rel_path, sizeof r.rel_path, "%s%s.csv",
             is_canonical ? "" : "logs/", r.map->table);
    snprintf(r.table_path, sizeof r.table_path, "%s/%s", r.dir, r.rel_path);
    char sub[4200];
    snprintf(sub, sizeof sub, "%s/logs", r.dir);
    if (!is_canonical)
        make_dir(sub, 0777);
    snprintf(sub, sizeof sub, "%s/rejects", r.dir);
    make_dir(sub, 0700);
    /* The manifest: one key per dataset. */
    char mpath[4200];
    snprintf(mpath, sizeof mpath, "%s/manifest.json", r.dir);
    json_t *manifest = load_json(
        mpath, json_pack("{s:s, s:s, s:n, s:[]}", "tool", "ssp ingest",
                         "version", SSP_VERSION, "key_id", "inputs"));
    json_t *kid = json_object_get(manifest, "key_id");
    if (r.have_key) {
        if (json_is_string(kid) && strcmp(json_string_value(kid), r.key.id))
            die(SSP_EUSAGE,
                "%s: the dataset's pseudonyms were made with key "
                "%s, not %s; one dataset, one key",
                r.dir, json_string_value(kid), r.key.id);
        json_object_set_new(manifest, "key_id", json_string(r.key.id));
    }
    /* Foreign keys to subjects: checked against DIR/subjects.csv. */
    char spath[4200];
    snprintf(spath, sizeof spath, "%s/subjects.csv", r.dir);
    struct stat st;
    ssp_strmap_init(&r.subjects.keys);
    for (size_t k = 0; k < sc->nfks && k < 8; k++) {
        if (strcmp(sc->fks[k].resource, "subjects"))
            continue;
        if (strcmp(r.map->table, "subjects") && stat(spath, &st) == 0) {
            if (!r.have_subjects)
                read_table(spath, add_subject, &r);
            r.have_subjects = 1;
            r.imports[k] = &r.subjects;
        }
    }
    if (!r.have_subjects && sc->nfks && strcmp(r.map->table, "subjects"))
        warnx("%s: no subjects.csv yet: subject ids are not checked against "
              "it (ingest the rosters first)",
              r.dir);
    /* The table, rewritten: the rows it has, then the new ones. */
    if (!(r.vt = ssp_vtable_new(sc, NULL, 0, r.imports, on_verr, &r)))
        tool_oom();
    if (ssp_atomic_open(&r.out, stage(&r, r.rel_path), 0, &e) != SSP_OK)
        die_error(&e);
    ssp_csv_field hf[64];
    for (size_t i = 0; i < sc->nfields; i++) {
        hf[i] = (ssp_csv_field){sc->fields[i].name, strlen(sc->fields[i].name),
                                1, 1};
        fprintf(r.out.fp, "%s%s", i ? "," : "", sc->fields[i].name);
    }
    fputc('\n', r.out.fp);
    ssp_csv_record hrec = {hf, sc->nfields, 1, NULL, 0, ""};
    if (ssp_vtable_header(r.vt, &hrec, r.table_path) < 0)
        tool_oom();
    r.table_lines = 1;
    r.loading = 1;
    if (stat(r.table_path, &st) == 0)
        read_table(r.table_path, keep_row, &r);
    r.loading = 0;
    /* The inputs. */
    unsigned long long read = 0, rejected = 0;
    json_t *inputs = json_object_get(manifest, "inputs");
    for (int i = optind; i < argc; i++) {
        json_t *entry = ingest_file(&r, argv[i], json_array_size(inputs) + 1);
        read += (unsigned long long)json_integer_value(
            json_object_get(entry, "rows_read"));
        rejected += (unsigned long long)json_integer_value(
            json_object_get(entry, "rejected"));
        json_array_append_new(inputs, entry);
    }
    if (r.max_errors > 0 && (long long)r.errors > r.shown)
        warnx("%llu more error%s not shown (all are in %s/rejects/)",
              r.errors - (unsigned long long)r.shown,
              r.errors - (unsigned long long)r.shown == 1 ? "" : "s", r.dir);
    /* The table, its rejects, datapackage.json and manifest.json change
     * together, or not at all. */
    if (ssp_atomic_commit(&r.out, &e) != SSP_OK)
        die_error(&e);
    update_package(&r);
    save_json(stage(&r, "manifest.json"), manifest);
    json_decref(manifest);
    if (ssp_dataset_commit(r.ds, &e) != SSP_OK)
        die_error(&e);
    close_dataset();
    int ok = tool_limit_allows(&r.limit, rejected, read);
    ssp_vtable_free(r.vt);
    ssp_strmap_destroy(&r.seen);
    free(r.first_line);
    ssp_strmap_destroy(&r.have);
    free(r.have_line);
    free(r.canon);
    for (size_t i = 0; r.mval && i < r.schema->nfields; i++)
        free(r.mval[i]);
    free(r.mval);
    free(r.mcap);
    free(r.mcell);
    free(r.mtmp);
    ssp_strmap_destroy(&r.subjects.keys);
    free(r.by_field);
    ssp_schema_free(r.schema);
    ssp_mapping_free(r.map);
    sodium_memzero(&r.key, sizeof r.key);
    return tool_finish(ok ? SSP_OK : SSP_EDATA);
}
