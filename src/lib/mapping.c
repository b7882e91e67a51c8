/* mapping.c: vendor-export mappings (JSON) and value conversions. */
#include <jansson.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "ssp/mapping.h"
#include "ssp/num.h"

static int refuse(ssp_error *err, const char *where, const char *fmt, ...)
    SSP_PRINTF(3, 4);

static int refuse(ssp_error *err, const char *where, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ssp_error_set(err, SSP_EUSAGE, where, 0, 0, "%s", msg);
    return -1;
}

static int only_keys(ssp_error *err, const char *where, json_t *o,
                     const char *const *ok, const char *what)
{
    const char *k = ssp_json_unknown_key(o, ok);
    return k ? refuse(err, where, "%s: '%s' is not supported", what, k) : 0;
}

static char *dup_or_null(json_t *j)
{
    return json_is_string(j) ? strdup(json_string_value(j)) : NULL;
}

static int strings(ssp_error *err, const char *where, json_t *j, ssp_strs *l,
                   const char *what)
{
    size_t i;
    json_t *x;
    if (!json_is_array(j))
        return refuse(err, where, "%s must be an array of strings", what);
    json_array_foreach(j, i, x)
    {
        if (!json_is_string(x))
            return refuse(err, where, "%s must be an array of strings", what);
        if (ssp_strs_add(l, json_string_value(x)) < 0)
            return ssp_error_nomem(err), -1;
    }
    return 0;
}

/* "Asia/Seoul", "UTC" or an offset such as "+09:00". */
static int timezone_of(const char *tz, int *minutes, char out[8])
{
    int h, m;
    char sign;
    if (!strcmp(tz, "Asia/Seoul"))
        tz = "+09:00";
    else if (!strcmp(tz, "UTC"))
        tz = "+00:00";
    if (sscanf(tz, "%c%2d:%2d", &sign, &h, &m) != 3 ||
        (sign != '+' && sign != '-') || h > 14 || m > 59 || strlen(tz) != 6)
        return 0;
    *minutes = (sign == '-' ? -1 : 1) * (h * 60 + m);
    snprintf(out, 8, "%s", tz);
    return 1;
}

static int load_field(ssp_error *err, const char *where, const char *name,
                      json_t *o, ssp_mfield *f)
{
    static const char *const ok[] = {
        "from", "value", "mean_of", "item_range", "trim", "map", "scale",
        "offset", "date", "yearmonth", "datetime", "pseudonymize",
        "description", NULL};
    char what[200];
    snprintf(what, sizeof what, "field '%s'", name);
    if (!json_is_object(o))
        return refuse(err, where, "%s must be an object", what);
    if (only_keys(err, where, o, ok, what) < 0)
        return -1;
    f->name = strdup(name);
    f->from = dup_or_null(json_object_get(o, "from"));
    f->value = dup_or_null(json_object_get(o, "value"));
    json_t *j;
    if ((j = json_object_get(o, "mean_of")) &&
        strings(err, where, j, &f->mean_of, "mean_of") < 0)
        return -1;
    if ((j = json_object_get(o, "item_range"))) {
        if (!json_is_array(j) || json_array_size(j) != 2 ||
            !json_is_number(json_array_get(j, 0)) ||
            !json_is_number(json_array_get(j, 1)) || !f->mean_of.n)
            return refuse(err, where, "%s: item_range is [min, max], with "
                                      "mean_of", what);
        f->has_item_range = 1;
        f->item_min = json_number_value(json_array_get(j, 0));
        f->item_max = json_number_value(json_array_get(j, 1));
    }
    int sources = !!f->from + !!f->value + !!f->mean_of.n;
    if (sources != 1)
        return refuse(err, where, "%s needs exactly one of from, value and "
                                  "mean_of", what);
    f->trim = json_is_true(json_object_get(o, "trim"));
    f->pseudonymize = json_is_true(json_object_get(o, "pseudonymize"));
    if ((j = json_object_get(o, "map"))) {
        const char *k;
        json_t *v;
        if (!json_is_object(j))
            return refuse(err, where, "%s: map must be an object", what);
        json_object_foreach(j, k, v)
        {
            if (!json_is_string(v))
                return refuse(err, where, "%s: map values must be strings",
                              what);
            if (ssp_strs_add(&f->map_from, k) < 0 ||
                ssp_strs_add(&f->map_to, json_string_value(v)) < 0)
                return ssp_error_nomem(err), -1;
        }
    }
    json_t *sc = json_object_get(o, "scale"), *of = json_object_get(o, "offset");
    if ((sc && !json_is_number(sc)) || (of && !json_is_number(of)))
        return refuse(err, where, "%s: scale and offset must be numbers", what);
    f->has_scale = sc || of;
    f->scale = sc ? json_number_value(sc) : 1;
    f->offset = of ? json_number_value(of) : 0;
    static const char *const kinds[] = {"date", "yearmonth", "datetime"};
    for (int k = 0; k < 3; k++) {
        if (!(j = json_object_get(o, kinds[k])))
            continue;
        if (f->when)
            return refuse(err, where, "%s: give one of date, yearmonth and "
                                      "datetime", what);
        if (!json_is_string(j))
            return refuse(err, where, "%s: %s takes a format string", what,
                          kinds[k]);
        f->when = (ssp_when)(k + 1);
        f->format = strdup(json_string_value(j));
        const char *fm = f->format;
        int special = !strcmp(fm, "excel") || !strcmp(fm, "epoch_s") ||
                      !strcmp(fm, "epoch_ms") || !strcmp(fm, "iso");
        if (!special && !strchr(fm, '%'))
            return refuse(err, where, "%s: '%s' is not a format (a strptime "
                                      "pattern such as %%Y-%%m-%%d, or excel, "
                                      "epoch_s, epoch_ms, iso)", what, fm);
    }
    if (f->has_scale && f->when)
        return refuse(err, where, "%s: scale does not go with a date or time",
                      what);
    return 0;
}

ssp_mapping *ssp_mapping_load(const char *path, ssp_error *err)
{
    json_error_t je;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!root) {
        ssp_error_set(err, je.line > 0 ? SSP_EUSAGE : SSP_EIO, path,
                      je.line > 0 ? je.line : 0, je.column > 0 ? je.column : 0,
                      "%s%s", je.line > 0 ? "invalid JSON: " : "", je.text);
        return NULL;
    }
    ssp_mapping *m = calloc(1, sizeof *m);
    if (!m || !(m->source = strdup(path))) {
        free(m);
        json_decref(root);
        ssp_error_nomem(err);
        return NULL;
    }
    static const char *const ok[] = {"source", "table", "timezone", "fields",
                                     "filters", "title", "description", NULL};
    static const char *const src_ok[] = {"format", "encoding", "delimiter",
                                         NULL};
    json_t *j, *src = json_object_get(root, "source");
    m->delim = ',';
    timezone_of("Asia/Seoul", &m->tz_minutes, m->tz_text);
    if (!json_is_object(root) || only_keys(err, path, root, ok, "mapping") < 0)
        goto fail_msg;
    if (src) {
        if (!json_is_object(src) ||
            only_keys(err, path, src, src_ok, "source") < 0)
            goto fail_msg;
        const char *fmt = json_string_value(json_object_get(src, "format"));
        if (fmt && strcmp(fmt, "csv") && strcmp(fmt, "ndjson")) {
            refuse(err, path, "source format '%s': csv or ndjson", fmt);
            goto fail;
        }
        m->ndjson = fmt && !strcmp(fmt, "ndjson");
        const char *enc = json_string_value(json_object_get(src, "encoding"));
        if (enc && strcasecmp(enc, "utf-8") && strcasecmp(enc, "utf8"))
            m->encoding = strdup(enc);
        if (m->encoding && m->ndjson) {
            refuse(err, path, "NDJSON is UTF-8; no other encoding");
            goto fail;
        }
        const char *d = json_string_value(json_object_get(src, "delimiter"));
        if (d && (strlen(d) != 1 || *d == '"')) {
            refuse(err, path, "delimiter must be one character");
            goto fail;
        }
        if (d)
            m->delim = *d;
    }
    if (!(m->table = dup_or_null(json_object_get(root, "table")))) {
        refuse(err, path, "a mapping needs its target 'table'");
        goto fail;
    }
    if ((j = json_object_get(root, "timezone")) &&
        (!json_is_string(j) ||
         !timezone_of(json_string_value(j), &m->tz_minutes, m->tz_text))) {
        refuse(err, path, "timezone: Asia/Seoul, UTC or an offset like +09:00");
        goto fail;
    }
    json_t *fields = json_object_get(root, "fields");
    if (!json_is_object(fields) || !json_object_size(fields)) {
        refuse(err, path, "a mapping needs 'fields', an object");
        goto fail;
    }
    if (!(m->fields = calloc(json_object_size(fields), sizeof *m->fields)))
        goto nomem;
    const char *k;
    json_t *v;
    json_object_foreach(fields, k, v)
    {
        if (load_field(err, path, k, v, &m->fields[m->nfields++]) < 0)
            goto fail_msg;
    }
    json_t *filters = json_object_get(root, "filters");
    if (filters) {
        if (!json_is_array(filters) ||
            !(m->filters = calloc(json_array_size(filters) + 1,
                                  sizeof *m->filters))) {
            refuse(err, path, "filters must be an array");
            goto fail;
        }
        size_t i;
        json_t *x;
        static const char *const fok[] = {"column", "in", "not_in", NULL};
        json_array_foreach(filters, i, x)
        {
            ssp_mfilter *f = &m->filters[m->nfilters++];
            if (!json_is_object(x) || only_keys(err, path, x, fok, "filter") < 0)
                goto fail_msg;
            f->column = dup_or_null(json_object_get(x, "column"));
            json_t *in = json_object_get(x, "in"), *out = json_object_get(x, "not_in");
            if (!f->column || !!in == !!out) {
                refuse(err, path, "a filter needs a column and one of in and "
                                  "not_in");
                goto fail;
            }
            f->keep = !!in;
            if (strings(err, path, in ? in : out, &f->values, "filter values") < 0)
                goto fail_msg;
        }
    }
    json_decref(root);
    return m;
nomem:
    ssp_error_nomem(err);
    goto fail_msg;
fail:
fail_msg:
    json_decref(root);
    ssp_mapping_free(m);
    return NULL;
}

void ssp_mapping_free(ssp_mapping *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->nfields; i++) {
        ssp_mfield *f = &m->fields[i];
        free(f->name);
        free(f->from);
        free(f->value);
        ssp_strs_free(&f->mean_of);
        ssp_strs_free(&f->map_from);
        ssp_strs_free(&f->map_to);
        free(f->format);
    }
    for (size_t i = 0; i < m->nfilters; i++) {
        free(m->filters[i].column);
        ssp_strs_free(&m->filters[i].values);
    }
    free(m->fields);
    free(m->filters);
    free(m->source);
    free(m->encoding);
    free(m->table);
    free(m);
}

/* ---- conversions ------------------------------------------------------ */

static long days_from_civil(long y, long m, long d)
{
    y -= m <= 2;
    long era = (y >= 0 ? y : y - 399) / 400, yoe = y - era * 400;
    long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    return era * 146097 + yoe * 365 + yoe / 4 - yoe / 100 + doy - 719468;
}

/* Local date and time (in the mapping's zone) of a value, in seconds from
 * 1970-01-01 00:00 local. */
static int local_seconds(const ssp_mapping *m, const ssp_mfield *f,
                         const char *in, long long *secs)
{
    char *end;
    if (!strcmp(f->format, "epoch_s") || !strcmp(f->format, "epoch_ms")) {
        long long v = strtoll(in, &end, 10);
        if (end == in || *end)
            return 0;
        if (!strcmp(f->format, "epoch_ms"))
            v = v >= 0 ? v / 1000 : -((-v + 999) / 1000);
        *secs = v + m->tz_minutes * 60LL;
        return 1;
    }
    if (!strcmp(f->format, "excel")) { /* days since 1899-12-30, local */
        double d;
        if (!ssp_parse_double(in, strlen(in), &d) || d < 0)
            return 0;
        long long s = llround(d * 86400);
        *secs = s + days_from_civil(1899, 12, 30) * 86400LL;
        return 1;
    }
    if (!strcmp(f->format, "iso")) {
        int y, mo, da, h = 0, mi = 0, se = 0, n = 0;
        if (sscanf(in, "%4d-%2d-%2d%n", &y, &mo, &da, &n) != 3)
            return 0;
        if (in[n] == 'T' && sscanf(in + n, "T%2d:%2d:%2d", &h, &mi, &se) != 3)
            return 0;
        *secs = days_from_civil(y, mo, da) * 86400LL + h * 3600 + mi * 60 + se;
        return 1; /* the offset written is kept: see ssp_mapping_convert */
    }
    /* A strptime pattern; Korean 오전/오후 are read as AM/PM. */
    char buf[256], *o = buf;
    for (const char *p = in; *p && o < buf + sizeof buf - 3;) {
        if (!strncmp(p, "오전", 6) || !strncmp(p, "오후", 6)) {
            memcpy(o, p[3] == '\xec' && p[4] == '\xa0' ? "AM" : "PM", 2);
            o += 2;
            p += 6;
        } else {
            *o++ = *p++;
        }
    }
    *o = '\0';
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_mday = 1;
    end = strptime(buf, f->format, &tm);
    if (!end || *end)
        return 0;
    struct tm norm = tm;
    time_t t = timegm(&norm);
    if (norm.tm_mday != tm.tm_mday || norm.tm_mon != tm.tm_mon)
        return 0; /* no such day */
    *secs = (long long)t;
    return 1;
}

int ssp_mapping_convert(const ssp_mapping *m, const ssp_mfield *f,
                        const char *in, char *out, size_t sz, char *msg,
                        size_t msgsz)
{
    if (!*in) {
        *out = '\0';
        return 1;
    }
    if (f->has_scale) {
        double x;
        if (!ssp_parse_double(in, strlen(in), &x)) {
            snprintf(msg, msgsz, "'%s' is not a number to scale", in);
            return 0;
        }
        char b[SSP_NUM_BUFSZ];
        /* Rounded to 12 significant digits: 1494 s / 60 is 24.9 min, not
         * 24.900000000000002. */
        snprintf(b, sizeof b, "%.12g", x * f->scale + f->offset);
        snprintf(out, sz, "%s", ssp_fmt_double(strtod(b, NULL), b));
        return 1;
    }
    if (f->when == SSP_WHEN_NONE) {
        snprintf(out, sz, "%s", in);
        return 1;
    }
    long long s;
    if (!local_seconds(m, f, in, &s)) {
        snprintf(msg, msgsz, "'%s' is not a %s in the format '%s'", in,
                 f->when == SSP_WHEN_DATE       ? "date"
                 : f->when == SSP_WHEN_YEARMONTH ? "year and month"
                                                 : "date and time",
                 f->format);
        return 0;
    }
    time_t t = (time_t)s;
    struct tm tm;
    gmtime_r(&t, &tm);
    if (f->when == SSP_WHEN_DATE)
        strftime(out, sz, "%Y-%m-%d", &tm);
    else if (f->when == SSP_WHEN_YEARMONTH)
        strftime(out, sz, "%Y-%m", &tm);
    else if (!strcmp(f->format, "iso") && strlen(in) > 19)
        snprintf(out, sz, "%s", in); /* already with its own offset */
    else {
        char b[32];
        strftime(b, sizeof b, "%Y-%m-%dT%H:%M:%S", &tm);
        snprintf(out, sz, "%s%s", b, m->tz_text);
    }
    return 1;
}
