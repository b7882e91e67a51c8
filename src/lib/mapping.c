/* mapping.c: vendor-export mappings (JSON) and value conversions. */
#include <errno.h>
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

/* The string at key of o into *out (a copy; NULL when absent). A value of
 * another type is refused: -1 with a message, as is an allocation
 * failure. */
static int get_string(ssp_error *err, const char *where, json_t *o,
                      const char *key, const char *what, char **out)
{
    json_t *j = json_object_get(o, key);
    *out = NULL;
    if (!j)
        return 0;
    if (!json_is_string(j))
        return refuse(err, where, "%s: '%s' must be a string", what, key);
    if (!(*out = strdup(json_string_value(j))))
        return ssp_error_nomem(err), -1;
    return 0;
}

/* The same for a string only looked at (not copied). */
static int peek_string(ssp_error *err, const char *where, json_t *o,
                       const char *key, const char *what, const char **out)
{
    json_t *j = json_object_get(o, key);
    *out = NULL;
    if (!j)
        return 0;
    if (!json_is_string(j))
        return refuse(err, where, "%s: '%s' must be a string", what, key);
    *out = json_string_value(j);
    return 0;
}

/* The boolean at key (false when absent); "true" or 1 is refused. */
static int get_bool(ssp_error *err, const char *where, json_t *o,
                    const char *key, const char *what, int *out)
{
    json_t *j = json_object_get(o, key);
    *out = 0;
    if (!j)
        return 0;
    if (!json_is_boolean(j))
        return refuse(err, where, "%s: '%s' must be true or false, not %s",
                      what, key, json_is_string(j) ? "a string" : "that");
    *out = json_is_true(j);
    return 0;
}

/* A table name: the Frictionless resource name pattern, without '/' and
 * not starting with '.': it names DIR/NAME.csv and NAME.schema.json, so
 * it may not lead out of the dataset. */
static int plain_name(const char *s)
{
    if (!*s || *s == '.' || *s == '-' || strlen(s) > 200)
        return 0;
    for (; *s; s++)
        if (!((*s >= 'a' && *s <= 'z') || (*s >= '0' && *s <= '9') ||
              *s == '_' || *s == '-' || *s == '.'))
            return 0;
    return 1;
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

/* An offset "Z", "+HH:MM" or "-HH:MM" (exactly so: two digits each),
 * from -12:00 to +14:00, the offsets in use: its minutes east of UTC in
 * *minutes; 0 when it is none. */
static int offset_of(const char *s, size_t n, int *minutes)
{
    if (n == 1 && *s == 'Z') {
        *minutes = 0;
        return 1;
    }
    if (n != 6 || (s[0] != '+' && s[0] != '-') || s[3] != ':')
        return 0;
    for (int i = 1; i < 6; i++)
        if (i != 3 && (s[i] < '0' || s[i] > '9'))
            return 0;
    int h = (s[1] - '0') * 10 + (s[2] - '0');
    int m = (s[4] - '0') * 10 + (s[5] - '0');
    if (m > 59 || h * 60 + m > (s[0] == '+' ? 14 : 12) * 60)
        return 0;
    *minutes = (s[0] == '-' ? -1 : 1) * (h * 60 + m);
    return 1;
}

/* "Asia/Seoul", "UTC", "Z" or an offset such as "+09:00". */
static int timezone_of(const char *tz, int *minutes, char out[8])
{
    if (!strcmp(tz, "Asia/Seoul"))
        tz = "+09:00";
    else if (!strcmp(tz, "UTC") || !strcmp(tz, "Z"))
        tz = "+00:00";
    if (!offset_of(tz, strlen(tz), minutes))
        return 0;
    snprintf(out, 8, "%s", tz);
    return 1;
}

static int load_field(ssp_error *err, const char *where, const char *name,
                      json_t *o, ssp_mfield *f)
{
    static const char *const ok[] = {
        "from",     "value",        "mean_of",     "item_range", "trim",
        "map",      "scale",        "offset",      "date",       "yearmonth",
        "datetime", "pseudonymize", "description", NULL};
    char what[200];
    snprintf(what, sizeof what, "field '%s'", name);
    if (!json_is_object(o))
        return refuse(err, where, "%s must be an object", what);
    if (only_keys(err, where, o, ok, what) < 0)
        return -1;
    if (!(f->name = strdup(name)))
        return ssp_error_nomem(err), -1;
    const char *desc;
    if (get_string(err, where, o, "from", what, &f->from) < 0 ||
        get_string(err, where, o, "value", what, &f->value) < 0 ||
        peek_string(err, where, o, "description", what, &desc) < 0)
        return -1;
    json_t *j;
    if ((j = json_object_get(o, "mean_of")) &&
        strings(err, where, j, &f->mean_of, "mean_of") < 0)
        return -1;
    if ((j = json_object_get(o, "item_range"))) {
        if (!json_is_array(j) || json_array_size(j) != 2 ||
            !json_is_number(json_array_get(j, 0)) ||
            !json_is_number(json_array_get(j, 1)) || !f->mean_of.n)
            return refuse(err, where,
                          "%s: item_range is [min, max], with "
                          "mean_of",
                          what);
        f->has_item_range = 1;
        f->item_min = json_number_value(json_array_get(j, 0));
        f->item_max = json_number_value(json_array_get(j, 1));
    }
    int sources = !!f->from + !!f->value + !!f->mean_of.n;
    if (sources != 1)
        return refuse(err, where,
                      "%s needs exactly one of from, value and "
                      "mean_of",
                      what);
    if (get_bool(err, where, o, "trim", what, &f->trim) < 0 ||
        get_bool(err, where, o, "pseudonymize", what, &f->pseudonymize) < 0)
        return -1;
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
    json_t *sc = json_object_get(o, "scale"),
           *of = json_object_get(o, "offset");
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
            return refuse(err, where,
                          "%s: give one of date, yearmonth and "
                          "datetime",
                          what);
        if (!json_is_string(j))
            return refuse(err, where, "%s: %s takes a format string", what,
                          kinds[k]);
        f->when = (ssp_when)(k + 1);
        if (!(f->format = strdup(json_string_value(j))))
            return ssp_error_nomem(err), -1;
        const char *fm = f->format;
        int special = !strcmp(fm, "excel") || !strcmp(fm, "epoch_s") ||
                      !strcmp(fm, "epoch_ms") || !strcmp(fm, "iso");
        if (!special && !strchr(fm, '%'))
            return refuse(err, where,
                          "%s: '%s' is not a format (a strptime "
                          "pattern such as %%Y-%%m-%%d, or excel, "
                          "epoch_s, epoch_ms, iso)",
                          what, fm);
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
    if (!root && ssp_json_nomem(&je)) {
        ssp_error_nomem(err);
        return NULL;
    }
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
    static const char *const ok[] = {"source",      "table",   "timezone",
                                     "fields",      "filters", "title",
                                     "description", NULL};
    static const char *const src_ok[] = {"format", "encoding", "delimiter",
                                         NULL};
    json_t *j, *src;
    const char *text;
    m->delim = ',';
    timezone_of("Asia/Seoul", &m->tz_minutes, m->tz_text);
    if (!json_is_object(root)) {
        refuse(err, path, "a mapping is a JSON object, not %s",
               json_is_array(root) ? "an array" : "a single value");
        goto fail;
    }
    if (only_keys(err, path, root, ok, "mapping") < 0 ||
        peek_string(err, path, root, "title", "mapping", &text) < 0 ||
        peek_string(err, path, root, "description", "mapping", &text) < 0)
        goto fail;
    if ((src = json_object_get(root, "source"))) {
        if (!json_is_object(src)) {
            refuse(err, path, "'source' must be an object");
            goto fail;
        }
        if (only_keys(err, path, src, src_ok, "source") < 0)
            goto fail;
        const char *fmt, *enc, *d;
        if (peek_string(err, path, src, "format", "source", &fmt) < 0 ||
            peek_string(err, path, src, "encoding", "source", &enc) < 0 ||
            peek_string(err, path, src, "delimiter", "source", &d) < 0)
            goto fail;
        if (fmt && strcmp(fmt, "csv") && strcmp(fmt, "ndjson")) {
            refuse(err, path, "source format '%s': csv or ndjson", fmt);
            goto fail;
        }
        m->ndjson = fmt && !strcmp(fmt, "ndjson");
        if (enc && strcasecmp(enc, "utf-8") && strcasecmp(enc, "utf8") &&
            !(m->encoding = strdup(enc)))
            goto nomem;
        if (m->encoding && m->ndjson) {
            refuse(err, path, "NDJSON is UTF-8; no other encoding");
            goto fail;
        }
        if (d && (strlen(d) != 1 || *d == '"')) {
            refuse(err, path, "delimiter must be one character");
            goto fail;
        }
        if (d)
            m->delim = *d;
    }
    if (get_string(err, path, root, "table", "mapping", &m->table) < 0)
        goto fail;
    if (!m->table) {
        refuse(err, path, "a mapping needs its target 'table'");
        goto fail;
    }
    if (!plain_name(m->table)) {
        refuse(err, path,
               "table '%s' is not a table name (lower-case "
               "letters, digits, '_', '-' and '.', not first)",
               m->table);
        goto fail;
    }
    if ((j = json_object_get(root, "timezone")) &&
        (!json_is_string(j) ||
         !timezone_of(json_string_value(j), &m->tz_minutes, m->tz_text))) {
        refuse(err, path,
               "timezone: Asia/Seoul, UTC, Z or an offset "
               "+HH:MM or -HH:MM from -12:00 to +14:00");
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
            goto fail;
    }
    json_t *filters = json_object_get(root, "filters");
    if (filters) {
        if (!json_is_array(filters)) {
            refuse(err, path, "filters must be an array");
            goto fail;
        }
        if (!(m->filters =
                  calloc(json_array_size(filters) + 1, sizeof *m->filters)))
            goto nomem;
        size_t i;
        json_t *x;
        static const char *const fok[] = {"column", "in", "not_in", NULL};
        json_array_foreach(filters, i, x)
        {
            ssp_mfilter *f = &m->filters[m->nfilters++];
            if (!json_is_object(x)) {
                refuse(err, path, "filters[%zu] must be an object", i);
                goto fail;
            }
            if (only_keys(err, path, x, fok, "filter") < 0 ||
                get_string(err, path, x, "column", "filter", &f->column) < 0)
                goto fail;
            json_t *in = json_object_get(x, "in"),
                   *out = json_object_get(x, "not_in");
            if (!f->column || !!in == !!out) {
                refuse(err, path,
                       "a filter needs a column and one of in and "
                       "not_in");
                goto fail;
            }
            f->keep = !!in;
            if (strings(err, path, in ? in : out, &f->values, "filter values") <
                0)
                goto fail;
        }
    }
    json_decref(root);
    return m;
nomem:
    ssp_error_nomem(err);
fail: /* err holds the message */
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

/* The local times a mapping writes: years 1900 to 9999. Anything outside
 * (an epoch of 2^63 s, an Excel serial of 10^9 days) is no date. */
#define LOCAL_MIN (ssp_days_from_civil(1900, 1, 1) * 86400LL)
#define LOCAL_END (ssp_days_from_civil(10000, 1, 1) * 86400LL)

/* Why a value is no date or time (reasons given in the rejects). */
enum { BAD_FORMAT, BAD_CIVIL, BAD_RANGE };

/* Exactly n digits at *p into *v. */
static int digits(const char **p, int n, long *v)
{
    long x = 0;
    for (int i = 0; i < n; i++, (*p)++) {
        if (**p < '0' || **p > '9')
            return 0;
        x = x * 10 + (**p - '0');
    }
    *v = x;
    return 1;
}

/* ISO 8601 as written by ssp and most exports: YYYY-MM-DD, optionally
 * THH:MM:SS with a fraction and an offset (Z or +HH:MM), nothing else.
 * *own_offset: the text carries an offset; *plain: its length without. */
static int iso_local(const char *in, long long *secs, int *own_offset,
                     size_t *plain)
{
    const char *p = in;
    long y, mo, d, h = 0, mi = 0, se = 0;
    *own_offset = 0;
    if (!digits(&p, 4, &y) || *p++ != '-' || !digits(&p, 2, &mo) ||
        *p++ != '-' || !digits(&p, 2, &d))
        return BAD_FORMAT;
    if (*p == 'T') {
        p++;
        if (!digits(&p, 2, &h) || *p++ != ':' || !digits(&p, 2, &mi) ||
            *p++ != ':' || !digits(&p, 2, &se))
            return BAD_FORMAT;
        if (*p == '.') {
            const char *q = ++p;
            while (*p >= '0' && *p <= '9')
                p++;
            if (p == q)
                return BAD_FORMAT;
        }
        *plain = (size_t)(p - in);
        if (*p) {
            int off;
            if (!offset_of(p, strlen(p), &off))
                return BAD_FORMAT;
            *own_offset = 1;
            p += strlen(p);
        }
    }
    *plain = *own_offset ? *plain : (size_t)(p - in);
    if (*p)
        return BAD_FORMAT;
    if (!ssp_civil_valid(y, mo, d, h, mi, se))
        return BAD_CIVIL;
    *secs = ssp_days_from_civil(y, mo, d) * 86400LL + h * 3600 + mi * 60 + se;
    return -1;
}

/* Local date and time (in the mapping's zone) of a value, in seconds from
 * 1970-01-01 00:00 local: -1, or why not (BAD_*). */
static int local_seconds(const ssp_mapping *m, const ssp_mfield *f,
                         const char *in, long long *secs, int *own_offset,
                         size_t *plain)
{
    char *end;
    *own_offset = 0;
    if (!strcmp(f->format, "epoch_s") || !strcmp(f->format, "epoch_ms")) {
        errno = 0;
        long long v = strtoll(in, &end, 10);
        if (end == in || *end || *in == ' ' || *in == '\t')
            return BAD_FORMAT;
        if (errno == ERANGE)
            return BAD_RANGE;
        if (!strcmp(f->format, "epoch_ms"))
            v = v / 1000 - (v % 1000 < 0); /* floor, without -v */
        /* Checked before the offset is added: nothing overflows. */
        if (v < LOCAL_MIN - 86400 || v > LOCAL_END + 86400)
            return BAD_RANGE;
        *secs = v + m->tz_minutes * 60LL;
        return -1;
    }
    if (!strcmp(f->format, "excel")) { /* days since 1899-12-30, local */
        double d;
        if (!ssp_parse_double(in, strlen(in), &d))
            return BAD_FORMAT;
        if (!(d >= 0 && d < 3e6)) /* 3e6 days: past the year 9999 */
            return BAD_RANGE;
        *secs =
            llround(d * 86400) + ssp_days_from_civil(1899, 12, 30) * 86400LL;
        return -1;
    }
    if (!strcmp(f->format, "iso"))
        return iso_local(in, secs, own_offset, plain);
    /* A strptime pattern; Korean 오전/오후 are read as AM/PM. */
    size_t n = strlen(in);
    char *buf = malloc(n + 1), *o = buf;
    if (!buf)
        return -2;
    for (const char *p = in; *p;) {
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
    int bad = !end || *end;
    free(buf);
    if (bad)
        return BAD_FORMAT;
    /* Checked, never normalized (timegm would make 30 February 1 March
     * and second 60, which strptime takes, the next minute). */
    long long y = (long long)tm.tm_year + 1900;
    if (!ssp_civil_valid(y, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                         tm.tm_sec))
        return BAD_CIVIL;
    *secs = ssp_days_from_civil(y, tm.tm_mon + 1, tm.tm_mday) * 86400LL +
            tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec;
    return -1;
}

/* Room for n more bytes (and a NUL) in *out; 0 when memory runs out. */
static int room(char **out, size_t *cap, size_t n)
{
    char *p = ssp_grow(*out, cap, n + 1, 1);
    if (!p)
        return 0;
    *out = p;
    return 1;
}

int ssp_mapping_convert(const ssp_mapping *m, const ssp_mfield *f,
                        const char *in, char **out, size_t *cap, char *msg,
                        size_t msgsz)
{
    size_t n = strlen(in);
    if (f->has_scale && *in) {
        double x;
        if (!ssp_parse_double(in, n, &x)) {
            snprintf(msg, msgsz, "'%s' is not a number to scale", in);
            return 0;
        }
        char b[SSP_NUM_BUFSZ];
        /* Rounded to 12 significant digits: 1494 s / 60 is 24.9 min, not
         * 24.900000000000002. */
        snprintf(b, sizeof b, "%.12g", x * f->scale + f->offset);
        in = ssp_fmt_double(strtod(b, NULL), b);
        n = strlen(in);
        if (!room(out, cap, n))
            return -1;
        memcpy(*out, in, n + 1);
        return 1;
    }
    if (f->when == SSP_WHEN_NONE || !*in) {
        if (!room(out, cap, n))
            return -1;
        memcpy(*out, in, n + 1);
        return 1;
    }
    const char *what = f->when == SSP_WHEN_DATE        ? "date"
                       : f->when == SSP_WHEN_YEARMONTH ? "year and month"
                                                       : "date and time";
    long long s = 0;
    int own_offset;
    size_t plain = 0;
    int why = local_seconds(m, f, in, &s, &own_offset, &plain);
    if (why == -2)
        return -1;
    if (why < 0 && (s < LOCAL_MIN || s >= LOCAL_END))
        why = BAD_RANGE;
    if (why == BAD_FORMAT) {
        snprintf(msg, msgsz, "'%s' is not a %s in the format '%s'", in, what,
                 f->format);
        return 0;
    }
    if (why == BAD_CIVIL) {
        snprintf(msg, msgsz,
                 "'%s' is no real %s (no such day, hour, minute "
                 "or second; leap seconds are not representable)",
                 in, what);
        return 0;
    }
    if (why == BAD_RANGE) {
        snprintf(msg, msgsz,
                 "'%s' (format '%s') is outside the years 1900 "
                 "to 9999",
                 in, f->format);
        return 0;
    }
    long long day = s >= 0 ? s / 86400 : -((-s + 86399) / 86400);
    long sod = (long)(s - day * 86400);
    long long y;
    long mo, d;
    ssp_civil_from_days(day, &y, &mo, &d);
    if (!room(out, cap, n + 40))
        return -1;
    if (f->when == SSP_WHEN_DATE)
        snprintf(*out, *cap, "%04lld-%02ld-%02ld", y, mo, d);
    else if (f->when == SSP_WHEN_YEARMONTH)
        snprintf(*out, *cap, "%04lld-%02ld", y, mo);
    else if (own_offset)
        snprintf(*out, *cap, "%s", in); /* already with its own offset */
    else if (plain > 19)                /* with a fraction of a second */
        snprintf(*out, *cap, "%.*s%s", (int)plain, in, m->tz_text);
    else
        snprintf(*out, *cap, "%04lld-%02ld-%02ldT%02ld:%02ld:%02ld%s", y, mo, d,
                 sod / 3600, sod / 60 % 60, sod % 60, m->tz_text);
    return 1;
}

/* ---- NDJSON records ----------------------------------------------------- */

int ssp_ndjson_next(FILE *fp, char **line, size_t *cap, size_t *len,
                    long *lineno, const char **term)
{
    for (;;) {
        ssize_t k = getline(line, cap, fp);
        if (k < 0) /* neither the end nor a read error: out of memory */
            return feof(fp) || ferror(fp) ? 0 : -1;
        ++*lineno;
        /* The record is the line without its line end, which the rejects
         * get back as it was: LF, CRLF or none. */
        *term = "";
        if (k && (*line)[k - 1] == '\n') {
            *term = k > 1 && (*line)[k - 2] == '\r' ? "\r\n" : "\n";
            k -= (ssize_t)strlen(*term);
        }
        *len = (size_t)k;
        while (k && ((*line)[k - 1] == '\n' || (*line)[k - 1] == '\r'))
            k--;
        if (k) {
            (*line)[*len] = '\0';
            return 1;
        }
    }
}

int ssp_ndjson_record(const char *raw, size_t len, void **obj, long *col,
                      char *msg, size_t msgsz)
{
    json_error_t je;
    /* A key given twice is refused, not read as its last value: which of
     * the two the vendor meant cannot be known. */
    json_t *o = json_loadb(raw, len, JSON_REJECT_DUPLICATES, &je);
    *obj = NULL;
    if (json_is_object(o)) {
        *obj = o;
        return 1;
    }
    if (!o && ssp_json_nomem(&je))
        return -1;
    *col = je.column > 0 ? je.column : 1;
    if (o)
        snprintf(msg, msgsz, "not a JSON object");
    else if (json_error_code(&je) == json_error_duplicate_key)
        snprintf(msg, msgsz, "a key given twice in one record (%s)", je.text);
    else
        snprintf(msg, msgsz, "not a JSON object: %s", je.text);
    json_decref(o);
    return 0;
}

const char *ssp_ndjson_value(const void *obj, const char *name, char *buf,
                             size_t sz)
{
    json_t *v = json_object_get(obj, name);
    if (json_is_string(v))
        return json_string_value(v);
    if (json_is_integer(v)) {
        snprintf(buf, sz, "%lld", (long long)json_integer_value(v));
        return buf;
    }
    if (json_is_real(v))
        return ssp_fmt_double(json_real_value(v), buf);
    if (json_is_true(v) || json_is_false(v))
        return json_is_true(v) ? "true" : "false";
    return "";
}
