/* schema.c: Table Schema loading (Jansson) and cell checking. */
#include <errno.h>
#include <jansson.h>
#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>
#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ssp/num.h"
#include "ssp/schema.h"

static const char *const type_names[] = {
    "string", "number",   "integer", "boolean",   "date",
    "time",   "datetime", "year",    "yearmonth", "duration",
};

const char *ssp_type_name(ssp_type t)
{
    return type_names[t];
}

/* Patterns are PCRE2 in UTF mode, anchored at both ends: close to the
 * XML Schema / JavaScript dialect Table Schema means, by characters. */
static int regex_match(const ssp_sfield *f, const char *s, size_t len)
{
    return pcre2_match((pcre2_code *)f->pattern, (PCRE2_SPTR)s, len, 0,
                       PCRE2_NO_UTF_CHECK, (pcre2_match_data *)f->match,
                       NULL) >= 0;
}

/* ---- values ---------------------------------------------------------- */

/* Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant). */
long long ssp_days_from_civil(long long y, long m, long d)
{
    y -= m <= 2;
    long long era = (y >= 0 ? y : y - 399) / 400;
    long long yoe = y - era * 400;
    long long doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
    long long doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + doe - 719468;
}

void ssp_civil_from_days(long long z, long long *y, long *m, long *d)
{
    z += 719468;
    long long era = (z >= 0 ? z : z - 146096) / 146097;
    long long doe = z - era * 146097;
    long long yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    long long doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    long long mp = (5 * doy + 2) / 153;
    *d = (long)(doy - (153 * mp + 2) / 5 + 1);
    *m = (long)(mp < 10 ? mp + 3 : mp - 9);
    *y = yoe + era * 400 + (*m <= 2);
}

static double days_from_civil(long y, long m, long d)
{
    return (double)ssp_days_from_civil(y, m, d);
}

static int days_in_month(long long y, long m)
{
    static const int dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
    return m == 2 ? 28 + leap : dm[m - 1];
}

int ssp_civil_valid(long long y, long m, long d, long h, long mi, long s)
{
    return y >= 0 && y <= 9999 && m >= 1 && m <= 12 && d >= 1 &&
           d <= days_in_month(y, m) && h >= 0 && h <= 23 && mi >= 0 &&
           mi <= 59 && s >= 0 && s <= 59;
}

/* Read exactly n digits at *p. */
static int digits(const char **p, const char *end, int n, long *out)
{
    long v = 0;
    for (int i = 0; i < n; i++, (*p)++) {
        if (*p >= end || **p < '0' || **p > '9')
            return 0;
        v = v * 10 + (**p - '0');
    }
    *out = v;
    return 1;
}

static int lit(const char **p, const char *end, char c)
{
    if (*p < end && **p == c) {
        (*p)++;
        return 1;
    }
    return 0;
}

static int iso_date(const char **p, const char *end, double *days)
{
    long y, m, d;
    if (!digits(p, end, 4, &y) || !lit(p, end, '-') || !digits(p, end, 2, &m) ||
        !lit(p, end, '-') || !digits(p, end, 2, &d))
        return 0;
    if (m < 1 || m > 12 || d < 1 || d > days_in_month(y, m))
        return 0;
    *days = days_from_civil(y, m, d);
    return 1;
}

/* HH:MM:SS with optional fraction. */
static int iso_time(const char **p, const char *end, double *secs)
{
    long h, mi, s;
    if (!digits(p, end, 2, &h) || !lit(p, end, ':') ||
        !digits(p, end, 2, &mi) || !lit(p, end, ':') || !digits(p, end, 2, &s))
        return 0;
    if (!ssp_civil_valid(1970, 1, 1, h, mi, s))
        return 0; /* 24:00, 12:60, and 23:59:60: no leap seconds */
    double frac = 0, scale = 0.1;
    if (lit(p, end, '.')) {
        const char *q = *p;
        for (; *p < end && **p >= '0' && **p <= '9'; (*p)++, scale /= 10)
            frac += (**p - '0') * scale;
        if (*p == q)
            return 0;
    }
    *secs = (double)(h * 3600 + mi * 60 + s) + frac;
    return 1;
}

/* Z, +HH:MM, -HH:MM or +HHMM, from -12:00 to +14:00 (the offsets in
 * use): seconds east of UTC. */
static int iso_offset(const char **p, const char *end, double *off)
{
    if (lit(p, end, 'Z')) {
        *off = 0;
        return 1;
    }
    int sign = **p == '+' ? 1 : **p == '-' ? -1 : 0;
    long h, m;
    if (!sign)
        return 0;
    (*p)++;
    if (!digits(p, end, 2, &h))
        return 0;
    lit(p, end, ':');
    if (!digits(p, end, 2, &m) || m > 59 ||
        h * 60 + m > (sign > 0 ? 14 : 12) * 60)
        return 0;
    *off = sign * (double)(h * 3600 + m * 60);
    return 1;
}

static int iso_datetime(const char *s, const char *end, double *v)
{
    const char *p = s;
    double days, secs, off = 0;
    if (!iso_date(&p, end, &days) || !lit(&p, end, 'T') ||
        !iso_time(&p, end, &secs))
        return 0;
    if (p < end && !iso_offset(&p, end, &off))
        return 0;
    *v = days * 86400 + secs - off;
    return p == end;
}

int ssp_iso_date(const char *s, size_t len, double *days)
{
    const char *p = s;
    return iso_date(&p, s + len, days) && p == s + len;
}

int ssp_iso_datetime(const char *s, size_t len, double *secs)
{
    return iso_datetime(s, s + len, secs);
}

/* ISO 8601 duration: P[nY][nM][nW][nD][T[nH][nM][n[.n]S]]. */
static int iso_duration(const char *p, const char *end)
{
    if (!lit(&p, end, 'P') || p == end)
        return 0;
    const char *units = "YMWD";
    int in_time = 0, any = 0;
    while (p < end) {
        if (!in_time && lit(&p, end, 'T')) {
            if (p == end)
                return 0;
            in_time = 1;
            units = "HMS";
            continue;
        }
        const char *q = p;
        while (p < end && *p >= '0' && *p <= '9')
            p++;
        if (in_time && p < end && *p == '.') {
            p++;
            while (p < end && *p >= '0' && *p <= '9')
                p++;
        }
        if (p == q || p == end)
            return 0;
        const char *u = strchr(units, *p);
        if (!u || !*p)
            return 0;
        units = u + 1; /* units come in order, each once */
        p++;
        any = 1;
    }
    return any;
}

/* Parse with a strptime pattern; the whole text must be used and the
 * date must exist. Returns seconds since the epoch (UTC) in *v. */
static int with_pattern(const char *s, const char *fmt, double *v)
{
    struct tm tm;
    memset(&tm, 0, sizeof tm);
    tm.tm_mday = 1;
    const char *end = strptime(s, fmt, &tm);
    if (!end || *end)
        return 0;
    /* Checked, not normalized: no 30 February, no second 60 (strptime
     * takes %S up to 61, and timegm would roll it into the next minute). */
    long long y = (long long)tm.tm_year + 1900;
    if (!ssp_civil_valid(y, tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min,
                         tm.tm_sec))
        return 0;
    *v = (double)(ssp_days_from_civil(y, tm.tm_mon + 1, tm.tm_mday) * 86400 +
                  tm.tm_hour * 3600 + tm.tm_min * 60 + tm.tm_sec) -
         (double)tm.tm_gmtoff;
    return 1;
}

static const char *const any_date[] = {"%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d",
                                       "%Y%m%d", NULL};
static const char *const any_datetime[] = {"%Y-%m-%dT%H:%M:%S%z",
                                           "%Y-%m-%dT%H:%M:%S",
                                           "%Y-%m-%d %H:%M:%S",
                                           "%Y/%m/%d %H:%M:%S",
                                           "%Y-%m-%dT%H:%M",
                                           "%Y-%m-%d %H:%M",
                                           NULL};

static int with_any(const char *s, const char *const *fmts, double *v)
{
    for (; *fmts; fmts++)
        if (with_pattern(s, *fmts, v))
            return 1;
    return 0;
}

/* Parse a value of field f's type and format into its ordered value. */
static int parse_value(const ssp_sfield *f, const char *s, size_t len,
                       double *v)
{
    const char *end = s + len, *p = s;
    *v = 0;
    switch (f->type) {
    case SSP_T_STRING: return 1;
    case SSP_T_NUMBER:
        if (!strcmp(s, "NaN")) {
            *v = NAN;
            return 1;
        }
        if (!strcmp(s, "INF") || !strcmp(s, "-INF")) {
            *v = s[0] == '-' ? -INFINITY : INFINITY;
            return 1;
        }
        return len && s[0] != ' ' && s[len - 1] != ' ' && s[0] != '\t' &&
               s[len - 1] != '\t' && ssp_parse_double(s, len, v);
    case SSP_T_INTEGER:
        if (p < end && (*p == '-' || *p == '+'))
            p++;
        if (p == end)
            return 0;
        for (; p < end; p++)
            if (*p < '0' || *p > '9')
                return 0;
        if (!ssp_parse_double(s, len, v)) /* its fast path is exact */
            *v = strtod(s, NULL);         /* beyond a double: inf */
        return 1;
    case SSP_T_BOOLEAN:
        for (size_t i = 0; i < f->true_vals.n; i++)
            if (!strcmp(s, f->true_vals.v[i])) {
                *v = 1;
                return 1;
            }
        for (size_t i = 0; i < f->false_vals.n; i++)
            if (!strcmp(s, f->false_vals.v[i]))
                return 1;
        return 0;
    case SSP_T_DATE:
        if (!f->format)
            return iso_date(&p, end, v) && p == end;
        if (!(!strcmp(f->format, "any") ? with_any(s, any_date, v)
                                        : with_pattern(s, f->format, v)))
            return 0;
        *v = floor(*v / 86400);
        return 1;
    case SSP_T_TIME:
        if (!f->format)
            return iso_time(&p, end, v) && p == end;
        {
            char buf[96];
            char fmt[160];
            /* A value or pattern too long for the buffers is not cut
             * (what is left might parse): it is no time. */
            if ((size_t)snprintf(buf, sizeof buf, "1970-01-01 %s", s) >=
                    sizeof buf ||
                (size_t)snprintf(fmt, sizeof fmt, "%%Y-%%m-%%d %s",
                                 !strcmp(f->format, "any")
                                     ? "%H:%M:%S"
                                     : f->format) >= sizeof fmt)
                return 0;
            if (with_pattern(buf, fmt, v))
                return 1;
            return !strcmp(f->format, "any") &&
                   with_pattern(buf, "%Y-%m-%d %H:%M", v);
        }
    case SSP_T_DATETIME:
        if (!f->format)
            return iso_datetime(s, end, v);
        return !strcmp(f->format, "any")
                   ? iso_datetime(s, end, v) || with_any(s, any_datetime, v)
                   : with_pattern(s, f->format, v);
    case SSP_T_YEAR: {
        long y;
        if (!digits(&p, end, 4, &y) || p != end)
            return 0;
        *v = (double)y;
        return 1;
    }
    case SSP_T_YEARMONTH: {
        long y, m;
        if (!digits(&p, end, 4, &y) || !lit(&p, end, '-') ||
            !digits(&p, end, 2, &m) || p != end || m < 1 || m > 12)
            return 0;
        *v = (double)(y * 12 + m - 1);
        return 1;
    }
    case SSP_T_DURATION: return iso_duration(s, end);
    }
    return 0;
}

static size_t utf8_len(const char *s, size_t n)
{
    size_t k = 0;
    for (size_t i = 0; i < n; i++)
        k += ((unsigned char)s[i] & 0xC0) != 0x80;
    return k;
}

static int in_strs(const ssp_strs *l, const char *s)
{
    for (size_t i = 0; i < l->n; i++)
        if (l->v[i][0] == s[0] && !strcmp(l->v[i], s))
            return 1;
    return 0;
}

ssp_cell ssp_cell_check(const ssp_sfield *f, const char *s, size_t len,
                        double *value, char *msg, size_t msgsz)
{
    *value = 0;
    if (in_strs(&f->missing, s)) {
        if (!f->required)
            return SSP_CELL_NULL;
        snprintf(msg, msgsz, "is missing, but a value is required");
        return SSP_CELL_CONSTRAINT;
    }
    double v;
    if (!parse_value(f, s, len, &v)) {
        if (f->format)
            snprintf(msg, msgsz, "is not a %s in the format '%s'",
                     type_names[f->type], f->format);
        else if (f->type == SSP_T_DATETIME)
            snprintf(msg, msgsz,
                     "is not a datetime (like "
                     "2024-07-01T14:05:00+09:00)");
        else if (f->type == SSP_T_DATE)
            snprintf(msg, msgsz, "is not a date (like 2024-07-01)");
        else
            snprintf(msg, msgsz, "is not %s %s",
                     f->type == SSP_T_INTEGER ? "an" : "a",
                     type_names[f->type]);
        return SSP_CELL_TYPE;
    }
    *value = v;
    if (f->min_len >= 0 || f->max_len >= 0) {
        size_t n = utf8_len(s, len);
        if (f->min_len >= 0 && n < (size_t)f->min_len) {
            snprintf(msg, msgsz, "is shorter than minLength %ld", f->min_len);
            return SSP_CELL_CONSTRAINT;
        }
        if (f->max_len >= 0 && n > (size_t)f->max_len) {
            snprintf(msg, msgsz, "is longer than maxLength %ld", f->max_len);
            return SSP_CELL_CONSTRAINT;
        }
    }
    if (f->has_min && (f->min_excl ? !(v > f->min) : !(v >= f->min))) {
        snprintf(msg, msgsz, "is below %s %s",
                 f->min_excl ? "exclusiveMinimum" : "minimum", f->min_text);
        return SSP_CELL_CONSTRAINT;
    }
    if (f->has_max && (f->max_excl ? !(v < f->max) : !(v <= f->max))) {
        snprintf(msg, msgsz, "is above %s %s",
                 f->max_excl ? "exclusiveMaximum" : "maximum", f->max_text);
        return SSP_CELL_CONSTRAINT;
    }
    if (f->pattern && !regex_match(f, s, len)) {
        snprintf(msg, msgsz, "does not match the pattern '%s'",
                 f->pattern_text);
        return SSP_CELL_CONSTRAINT;
    }
    if (f->enums.n) {
        int found = 0;
        for (size_t i = 0; i < f->enums.n && !found; i++)
            found =
                f->enum_num ? f->enum_num[i] == v : !strcmp(f->enums.v[i], s);
        if (!found) {
            char list[200] = "";
            size_t k = 0;
            for (size_t i = 0; i < f->enums.n && k < sizeof list - 1; i++)
                k += (size_t)snprintf(list + k, sizeof list - k, "%s%s",
                                      i ? ", " : "", f->enums.v[i]);
            if (k >= sizeof list - 1)
                strcpy(list + sizeof list - 5, "...");
            snprintf(msg, msgsz, "is not one of the enum values (%s)", list);
            return SSP_CELL_CONSTRAINT;
        }
    }
    return SSP_CELL_OK;
}

/* ---- loading --------------------------------------------------------- */

struct ctx {
    const char *where;
    ssp_error *err;
};

static int refuse(struct ctx *c, const char *fmt, ...) SSP_PRINTF(2, 3);

static int refuse(struct ctx *c, const char *fmt, ...)
{
    char msg[900];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    ssp_error_set(c->err, SSP_EUSAGE, c->where, 0, 0, "%s", msg);
    return -1;
}

static int nomem(struct ctx *c)
{
    ssp_error_nomem(c->err);
    return -1;
}

void ssp_strs_free(ssp_strs *l)
{
    for (size_t i = 0; i < l->n; i++)
        free(l->v[i]);
    free(l->v);
    l->v = NULL;
    l->n = 0;
}

int ssp_strs_add(ssp_strs *l, const char *s)
{
    char **v = realloc(l->v, (l->n + 1) * sizeof *v);
    if (!v)
        return -1;
    l->v = v;
    if (!(v[l->n] = strdup(s)))
        return -1;
    l->n++;
    return 0;
}

#define strs_free ssp_strs_free

static int strs_add(struct ctx *c, ssp_strs *l, const char *s)
{
    return ssp_strs_add(l, s) < 0 ? nomem(c) : 0;
}

/* An array of strings (or a single string, when one is allowed). */
static int strs_from(struct ctx *c, json_t *j, ssp_strs *l, const char *what,
                     int single_ok)
{
    if (single_ok && json_is_string(j))
        return strs_add(c, l, json_string_value(j));
    if (!json_is_array(j))
        return refuse(c, "%s must be an array of strings", what);
    size_t i;
    json_t *x;
    json_array_foreach(j, i, x)
    {
        if (!json_is_string(x))
            return refuse(c, "%s must be an array of strings", what);
        if (strs_add(c, l, json_string_value(x)) < 0)
            return -1;
    }
    return 0;
}

const char *ssp_json_unknown_key(const void *obj, const char *const *ok)
{
    const char *k;
    json_t *v;
    json_object_foreach((json_t *)obj, k, v)
    {
        const char *const *p = ok;
        while (*p && strcmp(*p, k))
            p++;
        if (!*p)
            return k;
    }
    return NULL;
}

/* Refuse any key of object o not in the NULL-terminated list ok. */
static int only_keys(struct ctx *c, json_t *o, const char *const *ok,
                     const char *what)
{
    const char *k = ssp_json_unknown_key(o, ok);
    return k ? refuse(c, "%s: '%s' is not supported by ssp", what, k) : 0;
}

/* A constraint value given in the field's own form: a JSON number for
 * numbers and integers, else a string in the field's format. */
static int bound(struct ctx *c, ssp_sfield *f, json_t *j, const char *name,
                 double *v, char **text)
{
    char buf[64];
    if (json_is_number(j) &&
        (f->type == SSP_T_NUMBER || f->type == SSP_T_INTEGER ||
         f->type == SSP_T_YEAR)) {
        *v = json_number_value(j);
        *text = strdup(ssp_fmt_double(*v, buf));
    } else if (json_is_string(j) && f->type != SSP_T_STRING &&
               f->type != SSP_T_BOOLEAN && f->type != SSP_T_DURATION) {
        const char *s = json_string_value(j);
        if (!parse_value(f, s, strlen(s), v))
            return refuse(c, "field '%s': %s '%s' is not a valid %s", f->name,
                          name, s, type_names[f->type]);
        *text = strdup(s);
    } else {
        return refuse(c,
                      "field '%s': %s is not supported for type %s "
                      "(or has the wrong JSON type)",
                      f->name, name, type_names[f->type]);
    }
    return *text ? 0 : nomem(c);
}

static int load_constraints(struct ctx *c, ssp_sfield *f, json_t *o)
{
    static const char *const ok[] = {"required",
                                     "unique",
                                     "minLength",
                                     "maxLength",
                                     "minimum",
                                     "maximum",
                                     "exclusiveMinimum",
                                     "exclusiveMaximum",
                                     "pattern",
                                     "enum",
                                     NULL};
    char what[300];
    snprintf(what, sizeof what, "field '%s' constraints", f->name);
    if (!json_is_object(o))
        return refuse(c, "%s must be an object", what);
    if (only_keys(c, o, ok, what) < 0)
        return -1;
    json_t *j;
    if ((j = json_object_get(o, "required"))) {
        if (!json_is_boolean(j))
            return refuse(c, "%s: required must be true or false", what);
        f->required = json_is_true(j);
    }
    if ((j = json_object_get(o, "unique"))) {
        if (!json_is_boolean(j))
            return refuse(c, "%s: unique must be true or false", what);
        f->unique = json_is_true(j);
    }
    static const char *const lens[] = {"minLength", "maxLength"};
    for (int i = 0; i < 2; i++) {
        if (!(j = json_object_get(o, lens[i])))
            continue;
        if (!json_is_integer(j) || json_integer_value(j) < 0)
            return refuse(c, "%s: %s must be a whole number", what, lens[i]);
        *(i ? &f->max_len : &f->min_len) = (long)json_integer_value(j);
    }
    static const char *const bounds[] = {"minimum", "exclusiveMinimum",
                                         "maximum", "exclusiveMaximum"};
    for (int i = 0; i < 4; i++) {
        if (!(j = json_object_get(o, bounds[i])))
            continue;
        int lo = i < 2;
        if (lo ? f->has_min : f->has_max)
            return refuse(c, "%s: both %s and %s", what, bounds[i & 2],
                          bounds[(i & 2) + 1]);
        if (bound(c, f, j, bounds[i], lo ? &f->min : &f->max,
                  lo ? &f->min_text : &f->max_text) < 0)
            return -1;
        *(lo ? &f->has_min : &f->has_max) = 1;
        *(lo ? &f->min_excl : &f->max_excl) = i % 2;
    }
    if ((j = json_object_get(o, "pattern"))) {
        if (!json_is_string(j))
            return refuse(c, "%s: pattern must be a string", what);
        int ecode;
        PCRE2_SIZE eoff;
        f->pattern = pcre2_compile((PCRE2_SPTR)json_string_value(j),
                                   PCRE2_ZERO_TERMINATED,
                                   PCRE2_UTF | PCRE2_ANCHORED |
                                       PCRE2_ENDANCHORED | PCRE2_DOLLAR_ENDONLY,
                                   &ecode, &eoff, NULL);
        if (f->pattern) {
            pcre2_jit_compile(f->pattern, PCRE2_JIT_COMPLETE); /* if it can */
            if (!(f->match =
                      pcre2_match_data_create_from_pattern(f->pattern, NULL)))
                return nomem(c);
        } else {
            PCRE2_UCHAR why[200];
            pcre2_get_error_message(ecode, why, sizeof why);
            return refuse(c,
                          "%s: pattern '%s' is not a regular expression: "
                          "%s at offset %zu",
                          what, json_string_value(j), (char *)why,
                          (size_t)eoff);
        }
        if (!(f->pattern_text = strdup(json_string_value(j))))
            return nomem(c);
    }
    if ((j = json_object_get(o, "enum"))) {
        if (!json_is_array(j) || !json_array_size(j))
            return refuse(c, "%s: enum must be a non-empty array", what);
        int numeric = f->type == SSP_T_NUMBER || f->type == SSP_T_INTEGER;
        if (numeric &&
            !(f->enum_num = calloc(json_array_size(j), sizeof *f->enum_num)))
            return nomem(c);
        size_t i;
        json_t *x;
        json_array_foreach(j, i, x)
        {
            char buf[64];
            const char *s;
            if (json_is_string(x))
                s = json_string_value(x);
            else if (json_is_number(x) && numeric)
                s = ssp_fmt_double(json_number_value(x), buf);
            else
                return refuse(c,
                              "%s: enum values must be strings (or "
                              "numbers for a number field)",
                              what);
            if (numeric && !parse_value(f, s, strlen(s), &f->enum_num[i]))
                return refuse(c, "%s: enum value '%s' is not a %s", what, s,
                              type_names[f->type]);
            if (strs_add(c, &f->enums, s) < 0)
                return -1;
        }
    }
    return 0;
}

static int load_field(struct ctx *c, ssp_sfield *f, json_t *o,
                      const ssp_strs *missing)
{
    static const char *const ok[] = {
        "name",    "type",        "format",      "title",       "description",
        "example", "constraints", "trueValues",  "falseValues", "missingValues",
        "rdfType", "bareNumber",  "decimalChar", "groupChar",   NULL};
    f->min_len = f->max_len = -1;
    if (!json_is_object(o))
        return refuse(c, "every field must be an object");
    json_t *j = json_object_get(o, "name");
    if (!json_is_string(j) || !*json_string_value(j))
        return refuse(c, "every field needs a name");
    if (!(f->name = strdup(json_string_value(j))))
        return nomem(c);
    char what[300];
    snprintf(what, sizeof what, "field '%s'", f->name);
    if (only_keys(c, o, ok, what) < 0)
        return -1;
    /* Number options are accepted at their defaults only. */
    if ((j = json_object_get(o, "bareNumber")) && !json_is_true(j))
        return refuse(c,
                      json_is_false(j) ? "%s: bareNumber false is not "
                                         "supported by ssp"
                                       : "%s: bareNumber must be true or "
                                         "false",
                      what);
    static const char *const texts[] = {"title", "description", "rdfType",
                                        NULL};
    for (int i = 0; texts[i]; i++)
        if ((j = json_object_get(o, texts[i])) && !json_is_string(j))
            return refuse(c, "%s: %s must be a string", what, texts[i]);
    if ((j = json_object_get(o, "decimalChar")) &&
        !(json_is_string(j) && !strcmp(json_string_value(j), ".")))
        return refuse(c,
                      "%s: a decimalChar other than '.' is not supported "
                      "by ssp",
                      what);
    if ((j = json_object_get(o, "groupChar")))
        return refuse(c, "%s: groupChar is not supported by ssp", what);
    const char *type = "string";
    if ((j = json_object_get(o, "type"))) {
        if (!json_is_string(j))
            return refuse(c, "%s: type must be a string", what);
        type = json_string_value(j);
    }
    size_t t = 0;
    while (t < sizeof type_names / sizeof type_names[0] &&
           strcmp(type_names[t], type))
        t++;
    if (t == sizeof type_names / sizeof type_names[0])
        return refuse(c, "%s: type '%s' is not supported by ssp", what, type);
    f->type = (ssp_type)t;
    if ((j = json_object_get(o, "format"))) {
        if (!json_is_string(j))
            return refuse(c, "%s: format must be a string", what);
        const char *fmt = json_string_value(j);
        if (!strncmp(fmt, "fmt:", 4))
            fmt += 4; /* Table Schema v1.0's prefix for patterns */
        int timeish = f->type == SSP_T_DATE || f->type == SSP_T_TIME ||
                      f->type == SSP_T_DATETIME;
        if (strcmp(fmt, "default") != 0) {
            if (!timeish && strcmp(fmt, "any") != 0)
                return refuse(c,
                              "%s: format '%s' is not supported by ssp for "
                              "type %s",
                              what, fmt, type);
            if (timeish && strcmp(fmt, "any") && !strchr(fmt, '%'))
                return refuse(c,
                              "%s: format '%s' is not a strptime pattern "
                              "(like %%d/%%m/%%Y)",
                              what, fmt);
            if (timeish && !(f->format = strdup(fmt)))
                return nomem(c);
        }
    }
    if ((j = json_object_get(o, "missingValues"))) {
        if (strs_from(c, j, &f->missing, "missingValues", 0) < 0)
            return -1;
    } else {
        for (size_t i = 0; i < missing->n; i++)
            if (strs_add(c, &f->missing, missing->v[i]) < 0)
                return -1;
    }
    static const char *const tv[] = {"true", "True", "TRUE", "1"};
    static const char *const fv[] = {"false", "False", "FALSE", "0"};
    if ((j = json_object_get(o, "trueValues"))) {
        if (strs_from(c, j, &f->true_vals, "trueValues", 0) < 0)
            return -1;
    } else {
        for (int i = 0; i < 4; i++)
            if (strs_add(c, &f->true_vals, tv[i]) < 0)
                return -1;
    }
    if ((j = json_object_get(o, "falseValues"))) {
        if (strs_from(c, j, &f->false_vals, "falseValues", 0) < 0)
            return -1;
    } else {
        for (int i = 0; i < 4; i++)
            if (strs_add(c, &f->false_vals, fv[i]) < 0)
                return -1;
    }
    if ((j = json_object_get(o, "constraints")) &&
        load_constraints(c, f, j) < 0)
        return -1;
    return 0;
}

size_t ssp_schema_field(const ssp_schema *s, const char *name)
{
    size_t i;
    return ssp_strmap_get(&s->names, name, strlen(name), &i) ? i : (size_t)-1;
}

/* A key given as a field name or an array of names. */
static int load_key(struct ctx *c, ssp_schema *s, json_t *j, ssp_keydef *k,
                    const char *what)
{
    ssp_strs names = {0};
    int r = strs_from(c, j, &names, what, 1);
    if (r < 0 || !names.n) {
        strs_free(&names);
        return r < 0 ? -1 : refuse(c, "%s must name at least one field", what);
    }
    if (!(k->f = calloc(names.n, sizeof *k->f))) {
        strs_free(&names);
        return nomem(c);
    }
    k->n = names.n;
    for (size_t i = 0; i < names.n; i++) {
        k->f[i] = ssp_schema_field(s, names.v[i]);
        if (k->f[i] == (size_t)-1) {
            refuse(c, "%s: no field named '%s'", what, names.v[i]);
            strs_free(&names);
            return -1;
        }
    }
    strs_free(&names);
    return 0;
}

/* "ssp:instrumentRanges": {"instrument": F, "score": G, "catalogue": FILE} */
static int load_ranges(struct ctx *c, ssp_schema *s, json_t *o)
{
    static const char *const ok[] = {"instrument", "score", "catalogue", NULL};
    if (!json_is_object(o) || only_keys(c, o, ok, "ssp:instrumentRanges") < 0)
        return json_is_object(o) ? -1
                                 : refuse(c, "ssp:instrumentRanges must be an "
                                             "object");
    const char *kf = json_string_value(json_object_get(o, "instrument"));
    const char *vf = json_string_value(json_object_get(o, "score"));
    const char *cat = json_string_value(json_object_get(o, "catalogue"));
    if (!kf || !vf || !cat)
        return refuse(c, "ssp:instrumentRanges needs instrument, score and "
                         "catalogue");
    if (!(s->ranges = calloc(1, sizeof *s->ranges)))
        return nomem(c);
    s->ranges->key = ssp_schema_field(s, kf);
    s->ranges->value = ssp_schema_field(s, vf);
    if (s->ranges->key == (size_t)-1 || s->ranges->value == (size_t)-1)
        return refuse(c, "ssp:instrumentRanges: no field '%s' or '%s'", kf, vf);
    s->ranges->catalogue = strdup(cat);
    return ssp_catalogue_load(cat, &s->ranges->r, &s->ranges->n, c->err) ==
                   SSP_OK
               ? 0
               : -1;
}

ssp_status ssp_catalogue_load(const char *name, ssp_range **out, size_t *n,
                              ssp_error *err)
{
    char *path = ssp_schema_find(name, err);
    if (!path)
        return err->status;
    json_error_t je;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    free(path);
    if (!root && ssp_json_nomem(&je))
        return ssp_error_nomem(err);
    if (!root)
        return ssp_error_set(err, je.line > 0 ? SSP_EUSAGE : SSP_EIO, name,
                             je.line > 0 ? je.line : 0,
                             je.column > 0 ? je.column : 0, "%s%s",
                             je.line > 0 ? "invalid JSON: " : "", je.text);
    json_t *list = json_object_get(root, "instruments");
    if (!json_is_array(list)) {
        json_decref(root);
        return ssp_error_set(err, SSP_EUSAGE, name, 0, 0,
                             "no 'instruments' array");
    }
    ssp_range *r = calloc(json_array_size(list) + 1, sizeof *r);
    if (!r) {
        json_decref(root);
        return ssp_error_nomem(err);
    }
    size_t i;
    json_t *x;
    const char *why = NULL;
    json_array_foreach(list, i, x)
    {
        /* Every value of the type the entry needs: a wrong type is the
         * catalogue's error, not a default. */
        json_t *code = json_object_get(x, "code");
        json_t *mn = json_object_get(x, "min"), *mx = json_object_get(x, "max");
        json_t *ex = json_object_get(x, "min_exclusive");
        json_t *in = json_object_get(x, "integer");
        json_t *b = json_object_get(x, "better");
        if (!json_is_object(x))
            why = "is not an object";
        else if (!json_is_string(code) || !json_string_length(code) ||
                 json_string_length(code) >= sizeof r[i].code)
            why = "needs a 'code', a string of 1 to 23 bytes";
        else if ((mn && !json_is_number(mn) && !json_is_null(mn)) ||
                 (mx && !json_is_number(mx) && !json_is_null(mx)))
            why = "'min' and 'max' must be numbers (or null)";
        else if ((ex && !json_is_boolean(ex)) || (in && !json_is_boolean(in)))
            why = "'min_exclusive' and 'integer' must be true or false";
        else if (b && !(json_is_string(b) &&
                        (!strcmp(json_string_value(b), "higher") ||
                         !strcmp(json_string_value(b), "lower"))))
            why = "'better' must be \"higher\" or \"lower\"";
        if (why)
            break;
        snprintf(r[i].code, sizeof r[i].code, "%s", json_string_value(code));
        r[i].min = json_is_number(mn) ? json_number_value(mn) : NAN;
        r[i].max = json_is_number(mx) ? json_number_value(mx) : NAN;
        r[i].min_excl = json_is_true(ex);
        r[i].integer = json_is_true(in);
        r[i].higher_better = b && !strcmp(json_string_value(b), "higher");
    }
    if (why) {
        free(r);
        json_decref(root);
        return ssp_error_set(err, SSP_EUSAGE, name, 0, 0, "instruments[%zu] %s",
                             i, why);
    }
    *out = r;
    *n = json_array_size(list);
    json_decref(root);
    return SSP_OK;
}

static int load_schema(struct ctx *c, ssp_schema *s, json_t *o)
{
    static const char *const ok[] = {
        "fields",        "primaryKey",           "uniqueKeys", "foreignKeys",
        "missingValues", "fieldsMatch",          "title",      "description",
        "name",          "ssp:instrumentRanges", NULL};
    if (!json_is_object(o))
        return refuse(c, "a Table Schema must be a JSON object");
    if (only_keys(c, o, ok, "schema") < 0)
        return -1;
    static const char *const texts[] = {"title", "description", "name", NULL};
    for (int i = 0; texts[i]; i++) {
        json_t *t = json_object_get(o, texts[i]);
        if (t && !json_is_string(t))
            return refuse(c, "schema: %s must be a string", texts[i]);
    }
    json_t *fields = json_object_get(o, "fields"), *j;
    if (!json_is_array(fields) || !json_array_size(fields))
        return refuse(c, "a schema needs a non-empty 'fields' array");
    ssp_strs missing = {0};
    int rc = 0;
    if ((j = json_object_get(o, "missingValues")))
        rc = strs_from(c, j, &missing, "missingValues", 0);
    else
        rc = strs_add(c, &missing, "");
    if (rc == 0 &&
        !(s->fields = calloc(json_array_size(fields), sizeof *s->fields)))
        rc = nomem(c);
    for (size_t i = 0; rc == 0 && i < json_array_size(fields); i++) {
        s->nfields = i + 1;
        rc = load_field(c, &s->fields[i], json_array_get(fields, i), &missing);
        /* Names in a hash set: a schema of n fields is checked in O(n). */
        size_t idx;
        int added;
        if (rc == 0 &&
            ssp_strmap_put(&s->names, s->fields[i].name,
                           strlen(s->fields[i].name), &idx, &added) != SSP_OK)
            rc = nomem(c);
        else if (rc == 0 && !added)
            rc = refuse(c, "two fields named '%s'", s->fields[i].name);
    }
    strs_free(&missing);
    if (rc < 0)
        return -1;
    if ((j = json_object_get(o, "ssp:instrumentRanges")) &&
        load_ranges(c, s, j) < 0)
        return -1;
    if ((j = json_object_get(o, "fieldsMatch"))) {
        static const char *const m[] = {"exact", "equal", "subset", "superset",
                                        "partial"};
        size_t i = 0;
        while (i < 5 &&
               !(json_is_string(j) && !strcmp(json_string_value(j), m[i])))
            i++;
        if (i == 5)
            return refuse(c, "fieldsMatch must be one of exact, equal, subset, "
                             "superset, partial");
        s->match = (ssp_fields_match)i;
    }
    if ((j = json_object_get(o, "primaryKey"))) {
        if (load_key(c, s, j, &s->pk, "primaryKey") < 0)
            return -1;
        for (size_t i = 0; i < s->pk.n; i++)
            s->fields[s->pk.f[i]].required = 1; /* implied by the spec */
    }
    if ((j = json_object_get(o, "uniqueKeys"))) {
        if (!json_is_array(j))
            return refuse(c, "uniqueKeys must be an array of field lists");
        if (!(s->uniq = calloc(json_array_size(j) + 1, sizeof *s->uniq)))
            return nomem(c);
        for (size_t i = 0; i < json_array_size(j); i++) {
            s->nuniq = i + 1; /* freed with the schema, even when half read */
            if (load_key(c, s, json_array_get(j, i), &s->uniq[i],
                         "uniqueKeys") < 0)
                return -1;
        }
    }
    if ((j = json_object_get(o, "foreignKeys"))) {
        if (!json_is_array(j))
            return refuse(c, "foreignKeys must be an array");
        if (!(s->fks = calloc(json_array_size(j) + 1, sizeof *s->fks)))
            return nomem(c);
        static const char *const fok[] = {"fields", "reference", NULL};
        static const char *const rok[] = {"resource", "fields", NULL};
        for (size_t i = 0; i < json_array_size(j); i++) {
            s->nfks = i + 1; /* freed with the schema, even when half read */
            json_t *fk = json_array_get(j, i);
            ssp_fkey *k = &s->fks[i];
            if (!json_is_object(fk) || only_keys(c, fk, fok, "foreignKeys") < 0)
                return json_is_object(fk) ? -1
                                          : refuse(c, "a foreign key must be "
                                                      "an object");
            if (load_key(c, s, json_object_get(fk, "fields"), &k->fields,
                         "foreignKeys fields") < 0)
                return -1;
            json_t *ref = json_object_get(fk, "reference");
            if (!json_is_object(ref) ||
                only_keys(c, ref, rok, "foreignKeys reference") < 0)
                return json_is_object(ref) ? -1
                                           : refuse(c, "a foreign key needs a "
                                                       "reference object");
            json_t *res = json_object_get(ref, "resource");
            if (res && !json_is_string(res))
                return refuse(c, "a foreign key's reference resource must be "
                                 "a string (\"\" for this table)");
            if (!(k->resource = strdup(
                      json_is_string(res) ? json_string_value(res) : "")))
                return nomem(c);
            if (strs_from(c, json_object_get(ref, "fields"), &k->ref_fields,
                          "foreignKeys reference fields", 1) < 0)
                return -1;
            if (k->ref_fields.n != k->fields.n)
                return refuse(c, "a foreign key's fields and reference fields "
                                 "differ in number");
        }
    }
    return 0;
}

ssp_schema *ssp_schema_from_json(const void *json, const char *where,
                                 ssp_error *err)
{
    struct ctx c = {where, err};
    ssp_schema *s = calloc(1, sizeof *s);
    if (s)
        ssp_strmap_init(&s->names);
    if (!s || !(s->source = strdup(where))) {
        free(s);
        ssp_error_nomem(err);
        return NULL;
    }
    if (load_schema(&c, s, (json_t *)json) < 0) {
        ssp_schema_free(s);
        return NULL;
    }
    return s;
}

ssp_schema *ssp_schema_load(const char *path, ssp_error *err)
{
    json_error_t je;
    json_t *j = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!j && ssp_json_nomem(&je)) {
        ssp_error_nomem(err);
        return NULL;
    }
    if (!j) {
        if (je.line < 1)
            ssp_error_set(err, access(path, R_OK) ? SSP_EIO : SSP_EUSAGE, path,
                          0, 0, "%s", je.text);
        else
            ssp_error_set(err, SSP_EUSAGE, path, je.line,
                          je.column > 0 ? je.column : 1, "invalid JSON: %s",
                          je.text);
        return NULL;
    }
    ssp_schema *s = ssp_schema_from_json(j, path, err);
    json_decref(j);
    return s;
}

static void field_free(ssp_sfield *f)
{
    free(f->name);
    free(f->format);
    strs_free(&f->missing);
    free(f->min_text);
    free(f->max_text);
    pcre2_match_data_free((pcre2_match_data *)f->match);
    pcre2_code_free((pcre2_code *)f->pattern);
    free(f->pattern_text);
    strs_free(&f->enums);
    free(f->enum_num);
    strs_free(&f->true_vals);
    strs_free(&f->false_vals);
}

void ssp_schema_free(ssp_schema *s)
{
    if (!s)
        return;
    for (size_t i = 0; i < s->nfields; i++)
        field_free(&s->fields[i]);
    free(s->fields);
    free(s->pk.f);
    for (size_t i = 0; i < s->nuniq; i++)
        free(s->uniq[i].f);
    free(s->uniq);
    for (size_t i = 0; i < s->nfks; i++) {
        free(s->fks[i].fields.f);
        free(s->fks[i].resource);
        strs_free(&s->fks[i].ref_fields);
    }
    free(s->fks);
    ssp_strmap_destroy(&s->names);
    if (s->ranges) {
        free(s->ranges->r);
        free(s->ranges->catalogue);
        free(s->ranges);
    }
    free(s->source);
    free(s);
}

/* ---- finding shipped files ------------------------------------------- */

static char *join(const char *dir, const char *name)
{
    size_t n = strlen(dir) + strlen(name) + 2;
    char *p = malloc(n);
    if (p)
        snprintf(p, n, "%s/%s", dir, name);
    return p;
}

char *ssp_schema_find(const char *name, ssp_error *err)
{
    char exe[2048];
    ssize_t n = readlink("/proc/self/exe", exe, sizeof exe - 1);
    const char *env = getenv("SSP_SCHEMA_DIR");
    char src[4096] = "";
    /* Where the program lives decides. Installed as PREFIX/bin/ssp, the
     * schemas are PREFIX/share/ssp/data-schema, whatever PREFIX the build
     * was configured with (a default build installed with PREFIX=/usr, or
     * under DESTDIR, still finds its own). In the source tree the program
     * is bin/ssp (or build/asan/bin/ssp): the nearest folder above it that
     * holds data-schema/. The compiled-in SSP_DATADIR comes last. */
    for (int up = 0; n > 0 && up < 4 && !src[0]; up++) {
        exe[n] = '\0';
        char *slash = strrchr(exe, '/');
        if (!slash)
            break;
        *slash = '\0';
        n = slash - exe;
        const char *forms[] = {"/share/ssp/data-schema", "/data-schema"};
        for (size_t f = 0; f < 2 && !src[0]; f++) {
            char probe[4200];
            snprintf(src, sizeof src, "%s%s", exe, forms[f]);
            snprintf(probe, sizeof probe, "%s/subjects.schema.json", src);
            if (access(probe, R_OK) != 0)
                src[0] = '\0';
        }
    }
    const char *dirs[] = {env, src, SSP_DATADIR "/data-schema"};
    /* A shipped file is a bare name: none with a '/' leads out of them. */
    for (size_t i = 0; i < 3 && !strchr(name, '/'); i++) {
        if (!dirs[i] || !*dirs[i])
            continue;
        char *p = join(dirs[i], name);
        if (!p) {
            ssp_error_nomem(err);
            return NULL;
        }
        if (access(p, R_OK) == 0)
            return p;
        free(p);
        if (i == 0)
            break; /* $SSP_SCHEMA_DIR, when set, is the only place */
    }
    ssp_error_set(err, SSP_EUSAGE, NULL, 0, 0,
                  "no shipped schema file '%s' (looked in %s)", name,
                  env && *env ? "$SSP_SCHEMA_DIR"
                              : "the program's own share/ssp, the source tree "
                                "and " SSP_DATADIR "/data-schema");
    return NULL;
}
