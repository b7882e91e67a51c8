/* dtable.c: reading the tables of a canonical dataset by column name. */
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "ssp/dtable.h"
#include "ssp/package.h"
#include "ssp/num.h"
#include "ssp/schema.h"

static ssp_status dt_open(ssp_dtable *t, const char *path,
                          const ssp_csv_options *co, const char *const *cols,
                          ssp_error *err)
{
    t->path = path;
    if (!(t->csv = ssp_csv_open(path, co, err)))
        return err->status;
    for (size_t i = 0; cols[i] && i < 12; i++) {
        int opt = cols[i][0] == '?';
        ssp_error e2;
        if (ssp_csv_column(t->csv, cols[i] + opt, &t->col[i], &e2)) {
            if (!opt)
                return ssp_error_set(err, SSP_EDATA, path, 1, 1,
                                     "no column '%s'", cols[i]);
            t->col[i] = SSP_DT_NONE;
        }
    }
    return SSP_OK;
}

ssp_status ssp_dt_open(ssp_dtable *t, const char *path, const char *const *cols,
                       ssp_error *err)
{
    ssp_csv_options co;
    ssp_csv_options_init(&co);
    return dt_open(t, path, &co, cols, err);
}

ssp_status ssp_dt_open_source(ssp_dtable *t, const ssp_dt_source *src,
                              const char *const *cols, ssp_error *err)
{
    return dt_open(t, src->path, &src->csv, cols, err);
}

const ssp_csv_field *ssp_dt_field(const ssp_dtable *t, size_t i)
{
    static const ssp_csv_field empty = {"", 0, 0, 0};
    return t->col[i] == SSP_DT_NONE ? &empty : &t->rec.f[t->col[i]];
}

ssp_status ssp_dt_error(const ssp_dtable *t, size_t i, const char *what,
                        ssp_error *err)
{
    const ssp_csv_field *f = ssp_dt_field(t, i);
    return ssp_error_set(err, SSP_EDATA, t->path, f->line, f->col,
                         "'%s' is not %s (run ssp validate)", f->s, what);
}

ssp_status ssp_dt_num(const ssp_dtable *t, size_t i, int kind, int empty_ok,
                      double *v, ssp_error *err)
{
    const ssp_csv_field *f = ssp_dt_field(t, i);
    *v = NAN;
    if (f->len == 0 && empty_ok)
        return SSP_OK;
    int ok = kind == 'd'   ? ssp_iso_date(f->s, f->len, v)
             : kind == 't' ? ssp_iso_datetime(f->s, f->len, v)
                           : ssp_parse_double(f->s, f->len, v);
    return ok ? SSP_OK
              : ssp_dt_error(t, i,
                             kind == 'd'   ? "a date"
                             : kind == 't' ? "a date-time"
                                           : "a number",
                             err);
}

ssp_status ssp_dt_subject(const ssp_dtable *t, const ssp_strmap *ids, size_t *s,
                          ssp_error *err)
{
    const ssp_csv_field *f = ssp_dt_field(t, 0);
    if (ssp_strmap_get(ids, f->s, f->len, s))
        return SSP_OK;
    return ssp_error_set(err, SSP_EDATA, t->path, f->line, f->col,
                         "subject '%s' is not in subjects (run ssp validate)",
                         f->s);
}

ssp_status ssp_intern(ssp_strmap *m, const char *s, size_t len, size_t *idx,
                      ssp_error *err)
{
    char buf[256];
    char *k = len < sizeof buf ? buf : malloc(len + 1);
    if (!k)
        return ssp_error_nomem(err);
    memcpy(k, s, len);
    k[len] = '\0';
    int added;
    ssp_status st = ssp_strmap_put(m, k, len + 1, idx, &added);
    if (k != buf)
        free(k);
    return st == SSP_OK ? SSP_OK : ssp_error_nomem(err);
}

void *ssp_dataset_package(const char *dir, ssp_error *err)
{
    char *path;
    if (asprintf(&path, "%s/datapackage.json", dir) < 0) {
        ssp_error_nomem(err);
        return NULL;
    }
    json_error_t je;
    json_t *pkg = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!pkg && ssp_json_nomem(&je))
        ssp_error_nomem(err);
    else if (!pkg && access(path, F_OK))
        ssp_error_set(err, SSP_EIO, NULL, 0, 0,
                      "%s: no datapackage.json (is it a dataset?)", dir);
    else if (!pkg)
        ssp_error_set(err, SSP_EUSAGE, path, je.line, je.column, "%s", je.text);
    /* Every resource path stays inside the folder (ssp_package_path). */
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(pkg, "resources"), i, r)
    {
        const char *p = json_string_value(json_object_get(r, "path"));
        char *f = NULL;
        if (p && ssp_package_path(path, dir, i, "path", p, &f, err)) {
            json_decref(pkg);
            pkg = NULL;
            break;
        }
        free(f);
    }
    free(path);
    return pkg;
}

char *ssp_dataset_resource(const void *pkg, const char *dir, const char *name)
{
    size_t i;
    json_t *r;
    json_array_foreach(json_object_get(pkg, "resources"), i, r)
    {
        const char *p = json_string_value(json_object_get(r, "path"));
        const char *n = json_string_value(json_object_get(r, "name"));
        if (p && n && !strcmp(n, name)) {
            char *s;
            return ssp_package_path("datapackage.json", dir, i, "path", p, &s,
                                    NULL)
                       ? NULL
                       : s;
        }
    }
    return NULL;
}

ssp_status ssp_dataset_csv_options(const void *res, const char *pkg,
                                   ssp_csv_options *co, ssp_error *err)
{
    static const char *const ok[] = {"delimiter",           "header",
                                     "quoteChar",           "doubleQuote",
                                     "lineTerminator",      "skipInitialSpace",
                                     "caseSensitiveHeader", NULL};
    const char *name = json_string_value(json_object_get(res, "name"));
    json_t *enc = json_object_get(res, "encoding");
    json_t *d = json_object_get(res, "dialect"), *v;
    const char *k, *why = NULL;
    if (!name)
        name = "?";
    if (enc && !json_is_string(enc))
        why = "its encoding must be a string";
    else if (d && !json_is_object(d))
        why = "its dialect must be an object";
    if (why)
        return ssp_error_set(err, SSP_EUSAGE, pkg, 0, 0, "resource '%s': %s",
                             name, why);
    if (enc)
        co->encoding = json_string_value(enc);
    if (!d)
        return SSP_OK;
    if ((k = ssp_json_unknown_key(d, ok)))
        return ssp_error_set(err, SSP_EUSAGE, pkg, 0, 0,
                             "dialect property '%s' is not supported by ssp",
                             k);
    if ((v = json_object_get(d, "header")) && !json_is_true(v))
        why = "a dialect without a header row is not supported";
    else if ((v = json_object_get(d, "quoteChar")) &&
             strcmp(json_string_value(v) ? json_string_value(v) : "", "\""))
        why = "a quoteChar other than '\"' is not supported";
    else if ((v = json_object_get(d, "doubleQuote")) && !json_is_true(v))
        why = "doubleQuote false is not supported";
    else if ((v = json_object_get(d, "skipInitialSpace")) && !json_is_false(v))
        why = "skipInitialSpace true is not supported";
    else if ((v = json_object_get(d, "delimiter")) &&
             (!json_is_string(v) || strlen(json_string_value(v)) != 1))
        why = "a dialect delimiter must be one character";
    if (why)
        return ssp_error_set(err, SSP_EUSAGE, pkg, 0, 0, "%s", why);
    if (v)
        co->delim = json_string_value(v)[0];
    return SSP_OK;
}

void ssp_dt_sources_free(ssp_dt_source *src, size_t n)
{
    for (size_t i = 0; src && i < n; i++)
        free(src[i].path);
    free(src);
}

ssp_status ssp_dataset_sources(const void *pkg, const char *dir,
                               const char *name, ssp_dt_source **src, size_t *n,
                               ssp_error *err)
{
    /* The resources whose rows are those of one table. */
    static const char *const parts[][3] = {{"events", "device_events", NULL}};
    const char *one[] = {name, NULL}, *const *want = one;
    for (size_t i = 0; i < sizeof parts / sizeof parts[0]; i++)
        if (!strcmp(parts[i][0], name))
            want = parts[i];
    char *where = NULL;
    *src = NULL;
    *n = 0;
    if (asprintf(&where, "%s/datapackage.json", dir) < 0)
        return ssp_error_nomem(err);
    ssp_status st = SSP_OK;
    for (size_t w = 0; want[w] && !st; w++) {
        size_t i;
        json_t *r;
        json_array_foreach(json_object_get(pkg, "resources"), i, r)
        {
            const char *p = json_string_value(json_object_get(r, "path"));
            const char *rn = json_string_value(json_object_get(r, "name"));
            if (!p || !rn || strcmp(rn, want[w]))
                continue;
            ssp_dt_source *s = realloc(*src, (*n + 1) * sizeof **src);
            if (!s) {
                st = ssp_error_nomem(err);
                break;
            }
            *src = s;
            s = &s[*n];
            s->name = rn;
            ssp_csv_options_init(&s->csv);
            s->csv.encoding_via = "its resource in datapackage.json";
            /* (checked again: a path never leaves the folder, whatever
             * pkg this is given) */
            if ((st =
                     ssp_package_path(where, dir, i, "path", p, &s->path, err)))
                break;
            ++*n;
            if ((st = ssp_dataset_csv_options(r, where, &s->csv, err)))
                break;
            break; /* names are unique (ssp validate) */
        }
    }
    free(where);
    if (st) {
        ssp_dt_sources_free(*src, *n);
        *src = NULL;
        *n = 0;
    }
    return st;
}
