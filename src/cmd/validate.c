/* validate.c: ssp validate, checking tables and datasets against their
 * Table Schemas. */
#include <errno.h>
#include <getopt.h>
#include <iconv.h>
#include <jansson.h>
#include <libgen.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "cmd.h"
#include "ssp/csv.h"
#include "ssp/dtable.h"
#include "ssp/io.h"
#include "ssp/num.h"
#include "ssp/out.h"
#include "ssp/package.h"
#include "ssp/rows.h"
#include "ssp/schema.h"
#include "ssp/validate.h"
#include "tool.h"

static const char usage[] =
    "Usage: ssp validate (--schema FILE | --table NAME) [OPTIONS] [FILE...]\n"
    "       ssp validate [OPTIONS] DIR | --package DATAPACKAGE.json\n"
    "Check CSV tables against Frictionless Table Schemas: every cell of every\n"
    "row, keys, and (for a dataset) foreign keys between its tables.\n"
    "\n"
    "  -s, --schema FILE       the Table Schema (JSON) of the FILEs\n"
    "      --table NAME        a shipped schema: subjects, measures, usage,\n"
    "                          events, or a device log such as\n"
    "                          huggy_vest_epochs (see ssp-schema(5))\n"
    "      --package FILE      a Data Package descriptor (datapackage.json);\n"
    "                          a DIR argument means DIR/datapackage.json\n"
    "      --encoding ENC      input encoding: utf-8 (default), cp949, ...\n"
    "  -t, --delimiter CHAR    field delimiter (default ','; 'tab' for TSV)\n"
    "      --max-errors N      print at most N errors (default 100; 0: none)\n"
    "      --max-rejects N|P%  succeed with up to N (or P%) rejected rows\n"
    "      --report FILE       write the full JSON report to FILE\n"
    "      --valid FILE        write the accepted rows ('-': stdout); for a\n"
    "                          dataset, a folder\n"
    "      --rejects FILE      write the rejected rows as read, and their\n"
    "                          errors to FILE's .errors.csv; for a dataset,\n"
    "                          a folder\n"
    "  -q, --quiet             no progress line on a terminal\n"
    "  -h, --help              show this help and exit\n"
    "      --version           show the version and exit\n"
    "\n"
    "Every file of rows or errors, and the report, is created mode 0600.\n"
    "Exit status: 0 every row valid, 1 invalid data, 2 bad schema or usage,\n"
    "3 I/O error, 4 out of memory or internal error. See ssp-validate(1).\n";

enum {
    OPT_TABLE = 256,
    OPT_PACKAGE,
    OPT_ENCODING,
    OPT_MAX_ERRORS,
    OPT_MAX_REJECTS,
    OPT_REPORT,
    OPT_VALID,
    OPT_REJECTS,
    OPT_VERSION
};

static const struct option long_opts[] = {
    {"schema", required_argument, NULL, 's'},
    {"table", required_argument, NULL, OPT_TABLE},
    {"package", required_argument, NULL, OPT_PACKAGE},
    {"encoding", required_argument, NULL, OPT_ENCODING},
    {"delimiter", required_argument, NULL, 't'},
    {"max-errors", required_argument, NULL, OPT_MAX_ERRORS},
    {"max-rejects", required_argument, NULL, OPT_MAX_REJECTS},
    {"report", required_argument, NULL, OPT_REPORT},
    {"valid", required_argument, NULL, OPT_VALID},
    {"rejects", required_argument, NULL, OPT_REJECTS},
    {"quiet", no_argument, NULL, 'q'},
    {"help", no_argument, NULL, 'h'},
    {"version", no_argument, NULL, OPT_VERSION},
    {NULL, 0, NULL, 0},
};

/* One table to check: a schema and its files. */
struct table {
    char *name; /* resource name, or the schema's file name */
    char **paths;
    size_t npaths;
    ssp_schema *schema;
    char *schema_path;
    ssp_csv_options csv;
    ssp_keyset **exports, **imports;
    size_t nexports;
    int done;
    /* results */
    unsigned long long read, valid, rejected, errors;
    int header_bad, fatal;
};

/* All state of one run. */
struct run {
    ssp_csv_options csv;
    long max_errors;
    struct tool_limit limit;
    const char *report_path, *valid_path, *rejects_path;
    int package;
    char *pkg_dir;
    struct table *tables;
    size_t ntables;
    ssp_keyset *keysets;
    size_t nkeysets;
    /* report */
    ssp_atomic report;
    FILE *rep;
    int rep_first_error;
    size_t tables_written;
    /* the table and row being read, for error output */
    struct table *cur;
    const char *cur_file;
    long shown;
    unsigned long long total_errors;
    ssp_rows valid, rejects;
    json_t *pkg_json;
    int row_errors; /* errors in the current row so far */
    ssp_verr row_errs[8];
};

static char *xstrdup(const char *s)
{
    char *d = strdup(s);
    if (!d)
        tool_oom();
    return d;
}

/* ---- error output ---------------------------------------------------- */

static void put_error_json(struct run *r, const ssp_verr *e)
{
    FILE *fp = r->rep;
    fputs(r->rep_first_error ? "\n        " : ",\n        ", fp);
    r->rep_first_error = 0;
    fputs("{\"type\": ", fp);
    ssp_put_json_string(fp, e->type);
    fprintf(fp, ", \"line\": %ld, \"column\": %ld, \"row\": %ld", e->line,
            e->col, e->row);
    if (e->field) {
        fputs(", \"field\": ", fp);
        ssp_put_json_string(fp, e->field);
        fprintf(fp, ", \"fieldNumber\": %zu", e->field_no);
    }
    if (e->value) {
        fputs(", \"value\": ", fp);
        ssp_put_json_string(fp, e->value);
    }
    fputs(", \"message\": ", fp);
    ssp_put_json_string(fp, e->msg);
    fputc('}', fp);
}

static void on_error(void *ctx, const ssp_verr *e)
{
    struct run *r = ctx;
    r->cur->errors++;
    r->total_errors++;
    if (r->shown < r->max_errors) {
        r->shown++;
        if (e->line)
            warnx("%s:%ld:%ld: %s: %s", r->cur_file, e->line, e->col, e->type,
                  e->msg);
        else
            warnx("%s: %s: %s", r->cur_file, e->type, e->msg);
    }
    if (r->rep)
        put_error_json(r, e);
    if (e->row > 1)
        ssp_rows_why(&r->rejects, e->row, e->line, e->col, e->field, e->type,
                     e->value, e->msg);
}

/* ---- rows outputs ---------------------------------------------------- */

/* Accepted and rejected rows alike are raw values: both 0600. */
static void rows_open(ssp_rows *o, const char *path, const char *why)
{
    ssp_error e;
    if (ssp_rows_open(o, path, 0600, why, &e) != SSP_OK)
        die_error(&e);
}

static void rows_close(ssp_rows *o)
{
    ssp_error e;
    if (ssp_rows_close(o, &e) != SSP_OK)
        die_error(&e);
}

/* Start a file's rows: the header once, checked against the first file's. */
static void rows_begin(ssp_rows *o, ssp_csv *in)
{
    ssp_error e;
    const ssp_csv_record *h = ssp_csv_header(in);
    if (ssp_rows_begin(o, ssp_csv_name(in), h->raw, h->rawlen, h->term,
                       ssp_csv_encoding(in), ssp_csv_bom(in), &e) != SSP_OK)
        die_error(&e);
}

/* ---- one table ------------------------------------------------------- */

static void check_file(struct run *r, struct table *t, ssp_vtable *vt,
                       const char *path)
{
    ssp_error e;
    r->cur_file = path;
    ssp_csv *in = ssp_csv_open(path, &t->csv, &e);
    if (!in) {
        if (e.status != SSP_EDATA)
            die_error(&e);
        /* An unreadable start (encoding, empty file): the table failed. */
        ssp_verr v = {e.kind ? e.kind : "source-error",
                      e.line,
                      e.col,
                      0,
                      NULL,
                      0,
                      NULL,
                      ""};
        snprintf(v.msg, sizeof v.msg, "%.500s", e.msg);
        on_error(r, &v);
        t->fatal = 1;
        return;
    }
    r->cur_file = ssp_csv_name(in);
    int ok = ssp_vtable_header(vt, ssp_csv_header(in), path);
    if (ok < 0)
        tool_oom();
    if (t->errors)
        t->header_bad = 1;
    if (r->valid.fp)
        rows_begin(&r->valid, in);
    if (r->rejects.fp)
        rows_begin(&r->rejects, in);
    ssp_csv_record rec;
    int rc;
    long row = 1;
    struct stat st;
    off_t size = strcmp(path, "-") && !stat(path, &st) ? st.st_size : 0;
    off_t seen = 0; /* bytes of the first rows, for the rows to come */
    while ((rc = ssp_csv_next(in, &rec, &e)) > 0) {
        row++;
        t->read++;
        seen += (off_t)(rec.rawlen + 1);
        if (row == 1025 && size > seen &&
            ssp_vtable_expect(
                vt, (size_t)((size - seen) / (seen / 1024) * 21 / 20)) < 0)
            tool_oom();
        int v = ssp_vtable_row(vt, &rec, row);
        if (v < 0)
            tool_oom();
        if (v) {
            t->valid++;
            if (r->valid.fp)
                ssp_rows_put(&r->valid, rec.raw, rec.rawlen, rec.term);
        } else {
            t->rejected++;
            if (r->rejects.fp)
                ssp_rows_put(&r->rejects, rec.raw, rec.rawlen, rec.term);
        }
        if (t->read % (1u << 20) == 0)
            tool_progress(r->cur_file, t->read);
    }
    tool_progress_end();
    if (rc < 0) {
        if (e.status != SSP_EDATA)
            die_error(&e);
        ssp_verr v = {e.kind ? e.kind : "source-error",
                      e.line,
                      e.col,
                      row + 1,
                      NULL,
                      0,
                      NULL,
                      ""};
        snprintf(v.msg, sizeof v.msg,
                 "%.500s; the rest of the file is not read", e.msg);
        on_error(r, &v);
        t->fatal = 1;
    }
    ssp_csv_close(in);
}

static void check_table(struct run *r, struct table *t)
{
    r->cur = t;
    ssp_vtable *vt = ssp_vtable_new(t->schema, t->exports, t->nexports,
                                    t->imports, on_error, r);
    if (!vt)
        tool_oom();
    if (r->rep) {
        fputs(r->tables_written++ ? ",\n    {" : "\n    {", r->rep);
        fputs("\"name\": ", r->rep);
        ssp_put_json_string(r->rep, t->name);
        fputs(", \"paths\": [", r->rep);
        for (size_t i = 0; i < t->npaths; i++) {
            if (i)
                fputs(", ", r->rep);
            ssp_put_json_string(r->rep, t->paths[i]);
        }
        fputs("], \"schema\": ", r->rep);
        ssp_put_json_string(r->rep, t->schema_path);
        fputs(",\n      \"errors\": [", r->rep);
        r->rep_first_error = 1;
    }
    for (size_t i = 0; i < t->npaths; i++)
        check_file(r, t, vt, t->paths[i]);
    ssp_vtable_free(vt);
    if (t->read != t->valid + t->rejected)
        die(SSP_EINTERNAL,
            "internal error: %llu rows read but %llu valid + "
            "%llu rejected",
            t->read, t->valid, t->rejected);
    warnx("%s: %llu row%s read, %llu valid, %llu rejected%s%s", t->name,
          t->read, t->read == 1 ? "" : "s", t->valid, t->rejected,
          t->header_bad ? "; the header does not match the schema" : "",
          t->fatal ? "; reading stopped at an error" : "");
    if (r->rep)
        fprintf(r->rep,
                "%s],\n      \"rows\": {\"read\": %llu, \"valid\": %llu,"
                " \"rejected\": %llu}, \"errorCount\": %llu, "
                "\"valid\": %s}",
                t->errors ? "\n      " : "", t->read, t->valid, t->rejected,
                t->errors, t->errors ? "false" : "true");
    t->done = 1;
}

/* ---- datasets -------------------------------------------------------- */

static char *path_in(const char *dir, const char *name)
{
    if (name[0] == '/' || !dir)
        return xstrdup(name);
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (!p)
        tool_oom();
    snprintf(p, n, "%s/%s", dir, name);
    return p;
}

static SSP_NORETURN void bad_package(const char *path, const char *fmt, ...)
    SSP_PRINTF(2, 3);

static SSP_NORETURN void bad_package(const char *path, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    die(SSP_EUSAGE, "%s: %s", path, msg);
}

/* How reports name a shipped schema file: the same on every machine. */
static char *shipped_name(const char *name)
{
    char *p = malloc(strlen(name) + sizeof "data-schema/");
    if (!p)
        tool_oom();
    return strcat(strcpy(p, "data-schema/"), name);
}

/* A schema given as a path: in the package folder, else shipped. */
static ssp_schema *package_schema(struct run *r, const char *pkg, size_t index,
                                  json_t *j, char **where)
{
    ssp_error e;
    ssp_schema *s;
    if (json_is_object(j)) {
        *where = xstrdup(pkg);
        s = ssp_schema_from_json(j, pkg, &e);
    } else if (json_is_string(j)) {
        const char *name = json_string_value(j);
        /* Inside the package folder, as a resource's path. */
        if (ssp_package_path(pkg, r->pkg_dir, index, "schema", name, where, &e))
            die_error(&e);
        struct stat st;
        if (stat(*where, &st) != 0 && !strchr(name, '/')) {
            /* A shipped schema: named so in reports, wherever it lies. */
            char *found = ssp_schema_find(name, &e);
            if (!found)
                die_error(&e);
            s = ssp_schema_load(found, &e);
            free(found);
            free(*where);
            *where = shipped_name(name);
        } else {
            s = ssp_schema_load(*where, &e);
        }
    } else {
        bad_package(pkg, "a resource's schema must be a path or an object");
    }
    if (!s)
        die_error(&e);
    return s;
}

static void load_package(struct run *r, const char *pkg)
{
    json_error_t je;
    json_t *root = json_load_file(pkg, JSON_REJECT_DUPLICATES, &je);
    if (!root && ssp_json_nomem(&je))
        tool_oom();
    if (!root) {
        struct stat st;
        if (stat(pkg, &st) != 0)
            die(SSP_EIO, "%s: cannot open: %s", pkg, strerror(errno));
        die(SSP_EUSAGE, "%s:%d:%d: invalid JSON: %s", pkg, je.line,
            je.column > 0 ? je.column : 1, je.text);
    }
    char *copy = xstrdup(pkg);
    r->pkg_dir = xstrdup(dirname(copy));
    free(copy);
    json_t *res = json_object_get(root, "resources");
    if (!json_is_array(res) || !json_array_size(res))
        bad_package(pkg, "a Data Package needs a non-empty 'resources' array");
    r->ntables = json_array_size(res);
    if (!(r->tables = calloc(r->ntables, sizeof *r->tables)))
        tool_oom();
    static const char *const ok[] = {
        "name",    "path",      "schema",   "title",   "description",
        "format",  "mediatype", "encoding", "dialect", "profile",
        "sources", "licenses",  NULL};
    for (size_t i = 0; i < r->ntables; i++) {
        json_t *o = json_array_get(res, i), *j;
        struct table *t = &r->tables[i];
        if (!json_is_object(o))
            bad_package(pkg, "every resource must be an object");
        const char *k = ssp_json_unknown_key(o, ok);
        if (k)
            bad_package(pkg, "resource property '%s' is not supported by ssp",
                        k);
        if (!json_is_string(j = json_object_get(o, "name")))
            bad_package(pkg, "every resource needs a name");
        t->name = xstrdup(json_string_value(j));
        /* The spec's pattern; it also keeps the name one file name in the
         * --valid and --rejects folders. */
        if (!*t->name ||
            t->name[strspn(t->name, "abcdefghijklmnopqrstuvwxyz0123456789"
                                    "._-")])
            bad_package(pkg,
                        "resources[%zu].name: '%s' is not a resource "
                        "name (lower-case letters, digits, '.', '-' "
                        "and '_')",
                        i, t->name);
        j = json_object_get(o, "path");
        if (json_is_array(j))
            bad_package(pkg,
                        "resource '%s': multipart paths are not "
                        "supported",
                        t->name);
        if (!json_is_string(j))
            bad_package(pkg,
                        "resource '%s' needs a path (inline data is "
                        "not supported)",
                        t->name);
        if (!(t->paths = malloc(sizeof *t->paths)))
            tool_oom();
        ssp_error e;
        if (ssp_package_path(pkg, r->pkg_dir, i, "path", json_string_value(j),
                             &t->paths[0], &e))
            die_error(&e);
        t->npaths = 1;
        if ((j = json_object_get(o, "format")) &&
            strcmp(json_string_value(j) ? json_string_value(j) : "", "csv"))
            bad_package(pkg, "resource '%s': only format csv is supported",
                        t->name);
        if (!(j = json_object_get(o, "schema")))
            bad_package(pkg, "resource '%s' has no schema", t->name);
        t->schema = package_schema(r, pkg, i, j, &t->schema_path);
        t->csv = r->csv;
        if (ssp_dataset_csv_options(o, pkg, &t->csv, &e))
            die_error(&e);
        for (size_t q = 0; q < i; q++)
            if (!strcmp(r->tables[q].name, t->name))
                bad_package(pkg, "two resources named '%s'", t->name);
    }
    r->pkg_json = root; /* encoding names point into it */
}

static struct table *table_named(struct run *r, const char *name)
{
    for (size_t i = 0; i < r->ntables; i++)
        if (!strcmp(r->tables[i].name, name))
            return &r->tables[i];
    return NULL;
}

/* For every foreign key, the keyset of the referenced table it reads. */
static void link_keys(struct run *r, const char *where)
{
    size_t total = 0;
    for (size_t i = 0; i < r->ntables; i++)
        total += r->tables[i].schema->nfks;
    if (!(r->keysets = calloc(total + 1, sizeof *r->keysets)))
        tool_oom();
    for (size_t i = 0; i < r->ntables; i++) {
        struct table *t = &r->tables[i];
        const ssp_schema *s = t->schema;
        if (!(t->imports = calloc(s->nfks + 1, sizeof *t->imports)))
            tool_oom();
        for (size_t k = 0; k < s->nfks; k++) {
            const ssp_fkey *fk = &s->fks[k];
            if (!*fk->resource || !strcmp(fk->resource, t->name))
                die(SSP_EUSAGE,
                    "%s: table '%s': foreign keys within one "
                    "table are not supported by ssp",
                    where, t->name);
            struct table *ref = table_named(r, fk->resource);
            if (!ref) {
                if (!r->package)
                    continue; /* said once in main() */
                die(SSP_EUSAGE,
                    "%s: table '%s' has a foreign key to '%s', "
                    "which the package does not have",
                    where, t->name, fk->resource);
            }
            for (size_t f = 0; f < fk->ref_fields.n; f++)
                if (ssp_schema_field(ref->schema, fk->ref_fields.v[f]) ==
                    (size_t)-1)
                    die(SSP_EUSAGE,
                        "%s: table '%s' has no field '%s' for "
                        "the foreign key of '%s'",
                        where, ref->name, fk->ref_fields.v[f], t->name);
            /* One keyset per referenced table and field list. */
            ssp_keyset *ks = NULL;
            for (size_t q = 0; q < r->nkeysets && !ks; q++) {
                ssp_keyset *c = &r->keysets[q];
                int same = !strcmp(c->resource, ref->name) &&
                           c->fields.n == fk->ref_fields.n;
                for (size_t f = 0; same && f < c->fields.n; f++)
                    same = !strcmp(c->fields.v[f], fk->ref_fields.v[f]);
                if (same)
                    ks = c;
            }
            if (!ks) {
                ks = &r->keysets[r->nkeysets++];
                ks->resource = xstrdup(ref->name);
                ks->fields.n = fk->ref_fields.n;
                if (!(ks->fields.v = calloc(ks->fields.n, sizeof(char *))))
                    tool_oom();
                for (size_t f = 0; f < ks->fields.n; f++)
                    ks->fields.v[f] = xstrdup(fk->ref_fields.v[f]);
                ssp_strmap_init(&ks->keys);
                ssp_keyset **ex =
                    realloc(ref->exports, (ref->nexports + 1) * sizeof *ex);
                if (!ex)
                    tool_oom();
                ref->exports = ex;
                ex[ref->nexports++] = ks;
            }
            t->imports[k] = ks;
        }
    }
}

static char *sibling(const char *path, const char *suffix)
{
    size_t n = strlen(path);
    if (n > 4 && !strcmp(path + n - 4, ".csv"))
        n -= 4;
    char *p = malloc(n + strlen(suffix) + 1);
    if (!p)
        tool_oom();
    memcpy(p, path, n);
    strcpy(p + n, suffix);
    return p;
}

static void open_outputs(struct run *r, const char *name)
{
    char *why = NULL;
    if (r->valid_path) {
        char *p =
            r->package ? path_in(r->valid_path, name) : xstrdup(r->valid_path);
        rows_open(&r->valid, p, NULL);
        free(p);
    }
    if (r->rejects_path) {
        char *p = r->package ? path_in(r->rejects_path, name)
                             : xstrdup(r->rejects_path);
        why = sibling(p, ".errors.csv");
        rows_open(&r->rejects, p, why);
        free(p);
        free(why);
    }
}

/* Check tables so that every referenced one comes first. */
static void check_all(struct run *r)
{
    for (size_t done = 0; done < r->ntables;) {
        size_t before = done;
        for (size_t i = 0; i < r->ntables; i++) {
            struct table *t = &r->tables[i];
            if (t->done)
                continue;
            int ready = 1;
            for (size_t k = 0; k < t->schema->nfks && ready; k++) {
                struct table *ref = table_named(r, t->schema->fks[k].resource);
                ready = !ref || ref->done;
            }
            if (!ready)
                continue;
            if (r->package) { /* each table its own outputs */
                char name[600];
                snprintf(name, sizeof name, "%s.csv", t->name);
                open_outputs(r, name);
            }
            check_table(r, t);
            if (r->package) {
                rows_close(&r->valid);
                rows_close(&r->rejects);
            }
            done++;
        }
        if (done == before)
            die(SSP_EUSAGE, "the tables' foreign keys refer to each other in "
                            "a circle, which ssp cannot check in one pass");
    }
}

/* ---- main ------------------------------------------------------------ */

static void run_free(struct run *r)
{
    for (size_t i = 0; i < r->ntables; i++) {
        struct table *t = &r->tables[i];
        free(t->name);
        for (size_t k = 0; k < t->npaths; k++)
            free(t->paths[k]);
        free(t->paths);
        ssp_schema_free(t->schema);
        free(t->schema_path);
        free(t->exports);
        free(t->imports);
    }
    for (size_t i = 0; i < r->nkeysets; i++) {
        ssp_keyset *k = &r->keysets[i];
        free(k->resource);
        for (size_t f = 0; f < k->fields.n; f++)
            free(k->fields.v[f]);
        free(k->fields.v);
        ssp_strmap_destroy(&k->keys);
    }
    free(r->keysets);
    free(r->tables);
    free(r->pkg_dir);
    json_decref(r->pkg_json);
}

int main_validate(int argc, char **argv)
{
    struct run r = {0};
    ssp_csv_options_init(&r.csv);
    r.csv.encoding_via = "--encoding";
    r.csv.allow_ragged = 1;
    r.csv.direct = 1;
    r.max_errors = 100;
    const char *schema = NULL, *table = NULL, *package = NULL;
    int c;
    while ((c = getopt_long(argc, argv, "s:t:qh", long_opts, NULL)) != -1) {
        switch (c) {
        case 's': schema = optarg; break;
        case OPT_TABLE: table = optarg; break;
        case OPT_PACKAGE: package = optarg; break;
        case OPT_ENCODING: r.csv.encoding = optarg; break;
        case 't': r.csv.delim = tool_delimiter(optarg); break;
        case OPT_MAX_ERRORS:
            r.max_errors = tool_whole("--max-errors", optarg);
            break;
        case OPT_MAX_REJECTS:
            tool_limit_parse(&r.limit, "--max-rejects", optarg);
            break;
        case OPT_REPORT: r.report_path = optarg; break;
        case OPT_VALID: r.valid_path = optarg; break;
        case OPT_REJECTS: r.rejects_path = optarg; break;
        case 'q': tool_quiet(1); break;
        case 'h': fputs(usage, stdout); return tool_finish(SSP_OK);
        case OPT_VERSION:
            printf("ssp validate %s\n", SSP_VERSION);
            return tool_finish(SSP_OK);
        default: tool_bad_option();
        }
    }
    int nargs = argc - optind;
    struct stat st;
    if (!schema && !table && !package && nargs == 1 &&
        stat(argv[optind], &st) == 0 && S_ISDIR(st.st_mode)) {
        static char pkgbuf[4096];
        snprintf(pkgbuf, sizeof pkgbuf, "%s/datapackage.json", argv[optind]);
        package = pkgbuf;
        nargs = 0;
    }
    if (!!schema + !!table + !!package != 1)
        usage_error("give one of --schema FILE, --table NAME, --package FILE "
                    "or a dataset folder");
    if (package && nargs)
        usage_error("a dataset is checked as a whole; no FILE arguments with "
                    "--package");
    if (r.valid_path && !strcmp(r.valid_path, "-") && package)
        usage_error("--valid - (standard output) is for one table; a dataset "
                    "needs a folder");
    ssp_error e;
    if (package) {
        r.package = 1;
        load_package(&r, package);
        if (r.valid_path)
            mkdir(r.valid_path, 0700);
        if (r.rejects_path)
            mkdir(r.rejects_path, 0700);
    } else {
        char *path = NULL;
        if (table) {
            char name[512];
            snprintf(name, sizeof name, "%s.schema.json", table);
            if (!(path = ssp_schema_find(name, &e))) {
                e.status = SSP_EUSAGE;
                snprintf(e.msg, sizeof e.msg,
                         "no shipped schema for a table "
                         "named '%s' (see ssp-schema(5))",
                         table);
                die_error(&e);
            }
        } else {
            path = xstrdup(schema);
        }
        r.ntables = 1;
        if (!(r.tables = calloc(1, sizeof *r.tables)))
            tool_oom();
        struct table *t = r.tables;
        if (!(t->schema = ssp_schema_load(path, &e)))
            die_error(&e);
        if (table) {
            char name[512];
            snprintf(name, sizeof name, "%s.schema.json", table);
            free(path);
            path = shipped_name(name);
        }
        t->schema_path = path;
        t->csv = r.csv;
        static char *stdin_only[] = {"-"};
        t->npaths = nargs ? (size_t)nargs : 1;
        if (!(t->paths = calloc(t->npaths, sizeof *t->paths)))
            tool_oom();
        for (size_t i = 0; i < t->npaths; i++)
            t->paths[i] = xstrdup(nargs ? argv[optind + i] : stdin_only[0]);
        /* Named in messages by its file, or its schema when several. */
        char *copy = xstrdup(path);
        t->name = xstrdup(t->npaths == 1 ? (nargs ? t->paths[0] : "<stdin>")
                                         : basename(copy));
        free(copy);
    }
    link_keys(&r, package ? package : r.tables[0].schema_path);
    for (size_t i = 0; !r.package && i < r.tables[0].schema->nfks; i++)
        warnx("%s: foreign key to '%s' not checked: a table alone has no "
              "other table to check it against (validate the dataset)",
              r.tables[0].name, r.tables[0].schema->fks[i].resource);
    if (r.report_path) {
        /* The report quotes rejected values: 0600, as the rejects. */
        if (ssp_atomic_open(&r.report, r.report_path, 0600, &e) != SSP_OK)
            die_error(&e);
        r.rep = r.report.fp;
        fprintf(r.rep,
                "{\n  \"tool\": \"ssp validate\",\n  \"version\": "
                "\"%s\",\n  \"tables\": [",
                SSP_VERSION);
    }
    if (!r.package)
        open_outputs(&r, NULL);
    check_all(&r);
    if (!r.package) {
        rows_close(&r.valid);
        rows_close(&r.rejects);
    }
    unsigned long long read = 0, valid = 0, rejected = 0;
    int structural = 0;
    for (size_t i = 0; i < r.ntables; i++) {
        read += r.tables[i].read;
        valid += r.tables[i].valid;
        rejected += r.tables[i].rejected;
        structural |= r.tables[i].header_bad || r.tables[i].fatal;
    }
    if ((long long)r.total_errors > r.shown)
        warnx("%llu more error%s not shown%s", r.total_errors - r.shown,
              r.total_errors - r.shown == 1 ? "" : "s",
              r.report_path ? " (all are in the report)"
                            : " (--report FILE lists them all)");
    int ok = !structural && tool_limit_allows(&r.limit, rejected, read);
    if (r.rep) {
        fprintf(r.rep,
                "%s],\n  \"rows\": {\"read\": %llu, \"valid\": %llu, "
                "\"rejected\": %llu},\n  \"errorCount\": %llu,\n  "
                "\"valid\": %s\n}\n",
                r.ntables ? "\n  " : "", read, valid, rejected, r.total_errors,
                r.total_errors ? "false" : "true");
        if (ssp_atomic_commit(&r.report, &e) != SSP_OK)
            die_error(&e);
    }
    run_free(&r);
    return tool_finish(ok ? SSP_OK : SSP_EDATA);
}
