/* indicators.c: the indicator engine. The catalogue (ssp-indicators(7))
 * says, for each indicator, which subjects, what value of each, and how
 * the values aggregate; this file reads the catalogue and the canonical
 * datasets and computes one row per indicator and group. */
#include <float.h>
#include <stdarg.h>
#include <stdint.h>
#include <gsl/gsl_cdf.h>
#include <gsl/gsl_randist.h>
#include <jansson.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "ssp/adjust.h"
#include "ssp/csv.h"
#include "ssp/dtable.h"
#include "ssp/indicators.h"
#include "ssp/io.h"
#include "ssp/num.h"
#include "ssp/stats.h"
#include "ssp/strmap.h"

/* ---- the catalogue ------------------------------------------------------ */

enum src {
    Q_NONE,
    Q_COUNT,
    Q_EXPOSURE,
    Q_USAGE,
    Q_EVENTS,
    Q_MEASURE,
    Q_CHANGE,
    Q_MANIFEST
};
enum stat {
    S_NONE,
    S_SUM,
    S_DAYS,
    S_MEAN_PER_DAY,
    S_DAYS_WITHOUT,
    S_COUNT,
    S_STAFF,
    S_RESOLVED,
    S_ACK_WITHIN,
    S_ACK_MINUTES,
    S_PRESENT
};
enum op { OP_NONE, OP_GE, OP_GT, OP_LE, OP_LT, OP_EQ };
enum type {
    T_RATIO,
    T_MEAN,
    T_QUANTILE,
    T_PAIRED,
    T_ARMDIFF,
    T_RETENTION,
    T_ANCOVA,
    T_MMRM
};

/* A comparison of the two arms (a row per region, arm "difference"). */
static int between_arms(int type)
{
    return type == T_ARMDIFF || type == T_ANCOVA || type == T_MMRM;
}
enum ci { CI_NONE, CI_WILSON, CI_POISSON, CI_DELTA, CI_LOGIT };

/* A value per subject (or, for minutes to acknowledge, per event). */
struct quantity {
    int src, stat, any, op, improved;
    size_t *names, nnames;       /* metrics, kinds or the instrument */
    size_t *outcomes, noutcomes; /* events: only these outcomes */
    size_t phase, phase2;        /* measure: phase; change: from, to */
    double at_least, within, div, value, improved_by, better;
    int has_at_least;
    int mfield; /* manifest: index into mfields */
};

static const char *const mfields[] = {"rows_read",  "accepted", "rejected",
                                      "duplicates", "filtered", NULL};
#define NMFIELDS 5

struct indicator {
    ssp_ind_def def;
    size_t *techs, ntechs;
    int arms; /* 1 intervention, 2 comparison */
    int type, ci, dir;
    double factor, prob, day, mcid;
    struct quantity num, den, val;
    size_t instrument, from, to;
    size_t visits[SSP_MMRM_MAX_VISITS], nvisits; /* mmrm: after from */
};

/* ---- the data ---------------------------------------------------------- */

struct subj {
    size_t tech, region, arm, site, *by;
    double enrolled, exited; /* days; exited NaN while enrolled */
    int completed;
    size_t reason;                 /* exit_reason (v_empty when none) */
    size_t u0, u1, e0, e1, m0, m1; /* rows of usage, events, measures */
    double from, to, end;          /* observation period, data end */
};

struct urow {
    size_t subj, metric;
    double day, value;
};
struct erow {
    size_t subj, kind, outcome;
    double day, raised, ack, resolved, staff;
};
struct mrow {
    size_t subj, instr, phase;
    double score, day;
};
struct mrec {
    size_t table;
    double f[NMFIELDS];
};
struct srow {
    size_t tech, region, outcome;
}; /* screening */

struct ssp_ind {
    ssp_ind_options o;
    char *catpath, *catversion;
    struct indicator *ind;
    size_t nind;
    json_t *cat;     /* the catalogue (its texts are used as they are) */
    json_t *devlogs; /* technology -> [table], in cat */
    ssp_strmap vals, ids;
    size_t v_empty, v_unknown, v_int, v_cmp, v_diff, v_any, v_completed;
    size_t v_baseline, v_endline;
    struct subj *s;
    size_t ns, scap;
    struct urow *u;
    size_t nu, ucap;
    struct erow *e;
    size_t ne, ecap;
    struct mrow *m;
    size_t nm, mcap;
    struct mrec *man;
    size_t nman, mancap;
    struct srow *scr;
    size_t nscr, scrcap;
    ssp_strs inputs;
    ssp_ind_row *rows;
    size_t nrows, rowcap;
    double start, end; /* options as days, NaN unset */
};

/* Interned text: an index into x->vals whose key ends in its NUL, so
 * str() is a C string (valid once nothing more is added). */
static ssp_status intern(ssp_ind *x, const char *s, size_t len, size_t *idx,
                         ssp_error *err)
{
    return ssp_intern(&x->vals, s, len, idx, err);
}

static const char *str(const ssp_ind *x, size_t i)
{
    size_t len;
    return ssp_strmap_key(&x->vals, i, &len);
}

static void *grow(void *p, size_t *cap, size_t n, size_t elem)
{
    return n < *cap ? p : ssp_grow(p, cap, n + 1, elem);
}

/* ---- reading the catalogue -------------------------------------------- */

struct cat {
    ssp_ind *x;
    const char *code;
    ssp_error *err;
};

static ssp_status bad(struct cat *c, const char *fmt, ...) SSP_PRINTF(2, 3);

static ssp_status bad(struct cat *c, const char *fmt, ...)
{
    char msg[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(msg, sizeof msg, fmt, ap);
    va_end(ap);
    return ssp_error_set(c->err, SSP_EUSAGE, c->x->catpath, 0, 0,
                         "indicator %s: %s", c->code ? c->code : "?", msg);
}

/* A string, or an array of strings, interned; "*" is any. */
static ssp_status names(struct cat *c, json_t *v, const char *what,
                        size_t **out, size_t *n, int *any)
{
    size_t i;
    json_t *e;
    if (json_is_string(v) && any && !strcmp(json_string_value(v), "*")) {
        *any = 1;
        return SSP_OK;
    }
    size_t cnt = json_is_array(v) ? json_array_size(v) : 1;
    if ((!json_is_string(v) && !json_is_array(v)) || cnt == 0)
        return bad(c, "'%s' must be a name or an array of names", what);
    *out = calloc(cnt, sizeof **out);
    if (!*out)
        return ssp_error_nomem(c->err);
    *n = cnt;
    for (i = 0; i < cnt; i++) {
        e = json_is_array(v) ? json_array_get(v, i) : v;
        if (!json_is_string(e))
            return bad(c, "'%s' must be a name or an array of names", what);
        if (intern(c->x, json_string_value(e), json_string_length(e),
                   &(*out)[i], c->err))
            return c->err->status;
    }
    return SSP_OK;
}

static int pick(const char *s, const char *const *list)
{
    for (int i = 0; list[i]; i++)
        if (!strcmp(s, list[i]))
            return i;
    return -1;
}

/* A member that must be a string from list: its index, or -1 (error set). */
static int enum_member(struct cat *c, json_t *o, const char *key,
                       const char *const *list, int required)
{
    json_t *v = json_object_get(o, key);
    if (!v && !required)
        return -2;
    int i = json_is_string(v) ? pick(json_string_value(v), list) : -1;
    if (i < 0) {
        char all[256] = "";
        for (int j = 0; list[j]; j++)
            if (*list[j])
                snprintf(all + strlen(all), sizeof all - strlen(all), "%s%s",
                         *all ? ", " : "", list[j]);
        bad(c, "'%s' must be one of %s", key, all);
    }
    return i;
}

static int number(struct cat *c, json_t *o, const char *key, double *v,
                  int required)
{
    json_t *j = json_object_get(o, key);
    if (!j && !required)
        return 0;
    if (!json_is_number(j)) {
        bad(c, "'%s' must be a number", key);
        return -1;
    }
    *v = json_number_value(j);
    return 0;
}

static ssp_status phase(struct cat *c, json_t *o, const char *key, size_t *idx)
{
    json_t *v = json_object_get(o, key);
    if (!json_is_string(v))
        return bad(c, "'%s' must name a phase", key);
    return intern(c->x, json_string_value(v), json_string_length(v), idx,
                  c->err);
}

static ssp_status quantity(struct cat *c, json_t *o, const char *what,
                           struct quantity *q)
{
    static const char *const ok[] = {
        "count",       "exposure", "usage",    "stat",    "at_least",
        "events",      "outcome",  "within",   "measure", "phase",
        "change",      "from",     "to",       "op",      "value",
        "improved_by", "better",   "manifest", NULL};
    static const char *const ops[] = {"", ">=", ">", "<=", "<", "==", NULL};
    static const char *const ustats[] = {"sum", "days", "mean_per_day",
                                         "days_without", NULL};
    static const char *const estats[] = {"count",
                                         "staff_minutes",
                                         "resolved",
                                         "acknowledged_within",
                                         "minutes_to_acknowledge",
                                         NULL};
    static const char *const units[] = {"days", "weeks", "months", NULL};
    static const double divs[] = {1, 7, 30.4375};
    ssp_status st = SSP_OK;
    const char *k;
    if (!json_is_object(o))
        return bad(c, "'%s' must be an object", what);
    if ((k = ssp_json_unknown_key(o, ok)))
        return bad(c, "'%s' is not a member a value takes", k);
    memset(q, 0, sizeof *q);
    json_t *v;
    int i;
    if ((v = json_object_get(o, "count"))) {
        if (!json_is_string(v) || strcmp(json_string_value(v), "subjects"))
            return bad(c, "%s: count takes \"subjects\"", what);
        q->src = Q_COUNT;
    } else if (json_object_get(o, "exposure")) {
        if ((i = enum_member(c, o, "exposure", units, 1)) < 0)
            return SSP_EUSAGE;
        q->src = Q_EXPOSURE;
        q->div = divs[i];
    } else if ((v = json_object_get(o, "usage"))) {
        q->src = Q_USAGE;
        if ((st = names(c, v, "usage", &q->names, &q->nnames, &q->any)))
            return st;
        if ((i = enum_member(c, o, "stat", ustats, 1)) < 0)
            return SSP_EUSAGE;
        q->stat = (int[]){S_SUM, S_DAYS, S_MEAN_PER_DAY, S_DAYS_WITHOUT}[i];
        q->has_at_least = json_object_get(o, "at_least") != NULL;
        if (number(c, o, "at_least", &q->at_least, 0))
            return SSP_EUSAGE;
    } else if ((v = json_object_get(o, "events"))) {
        q->src = Q_EVENTS;
        if ((st = names(c, v, "events", &q->names, &q->nnames, NULL)))
            return st;
        if ((i = enum_member(c, o, "stat", estats, 1)) < 0)
            return SSP_EUSAGE;
        q->stat = (int[]){S_COUNT, S_STAFF, S_RESOLVED, S_ACK_WITHIN,
                          S_ACK_MINUTES}[i];
        if ((v = json_object_get(o, "outcome")) &&
            (st = names(c, v, "outcome", &q->outcomes, &q->noutcomes, NULL)))
            return st;
        if (number(c, o, "within", &q->within, q->stat == S_ACK_WITHIN))
            return SSP_EUSAGE;
    } else if ((v = json_object_get(o, "measure"))) {
        q->src = Q_MEASURE;
        if ((st = names(c, v, "measure", &q->names, &q->nnames, &q->any)) ||
            (st = phase(c, o, "phase", &q->phase)))
            return st;
        q->stat = S_NONE;
        if ((v = json_object_get(o, "stat"))) {
            if (!json_is_string(v) || strcmp(json_string_value(v), "present"))
                return bad(c, "%s: a measure's stat is \"present\"", what);
            q->stat = S_PRESENT;
        }
        if (q->any && q->stat != S_PRESENT)
            return bad(c, "%s: \"*\" needs stat \"present\"", what);
    } else if ((v = json_object_get(o, "change"))) {
        q->src = Q_CHANGE;
        if ((st = names(c, v, "change", &q->names, &q->nnames, NULL)) ||
            (st = phase(c, o, "from", &q->phase)) ||
            (st = phase(c, o, "to", &q->phase2)))
            return st;
    } else if (json_object_get(o, "manifest")) {
        if ((i = enum_member(c, o, "manifest", mfields, 1)) < 0)
            return SSP_EUSAGE;
        q->src = Q_MANIFEST;
        q->mfield = i;
    } else {
        return bad(c,
                   "'%s' names no count, exposure, usage, events, "
                   "measure, change or manifest",
                   what);
    }
    if ((q->src == Q_MEASURE || q->src == Q_CHANGE) && q->nnames > 1)
        return bad(c, "%s: one instrument", what);
    if ((i = enum_member(c, o, "op", ops, 0)) == -1)
        return SSP_EUSAGE;
    q->op = i < 0 ? OP_NONE : i;
    if (q->op && number(c, o, "value", &q->value, 1))
        return SSP_EUSAGE;
    if (json_object_get(o, "improved_by")) {
        static const char *const dirs[] = {"lower", "higher", NULL};
        if (q->src != Q_CHANGE)
            return bad(c, "%s: improved_by applies to a change", what);
        if (number(c, o, "improved_by", &q->improved_by, 1) ||
            (i = enum_member(c, o, "better", dirs, 1)) < 0)
            return SSP_EUSAGE;
        q->improved = 1;
        q->better = i ? 1 : -1;
    }
    return SSP_OK;
}

/* 1 if q's values are 0 or 1 (a share of subjects can be counted). */
static int binary(const struct quantity *q)
{
    return q->op || q->improved || q->src == Q_COUNT || q->stat == S_PRESENT;
}

/* 1 if q's values count things (subjects, events, days, rows): its sums
 * are counts, which disclosure control covers and a share is made of. */
static int counted(const struct quantity *q)
{
    if (binary(q) || q->src == Q_COUNT || q->src == Q_MANIFEST)
        return 1;
    switch (q->src) {
    case Q_EVENTS:
        return q->stat == S_COUNT || q->stat == S_RESOLVED ||
               q->stat == S_ACK_WITHIN;
    case Q_USAGE: return q->stat == S_DAYS || q->stat == S_DAYS_WITHOUT;
    case Q_EXPOSURE: return q->div == 1;
    }
    return 0;
}

static ssp_status indicator(struct cat *c, json_t *o, struct indicator *d)
{
    static const char *const ok[] = {
        "code",       "label_ko",   "label_en",    "domain", "technologies",
        "arms",       "unit",       "direction",   "type",   "factor",
        "definition", "numerator",  "denominator", "ci",     "value",
        "prob",       "instrument", "from",        "to",     "mcid",
        "day",        "visits",     NULL};
    static const char *const domains[] = {
        "utilization",   "retention",  "satisfaction",
        "effectiveness", "efficiency", "safety",
        "data_quality",  "technology", NULL};
    static const char *const types[] = {
        "ratio",         "mean",           "quantile",
        "paired_change", "arm_difference", "retention",
        "ancova",        "mmrm",           NULL};
    static const char *const dirs[] = {"lower", "none", "higher", NULL};
    static const char *const cis[] = {"none",  "wilson",      "poisson",
                                      "delta", "delta_logit", NULL};
    json_t *v = json_object_get(o, "code");
    c->code = json_is_string(v) ? json_string_value(v) : NULL;
    if (!c->code || !*c->code)
        return bad(c, "an entry has no code%s", "");
    const char *k = ssp_json_unknown_key(o, ok);
    if (k)
        return bad(c, "'%s' is not a member an indicator takes", k);
    const char **text[] = {&d->def.code, &d->def.label_ko, &d->def.label_en,
                           &d->def.unit};
    const char *tk[] = {"code", "label_ko", "label_en", "unit"};
    for (int i = 0; i < 4; i++) {
        v = json_object_get(o, tk[i]);
        if (!json_is_string(v))
            return bad(c, "'%s' must be a string", tk[i]);
        *text[i] = json_string_value(v);
    }
    int i;
    if ((i = enum_member(c, o, "domain", domains, 1)) < 0)
        return SSP_EUSAGE;
    d->def.domain = domains[i];
    if ((i = enum_member(c, o, "direction", dirs, 1)) < 0)
        return SSP_EUSAGE;
    d->def.direction = dirs[i];
    d->dir = i - 1;
    if ((i = enum_member(c, o, "type", types, 1)) < 0)
        return SSP_EUSAGE;
    d->def.type = types[i];
    d->type = i;
    v = json_object_get(o, "instrument");
    d->def.instrument = json_is_string(v) ? json_string_value(v) : "";
    d->def.estimand = i == T_MMRM                        ? "itt"
                      : i == T_PAIRED || between_arms(i) ? "completers"
                                                         : "";
    ssp_status st;
    if ((st = names(c, json_object_get(o, "technologies"), "technologies",
                    &d->techs, &d->ntechs, NULL)))
        return st;
    d->arms = 3;
    if ((v = json_object_get(o, "arms"))) {
        size_t *a = NULL, na = 0;
        st = names(c, v, "arms", &a, &na, NULL);
        d->arms = 0;
        for (size_t j = 0; !st && j < na; j++) {
            if (a[j] == c->x->v_int)
                d->arms |= 1;
            else if (a[j] == c->x->v_cmp)
                d->arms |= 2;
            else
                st = bad(c, "'arms' takes intervention and comparison%s", "");
        }
        free(a);
        if (st)
            return st;
    }
    d->factor = 1;
    if (number(c, o, "factor", &d->factor, 0))
        return SSP_EUSAGE;
    switch (d->type) {
    case T_RATIO:
        if ((st = quantity(c, json_object_get(o, "numerator"), "numerator",
                           &d->num)) ||
            (st = quantity(c, json_object_get(o, "denominator"), "denominator",
                           &d->den)))
            return st;
        if ((i = enum_member(c, o, "ci", cis, 1)) < 0)
            return SSP_EUSAGE;
        d->ci = i;
        if ((d->num.src == Q_MANIFEST) != (d->den.src == Q_MANIFEST))
            return bad(c, "a manifest ratio takes both from the manifest%s",
                       "");
        if (d->ci == CI_WILSON && (!counted(&d->num) || !counted(&d->den)))
            return bad(c,
                       "ci wilson needs a share: a count (of subjects, "
                       "events, days or rows) over a count%s",
                       "");
        if (d->ci == CI_POISSON &&
            (d->den.src != Q_EXPOSURE || d->num.src != Q_EVENTS ||
             d->num.stat != S_COUNT || d->num.op))
            return bad(c,
                       "ci poisson needs a count of events over "
                       "exposure%s",
                       "");
        if (d->num.stat == S_ACK_MINUTES || d->den.stat == S_ACK_MINUTES)
            return bad(c, "minutes_to_acknowledge is for a quantile%s", "");
        break;
    case T_MEAN:
    case T_QUANTILE:
        if ((st = quantity(c, json_object_get(o, "value"), "value", &d->val)))
            return st;
        if (d->val.src == Q_MANIFEST)
            return bad(c, "a manifest value is for a ratio%s", "");
        if (d->type == T_MEAN && d->val.stat == S_ACK_MINUTES)
            return bad(c, "minutes_to_acknowledge is for a quantile%s", "");
        if (d->type == T_QUANTILE && (number(c, o, "prob", &d->prob, 1) ||
                                      !(d->prob > 0) || !(d->prob < 1)))
            return bad(c, "'prob' must be a number between 0 and 1%s", "");
        break;
    case T_PAIRED:
    case T_ARMDIFF:
    case T_ANCOVA:
    case T_MMRM:
        v = json_object_get(o, "instrument");
        if (!json_is_string(v))
            return bad(c, "'instrument' must name an instrument%s", "");
        if ((st = intern(c->x, json_string_value(v), json_string_length(v),
                         &d->instrument, c->err)) ||
            (st = phase(c, o, "from", &d->from)) ||
            (st = phase(c, o, "to", &d->to)))
            return st;
        if (number(c, o, "mcid", &d->mcid, 0) || d->mcid < 0)
            return bad(c, "'mcid' must be a number, 0 or more%s", "");
        if (d->type == T_PAIRED && d->dir == 0)
            return bad(c,
                       "a paired change needs direction higher or "
                       "lower%s",
                       "");
        if (d->type == T_MMRM) { /* the visits after from, to among them */
            json_t *vs = json_object_get(o, "visits"), *e;
            size_t j;
            int has_to = 0;
            if (!json_is_array(vs) || !json_array_size(vs) ||
                json_array_size(vs) > SSP_MMRM_MAX_VISITS)
                return bad(c,
                           "'visits' must list 1 to 12 phases after "
                           "'from'%s",
                           "");
            json_array_foreach(vs, j, e)
            {
                if (!json_is_string(e))
                    return bad(c, "'visits' must list phases%s", "");
                if ((st = intern(c->x, json_string_value(e),
                                 json_string_length(e), &d->visits[j], c->err)))
                    return st;
                for (size_t q = 0; q < j; q++)
                    if (d->visits[q] == d->visits[j])
                        return bad(c, "'visits' names a phase twice%s", "");
                if (d->visits[j] == d->from)
                    return bad(c, "'visits' must not name 'from'%s", "");
                has_to |= d->visits[j] == d->to;
            }
            d->nvisits = j;
            if (!has_to)
                return bad(c, "'visits' must name 'to'%s", "");
        } else if (json_object_get(o, "visits")) {
            return bad(c, "'visits' is for type mmrm%s", "");
        }
        break;
    case T_RETENTION:
        if (number(c, o, "day", &d->day, 1) || !(d->day > 0))
            return bad(c, "'day' must be a number above 0%s", "");
        break;
    }
    return SSP_OK;
}

static ssp_status load_catalogue(ssp_ind *x, const char *path, ssp_error *err)
{
    json_error_t je;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!root && ssp_json_nomem(&je))
        return ssp_error_nomem(err);
    if (!root)
        return ssp_error_set(err, SSP_EUSAGE, path, je.line, je.column, "%s",
                             je.text);
    struct cat c = {x, NULL, err};
    ssp_status st = SSP_OK;
    static const char *const ok[] = {"title",       "description", "version",
                                     "device_logs", "indicators",  NULL};
    json_t *list = json_object_get(root, "indicators");
    const char *k = json_is_object(root) ? ssp_json_unknown_key(root, ok)
                                         : "(not an object)";
    if (k || !json_is_array(list)) {
        st = ssp_error_set(err, SSP_EUSAGE, path, 0, 0,
                           k ? "'%s' is not a member of a catalogue"
                             : "no array 'indicators'",
                           k);
        goto out;
    }
    json_t *ver = json_object_get(root, "version");
    x->catversion = strdup(json_is_string(ver) ? json_string_value(ver) : "");
    x->cat = root;
    x->devlogs = json_object_get(root, "device_logs");
    x->nind = json_array_size(list);
    x->ind = calloc(x->nind ? x->nind : 1, sizeof *x->ind);
    if (!x->ind || !x->catversion) { /* x->cat holds root: ssp_ind_free */
        if (!x->ind)
            x->nind = 0;
        return ssp_error_nomem(err);
    }
    ssp_strmap codes;
    ssp_strmap_init(&codes);
    for (size_t i = 0; i < x->nind && !st; i++) {
        json_t *o = json_array_get(list, i);
        c.code = NULL;
        st = json_is_object(o) ? indicator(&c, o, &x->ind[i])
                               : bad(&c, "an entry is not an object%s", "");
        size_t idx;
        int added = 1;
        if (!st &&
            (st = ssp_strmap_put(&codes, c.code, strlen(c.code), &idx, &added)))
            st = ssp_error_nomem(err);
        if (!st && !added)
            st = bad(&c, "the code is used twice%s", "");
    }
    ssp_strmap_destroy(&codes);
    return st;
out:
    json_decref(root);
    return st;
}

/* ---- options ---------------------------------------------------------- */

void ssp_ind_free(ssp_ind *x)
{
    if (!x)
        return;
    for (size_t i = 0; i < x->nind; i++) {
        struct indicator *d = &x->ind[i];
        struct quantity *qs[] = {&d->num, &d->den, &d->val};
        for (int j = 0; j < 3; j++) {
            free(qs[j]->names);
            free(qs[j]->outcomes);
        }
        free(d->techs);
    }
    free(x->ind);
    for (size_t i = 0; i < x->ns; i++)
        free(x->s[i].by);
    for (size_t i = 0; i < x->nrows; i++)
        free(x->rows[i].by);
    free(x->s);
    free(x->u);
    free(x->e);
    free(x->m);
    free(x->man);
    free(x->scr);
    free(x->rows);
    json_decref(x->cat);
    ssp_strmap_destroy(&x->vals);
    ssp_strmap_destroy(&x->ids);
    ssp_strs_free(&x->inputs);
    free(x->catpath);
    free(x->catversion);
    free(x);
}

static ssp_status day_option(const char *s, const char *what, double *day,
                             ssp_error *err)
{
    *day = NAN;
    if (s && !ssp_iso_date(s, strlen(s), day))
        return ssp_error_set(err, SSP_EUSAGE, NULL, 0, 0,
                             "%s '%s' is not a date (YYYY-MM-DD)", what, s);
    return SSP_OK;
}

ssp_ind *ssp_ind_open(const char *path, const ssp_ind_options *o,
                      ssp_error *err)
{
    ssp_ind *x = calloc(1, sizeof *x);
    if (!x) {
        ssp_error_nomem(err);
        return NULL;
    }
    x->o = *o;
    ssp_strmap_init(&x->vals);
    ssp_strmap_init(&x->ids);
    x->catpath = path ? strdup(path) : ssp_schema_find("indicators.json", err);
    const char *fixed[] = {"",
                           "unknown",
                           "intervention",
                           "comparison",
                           "intervention-comparison",
                           "*",
                           "completed",
                           "baseline",
                           "endline"};
    size_t *slot[] = {&x->v_empty,     &x->v_unknown,  &x->v_int,
                      &x->v_cmp,       &x->v_diff,     &x->v_any,
                      &x->v_completed, &x->v_baseline, &x->v_endline};
    ssp_status st = x->catpath ? SSP_OK
                    : path     ? ssp_error_nomem(err)
                               : err->status;
    for (size_t i = 0; i < sizeof fixed / sizeof *fixed && !st; i++)
        st = intern(x, fixed[i], strlen(fixed[i]), slot[i], err);
    if (!st && !(o->level > 0 && o->level < 1))
        st = ssp_error_set(err, SSP_EUSAGE, NULL, 0, 0,
                           "the level must lie between 0 and 1");
    if (!st)
        st = day_option(o->start, "--start", &x->start, err);
    if (!st)
        st = day_option(o->end, "--end", &x->end, err);
    if (!st)
        st = load_catalogue(x, x->catpath, err);
    if (st) {
        ssp_ind_free(x);
        return NULL;
    }
    return x;
}

const char *ssp_ind_catalogue(const ssp_ind *x, const char **version)
{
    *version = x->catversion;
    return x->catpath;
}

const ssp_strs *ssp_ind_inputs(const ssp_ind *x)
{
    return &x->inputs;
}
size_t ssp_ind_nrows(const ssp_ind *x)
{
    return x->nrows;
}
const ssp_ind_row *ssp_ind_row_at(const ssp_ind *x, size_t i)
{
    return &x->rows[i];
}
size_t ssp_ind_ndefs(const ssp_ind *x)
{
    return x->nind;
}

const ssp_ind_def *ssp_ind_def_at(const ssp_ind *x, size_t i)
{
    return &x->ind[i].def;
}

/* ---- reading a dataset ------------------------------------------------ */

/* Open a table of the dataset, recorded as an input. */
static ssp_status table_open(ssp_ind *x, ssp_dtable *t,
                             const ssp_dt_source *src, const char *const *cols,
                             ssp_error *err)
{
    if (ssp_strs_add(&x->inputs, src->path))
        return ssp_error_nomem(err);
    return ssp_dt_open_source(t, src, cols, err);
}

static ssp_status field_intern(ssp_ind *x, ssp_dtable *t, size_t i, size_t *v,
                               ssp_error *err)
{
    const ssp_csv_field *f = ssp_dt_field(t, i);
    return intern(x, f->s, f->len, v, err);
}

/* The age band (ten years) at enrolment of a birth year-month. */
static ssp_status age_band(ssp_ind *x, const ssp_csv_field *f, double enrolled,
                           size_t *v, ssp_error *err)
{
    int y, m;
    char c;
    if (f->len != 7 || sscanf(f->s, "%4d-%2d%c", &y, &m, &c) != 2) {
        *v = x->v_unknown;
        return SSP_OK;
    }
    struct tm tm;
    if (!(fabs(enrolled) < 1e9)) { /* no date gmtime_r could convert */
        *v = x->v_unknown;
        return SSP_OK;
    }
    time_t t = (time_t)(enrolled * 86400);
    if (!gmtime_r(&t, &tm)) {
        *v = x->v_unknown;
        return SSP_OK;
    }
    int age = tm.tm_year + 1900 - y - (tm.tm_mon + 1 < m);
    char band[32];
    snprintf(band, sizeof band, "%d-%d", age / 10 * 10, age / 10 * 10 + 9);
    return intern(x, band, strlen(band), v, err);
}

static ssp_status read_subjects(ssp_ind *x, const ssp_dt_source *src,
                                ssp_error *err)
{
    static const char *const cols[] = {
        "subject_id", "technology",  "region",   "arm",     "enrolled_on",
        "exited_on",  "exit_reason", "birth_ym", "site_id", NULL};
    ssp_dtable t = {0};
    ssp_status st = table_open(x, &t, src, cols, err);
    const char *path = src->path;
    size_t bycol[8];
    for (size_t j = 0; !st && j < x->o.nby; j++)
        if (strcmp(x->o.by[j], "age_band") &&
            ssp_csv_column(t.csv, x->o.by[j], &bycol[j], err))
            st = ssp_error_set(err, SSP_EUSAGE, path, 1, 1,
                               "--by: no column '%s' in subjects", x->o.by[j]);
    int r;
    while (!st && (r = ssp_csv_next(t.csv, &t.rec, err)) > 0) {
        if (!(x->s = grow(x->s, &x->scap, x->ns, sizeof *x->s))) {
            st = ssp_error_nomem(err);
            break;
        }
        struct subj *s = &x->s[x->ns];
        memset(s, 0, sizeof *s);
        size_t idx, reason;
        int added;
        const ssp_csv_field *id = ssp_dt_field(&t, 0);
        if (ssp_strmap_put(&x->ids, id->s, id->len, &idx, &added)) {
            st = ssp_error_nomem(err);
            break;
        }
        if (!added) {
            st = ssp_error_set(err, SSP_EDATA, path, id->line, id->col,
                               "subject '%s' is listed twice", id->s);
            break;
        }
        if ((st = field_intern(x, &t, 1, &s->tech, err)) ||
            (st = field_intern(x, &t, 2, &s->region, err)) ||
            (st = field_intern(x, &t, 3, &s->arm, err)) ||
            (st = field_intern(x, &t, 6, &reason, err)) ||
            (st = field_intern(x, &t, 8, &s->site, err)) ||
            (st = ssp_dt_num(&t, 4, 'd', 0, &s->enrolled, err)) ||
            (st = ssp_dt_num(&t, 5, 'd', 1, &s->exited, err)))
            break;
        if (s->arm != x->v_int && s->arm != x->v_cmp) {
            st = ssp_dt_error(&t, 3, "intervention or comparison", err);
            break;
        }
        s->completed = reason == x->v_completed;
        s->reason = reason;
        s->by = calloc(x->o.nby + 1, sizeof *s->by);
        x->ns++;
        if (!s->by) {
            st = ssp_error_nomem(err);
            break;
        }
        for (size_t j = 0; j < x->o.nby && !st; j++) {
            if (!strcmp(x->o.by[j], "age_band")) {
                st = age_band(x, ssp_dt_field(&t, 7), s->enrolled, &s->by[j],
                              err);
                continue;
            }
            const ssp_csv_field *f = &t.rec.f[bycol[j]];
            st = f->len ? intern(x, f->s, f->len, &s->by[j], err)
                        : (s->by[j] = x->v_unknown, SSP_OK);
        }
    }
    if (!st && r < 0)
        st = err->status;
    ssp_csv_close(t.csv);
    return st;
}

/* The optional screening resource: technology, region and outcome of
 * each person assessed for eligibility. */
static ssp_status read_screening(ssp_ind *x, const ssp_dt_source *src,
                                 ssp_error *err)
{
    static const char *const cols[] = {"screening_id", "technology", "region",
                                       "outcome", NULL};
    ssp_dtable t = {0};
    ssp_status st = table_open(x, &t, src, cols, err);
    int r = 0;
    while (!st && (r = ssp_csv_next(t.csv, &t.rec, err)) > 0) {
        if (!(x->scr = grow(x->scr, &x->scrcap, x->nscr, sizeof *x->scr))) {
            st = ssp_error_nomem(err);
            break;
        }
        struct srow *s = &x->scr[x->nscr];
        if ((st = field_intern(x, &t, 1, &s->tech, err)) ||
            (st = field_intern(x, &t, 2, &s->region, err)) ||
            (st = field_intern(x, &t, 3, &s->outcome, err)))
            break;
        x->nscr++;
    }
    if (!st && r < 0)
        st = err->status;
    ssp_csv_close(t.csv);
    return st;
}

static ssp_status read_measures(ssp_ind *x, const ssp_dt_source *src,
                                ssp_error *err)
{
    static const char *const cols[] = {"subject_id", "instrument",  "phase",
                                       "score",      "measured_on", NULL};
    ssp_dtable t = {0};
    ssp_status st = table_open(x, &t, src, cols, err);
    int r;
    while (!st && (r = ssp_csv_next(t.csv, &t.rec, err)) > 0) {
        if (!(x->m = grow(x->m, &x->mcap, x->nm, sizeof *x->m))) {
            st = ssp_error_nomem(err);
            break;
        }
        struct mrow *m = &x->m[x->nm];
        if ((st = ssp_dt_subject(&t, &x->ids, &m->subj, err)) ||
            (st = field_intern(x, &t, 1, &m->instr, err)) ||
            (st = field_intern(x, &t, 2, &m->phase, err)) ||
            (st = ssp_dt_num(&t, 3, 'n', 0, &m->score, err)) ||
            (st = ssp_dt_num(&t, 4, 'd', 1, &m->day, err)))
            break;
        x->nm++;
    }
    if (!st && r < 0)
        st = err->status;
    ssp_csv_close(t.csv);
    return st;
}

static ssp_status read_usage(ssp_ind *x, const ssp_dt_source *src,
                             ssp_error *err)
{
    static const char *const cols[] = {"subject_id", "metric", "date", "value",
                                       NULL};
    ssp_dtable t = {0};
    ssp_status st = table_open(x, &t, src, cols, err);
    int r;
    while (!st && (r = ssp_csv_next(t.csv, &t.rec, err)) > 0) {
        if (!(x->u = grow(x->u, &x->ucap, x->nu, sizeof *x->u))) {
            st = ssp_error_nomem(err);
            break;
        }
        struct urow *u = &x->u[x->nu];
        if ((st = ssp_dt_subject(&t, &x->ids, &u->subj, err)) ||
            (st = field_intern(x, &t, 1, &u->metric, err)) ||
            (st = ssp_dt_num(&t, 2, 'd', 0, &u->day, err)) ||
            (st = ssp_dt_num(&t, 3, 'n', 0, &u->value, err)))
            break;
        x->nu++;
    }
    if (!st && r < 0)
        st = err->status;
    ssp_csv_close(t.csv);
    return st;
}

static ssp_status read_events(ssp_ind *x, const ssp_dt_source *src,
                              ssp_error *err)
{
    static const char *const cols[] = {
        "subject_id",      "kind",        "outcome",       "raised_at",
        "acknowledged_at", "resolved_at", "staff_minutes", NULL};
    ssp_dtable t = {0};
    ssp_status st = table_open(x, &t, src, cols, err);
    int r;
    while (!st && (r = ssp_csv_next(t.csv, &t.rec, err)) > 0) {
        if (!(x->e = grow(x->e, &x->ecap, x->ne, sizeof *x->e))) {
            st = ssp_error_nomem(err);
            break;
        }
        struct erow *e = &x->e[x->ne];
        const ssp_csv_field *raised = ssp_dt_field(&t, 3);
        if ((st = ssp_dt_subject(&t, &x->ids, &e->subj, err)) ||
            (st = field_intern(x, &t, 1, &e->kind, err)) ||
            (st = field_intern(x, &t, 2, &e->outcome, err)) ||
            (st = ssp_dt_num(&t, 3, 't', 0, &e->raised, err)) ||
            (st = ssp_dt_num(&t, 4, 't', 1, &e->ack, err)) ||
            (st = ssp_dt_num(&t, 5, 't', 1, &e->resolved, err)) ||
            (st = ssp_dt_num(&t, 6, 'n', 1, &e->staff, err)))
            break;
        /* The day as written (local time of the record). */
        if (!ssp_iso_date(raised->s, 10, &e->day)) {
            st = ssp_dt_error(&t, 3, "a date-time", err);
            break;
        }
        x->ne++;
    }
    if (!st && r < 0)
        st = err->status;
    ssp_csv_close(t.csv);
    return st;
}

static ssp_status read_manifest(ssp_ind *x, const char *path, ssp_error *err)
{
    json_error_t je;
    json_t *root = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!root && ssp_json_nomem(&je))
        return ssp_error_nomem(err);
    if (!root)
        return ssp_error_set(err, SSP_EDATA, path, je.line, je.column, "%s",
                             je.text);
    ssp_status st =
        ssp_strs_add(&x->inputs, path) ? ssp_error_nomem(err) : SSP_OK;
    json_t *in = json_object_get(root, "inputs"), *e;
    size_t i;
    json_array_foreach(in, i, e)
    {
        if (st)
            break;
        json_t *tab = json_object_get(e, "table");
        if (!(x->man = grow(x->man, &x->mancap, x->nman, sizeof *x->man))) {
            st = ssp_error_nomem(err);
            break;
        }
        struct mrec *m = &x->man[x->nman];
        if (!json_is_string(tab)) {
            st = ssp_error_set(err, SSP_EDATA, path, 0, 0,
                               "input %zu has no table", i + 1);
            break;
        }
        if ((st = intern(x, json_string_value(tab), json_string_length(tab),
                         &m->table, err)))
            break;
        for (int f = 0; f < NMFIELDS; f++) {
            json_t *v = json_object_get(e, mfields[f]);
            if (!json_is_integer(v)) {
                st = ssp_error_set(err, SSP_EDATA, path, 0, 0,
                                   "input %zu has no count '%s'", i + 1,
                                   mfields[f]);
                break;
            }
            m->f[f] = (double)json_integer_value(v);
        }
        x->nman += !st;
    }
    json_decref(root);
    return st;
}

ssp_status ssp_ind_add(ssp_ind *x, const char *dir, ssp_error *err)
{
    json_t *pkg = ssp_dataset_package(dir, err);
    ssp_status st = pkg ? SSP_OK : err->status;
    static const char *const names[] = {"subjects", "measures", "usage",
                                        "events", "screening"};
    static ssp_status (*const readers[])(ssp_ind *, const ssp_dt_source *,
                                         ssp_error *) = {
        read_subjects, read_measures, read_usage, read_events, read_screening};
    for (int i = 0; i < 5 && !st; i++) {
        ssp_dt_source *src;
        size_t n;
        if ((st = ssp_dataset_sources(pkg, dir, names[i], &src, &n, err)))
            break;
        for (size_t j = 0; j < n && !st; j++)
            st = readers[i](x, &src[j], err);
        if (!n && i == 0)
            st = ssp_error_set(err, SSP_EUSAGE, dir, 0, 0,
                               "the dataset has no subjects resource");
        ssp_dt_sources_free(src, n);
    }
    if (!st) {
        char *mpath;
        if (asprintf(&mpath, "%s/manifest.json", dir) < 0)
            st = ssp_error_nomem(err);
        else {
            if (access(mpath, F_OK) == 0)
                st = read_manifest(x, mpath, err);
            free(mpath);
        }
    }
    json_decref(pkg);
    return st;
}

/* ---- computing ---------------------------------------------------------- */

/* Rows of each subject together (a stable counting sort by subject), the
 * usage rows of a subject in day order. */
#define SORT_BY_SUBJECT(x, arr, n, T, f0, f1)           \
    do {                                                \
        T *tmp = malloc(((n) ? (n) : 1) * sizeof(T));   \
        size_t *pos = calloc((x)->ns + 1, sizeof *pos); \
        if (!tmp || !pos) {                             \
            free(tmp);                                  \
            free(pos);                                  \
            return SSP_EINTERNAL;                       \
        }                                               \
        for (size_t i = 0; i < (n); i++)                \
            pos[(arr)[i].subj + 1]++;                   \
        for (size_t i = 0; i < (x)->ns; i++)            \
            pos[i + 1] += pos[i];                       \
        for (size_t i = 0; i < (x)->ns; i++) {          \
            (x)->s[i].f0 = pos[i];                      \
            (x)->s[i].f1 = pos[i + 1];                  \
        }                                               \
        for (size_t i = 0; i < (n); i++)                \
            tmp[pos[(arr)[i].subj]++] = (arr)[i];       \
        free(arr);                                      \
        free(pos);                                      \
        (arr) = tmp;                                    \
    } while (0)

static int by_day(const void *a, const void *b)
{
    double x = ((const struct urow *)a)->day, y = ((const struct urow *)b)->day;
    return (x > y) - (x < y);
}

static ssp_status arrange(ssp_ind *x)
{
    SORT_BY_SUBJECT(x, x->u, x->nu, struct urow, u0, u1);
    SORT_BY_SUBJECT(x, x->e, x->ne, struct erow, e0, e1);
    SORT_BY_SUBJECT(x, x->m, x->nm, struct mrow, m0, m1);
    for (size_t i = 0; i < x->ns; i++)
        qsort(x->u + x->s[i].u0, x->s[i].u1 - x->s[i].u0, sizeof *x->u, by_day);
    return SSP_OK;
}

/* The smaller (larger) of a and b, NaN meaning none. */
static double dmin(double a, double b)
{
    return isnan(a) ? b : isnan(b) ? a : a < b ? a : b;
}

static double dmax(double a, double b)
{
    return isnan(a) ? b : isnan(b) ? a : a > b ? a : b;
}

/* Each technology's observation period and data end (ssp-indicators(7)),
 * then each subject's period. */
static ssp_status periods(ssp_ind *x)
{
    size_t nt = x->vals.n;
    double *first = malloc(nt * 4 * sizeof *first);
    if (!first)
        return SSP_EINTERNAL;
    double *last = first + nt, *end = last + nt, *enrol = end + nt;
    for (size_t i = 0; i < nt * 4; i++)
        first[i] = NAN;
    for (size_t i = 0; i < x->ns; i++) {
        struct subj *s = &x->s[i];
        size_t t = s->tech;
        enrol[t] = dmin(enrol[t], s->enrolled);
        end[t] = dmax(dmax(end[t], s->enrolled), s->exited);
        for (size_t j = s->u0; j < s->u1; j++) {
            first[t] = dmin(first[t], x->u[j].day);
            last[t] = dmax(last[t], x->u[j].day);
        }
        for (size_t j = s->e0; j < s->e1; j++)
            end[t] = dmax(end[t], x->e[j].day);
        for (size_t j = s->m0; j < s->m1; j++)
            end[t] = dmax(end[t], x->m[j].day);
    }
    for (size_t t = 0; t < nt; t++) {
        end[t] = dmax(end[t], last[t]);
        if (isnan(first[t])) {
            first[t] = enrol[t];
            last[t] = end[t];
        }
        if (!isnan(x->start))
            first[t] = x->start;
        if (!isnan(x->end))
            last[t] = end[t] = x->end;
    }
    for (size_t i = 0; i < x->ns; i++) {
        struct subj *s = &x->s[i];
        s->from = dmax(first[s->tech], s->enrolled);
        s->to = dmin(s->exited, last[s->tech]);
        s->end = end[s->tech];
    }
    free(first);
    return SSP_OK;
}

static int member(size_t v, const size_t *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (list[i] == v)
            return 1;
    return 0;
}

static double exposure(const struct subj *s)
{
    double d = s->to - s->from + 1;
    return d > 0 ? d : 0;
}

static double score(const ssp_ind *x, const struct subj *s, size_t instr,
                    int any, size_t ph)
{
    for (size_t j = s->m0; j < s->m1; j++)
        if ((any || x->m[j].instr == instr) && x->m[j].phase == ph)
            return x->m[j].score;
    return NAN;
}

/* The events of s that q counts. */
static int counts(const struct quantity *q, const struct subj *s,
                  const struct erow *e)
{
    return e->day >= s->from && e->day <= s->to &&
           member(e->kind, q->names, q->nnames) &&
           (!q->noutcomes || member(e->outcome, q->outcomes, q->noutcomes));
}

/* q's value for subject s (NaN: missing). */
static double eval(const ssp_ind *x, const struct quantity *q,
                   const struct subj *s)
{
    double v = NAN;
    switch (q->src) {
    case Q_COUNT: v = 1; break;
    case Q_EXPOSURE: v = exposure(s) / q->div; break;
    case Q_USAGE: {
        double sum = 0, days = 0;
        for (size_t j = s->u0; j < s->u1;) {
            double day = x->u[j].day, dsum = 0;
            int any = 0;
            for (; j < s->u1 && x->u[j].day == day; j++)
                if (day >= s->from && day <= s->to &&
                    (q->any || member(x->u[j].metric, q->names, q->nnames))) {
                    any = 1;
                    dsum += x->u[j].value;
                }
            sum += dsum;
            days += any && (!q->has_at_least || dsum >= q->at_least);
        }
        v = q->stat == S_SUM            ? sum
            : q->stat == S_DAYS         ? days
            : q->stat == S_DAYS_WITHOUT ? exposure(s) - days
            : days > 0                  ? sum / days
                                        : NAN;
        break;
    }
    case Q_EVENTS:
        v = 0;
        for (size_t j = s->e0; j < s->e1; j++) {
            const struct erow *e = &x->e[j];
            if (!counts(q, s, e))
                continue;
            v += q->stat == S_COUNT   ? 1
                 : q->stat == S_STAFF ? (isnan(e->staff) ? 0 : e->staff)
                 : q->stat == S_RESOLVED
                     ? !isnan(e->resolved)
                     : !isnan(e->ack) && (e->ack - e->raised) / 60 <= q->within;
        }
        break;
    case Q_MEASURE:
        v = score(x, s, q->any ? 0 : q->names[0], q->any, q->phase);
        if (q->stat == S_PRESENT)
            v = !isnan(v);
        break;
    case Q_CHANGE:
        v = score(x, s, q->names[0], 0, q->phase2) -
            score(x, s, q->names[0], 0, q->phase);
        break;
    }
    if (isnan(v))
        return v;
    if (q->improved) {
        double c = v * q->better;
        return q->improved_by > 0 ? c >= q->improved_by : c > 0;
    }
    switch (q->op) {
    case OP_GE: return v >= q->value;
    case OP_GT: return v > q->value;
    case OP_LE: return v <= q->value;
    case OP_LT: return v < q->value;
    case OP_EQ: return v == q->value;
    }
    return v;
}

/* A growing array of doubles. */
struct vec {
    double *v;
    size_t n, cap;
};

static int push(struct vec *a, double v)
{
    if (!(a->v = grow(a->v, &a->cap, a->n, sizeof *a->v)))
        return -1;
    a->v[a->n++] = v;
    return 0;
}

static double tq(double level, double df)
{
    return gsl_cdf_tdist_Pinv((1 + level) / 2, df);
}

static void mean_sd(const double *v, size_t n, double *mean, double *sd)
{
    double s = 0, ss = 0;
    for (size_t i = 0; i < n; i++)
        s += v[i];
    *mean = s / n;
    for (size_t i = 0; i < n; i++)
        ss += (v[i] - *mean) * (v[i] - *mean);
    *sd = n > 1 ? sqrt(ss / (n - 1)) : NAN;
}

static void note(ssp_ind_row *r, const char *s)
{
    snprintf(r->note, sizeof r->note, "%s", s);
}

static void ratio(const struct indicator *d, const struct vec *num,
                  const struct vec *den, double level, ssp_ind_row *r)
{
    double N = 0, D = 0;
    size_t n = num->n;
    for (size_t i = 0; i < n; i++) {
        N += num->v[i];
        D += den->v[i];
    }
    r->numerator = N;
    r->denominator = D;
    r->ci_method = (const char *[]){"", "wilson", "poisson", "delta",
                                    "delta_logit"}[d->ci];
    if (d->ci == CI_WILSON)
        r->n = D; /* the trials of the share: subjects, events, days */
    if (!(D > 0)) {
        note(r, n ? "denominator 0" : "no data");
        return;
    }
    r->estimate = d->factor * N / D;
    double p;
    if (d->ci == CI_WILSON && N > D) {
        note(r, "the numerator exceeds the denominator: no share");
    } else if (d->ci == CI_WILSON) {
        ssp_test_prop(N, D, SSP_PROP_WILSON, 0.5, SSP_TWO_SIDED, level, &p,
                      &r->ci_low, &r->ci_high, &p);
        r->ci_low *= d->factor;
        r->ci_high *= d->factor;
    } else if (d->ci == CI_POISSON) {
        ssp_test_rate(N, D, d->factor, level, &p, &r->ci_low, &r->ci_high);
    } else if ((d->ci == CI_DELTA || d->ci == CI_LOGIT) && n >= 2) {
        double R = N / D, ss = 0;
        for (size_t i = 0; i < n; i++) {
            double e = num->v[i] - R * den->v[i];
            ss += e * e;
        }
        double se = sqrt(ss / (n - 1) / n) / (D / n);
        double h = tq(level, n - 1) * se;
        r->df = n - 1;
        if (d->ci == CI_DELTA) {
            r->ci_low = d->factor * (R - h);
            r->ci_high = d->factor * (R + h);
        } else if (R > 0 && R < 1) {
            /* A share of amounts: the interval on the logit scale (se by
             * the delta method, se / (R (1 - R))), so it stays in (0, 1). */
            double l = log(R / (1 - R)), hl = h / (R * (1 - R));
            r->ci_low = d->factor / (1 + exp(-(l - hl)));
            r->ci_high = d->factor / (1 + exp(-(l + hl)));
        } else {
            note(r, R < 0 || R > 1 ? "the numerator exceeds the "
                                     "denominator: no share"
                                   : "a share of 0 or 1: no interval");
        }
    } else if (d->ci == CI_DELTA || d->ci == CI_LOGIT) {
        note(r, "too few subjects for an interval");
    }
}

static void mean_row(const struct indicator *d, struct vec *v, double level,
                     ssp_ind_row *r)
{
    r->ci_method = "t";
    if (!v->n) {
        note(r, "no data");
        return;
    }
    double m, sd;
    mean_sd(v->v, v->n, &m, &sd);
    r->estimate = d->factor * m;
    if (v->n < 2) {
        note(r, "too few subjects for an interval");
        return;
    }
    double h = tq(level, v->n - 1) * sd / sqrt((double)v->n);
    r->ci_low = d->factor * (m - h);
    r->ci_high = d->factor * (m + h);
    r->df = v->n - 1;
}

/* R's qbinom(p, n, prob): the least k with P(X <= k) >= p (with R's
 * fuzz against rounding). */
static double qbinom(double p, size_t n, double prob)
{
    double cum = 0;
    p *= 1 - 64 * DBL_EPSILON;
    for (size_t k = 0; k < n; k++) {
        cum += gsl_ran_binomial_pdf((unsigned)k, prob, (unsigned)n);
        if (cum >= p)
            return (double)k;
    }
    return (double)n;
}

static int cmp_double(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

static void quantile_row(const struct indicator *d, struct vec *v, double level,
                         ssp_ind_row *r)
{
    r->ci_method = "order_statistics";
    if (!v->n) {
        note(r, "no data");
        return;
    }
    qsort(v->v, v->n, sizeof *v->v, cmp_double);
    r->estimate = d->factor * ssp_quantile_sorted(v->v, v->n, d->prob, 7);
    double l = qbinom((1 - level) / 2, v->n, d->prob);
    double u = qbinom((1 + level) / 2, v->n, d->prob) + 1;
    if (l >= 1)
        r->ci_low = d->factor * v->v[(size_t)l - 1];
    if (u <= v->n)
        r->ci_high = d->factor * v->v[(size_t)u - 1];
    if (l < 1 || u > v->n)
        note(r, "too few values for both ends of the interval");
}

static ssp_status paired_row(const struct indicator *d, struct vec *pre,
                             struct vec *post, double level, ssp_ind_row *r)
{
    r->ci_method = "t";
    r->effect_method = "cohen_dz";
    if (pre->n < 2) {
        note(r, pre->n ? "too few subjects" : "no data");
        return SSP_OK;
    }
    ssp_status st = ssp_test_paired(pre->v, post->v, pre->n, SSP_TWO_SIDED,
                                    level, d->mcid, d->dir < 0, &r->paired);
    if (st)
        return st;
    r->has_paired = 1;
    r->estimate = d->factor * r->paired.mean_diff;
    r->ci_low = d->factor * r->paired.ci_low;
    r->ci_high = d->factor * r->paired.ci_high;
    r->statistic = r->paired.t;
    r->df = r->paired.df;
    r->p = r->paired.p;
    r->effect = r->paired.dz;
    return SSP_OK;
}

static ssp_status armdiff_row(const struct indicator *d, struct vec *a,
                              struct vec *b, double level, ssp_ind_row *r)
{
    r->ci_method = "welch";
    r->effect_method = "hedges_g";
    r->n = (double)(a->n + b->n);
    r->n_arm[0] = (double)a->n;
    r->n_arm[1] = (double)b->n;
    if (a->n < 2 || b->n < 2) {
        note(r, !b->n   ? "no comparison arm"
                : !a->n ? "no intervention arm"
                        : "too few subjects in an arm");
        return SSP_OK;
    }
    ssp_twosample t;
    ssp_status st =
        ssp_test_twosample(a->v, a->n, b->v, b->n, SSP_TWO_SIDED, level, 0, &t);
    if (st)
        return st;
    r->estimate = d->factor * t.mean_diff;
    r->ci_low = d->factor * t.ci_low;
    r->ci_high = d->factor * t.ci_high;
    r->statistic = t.t;
    r->df = t.df;
    r->p = t.p;
    r->effect = t.g;
    return SSP_OK;
}

/* The baseline-adjusted difference of the endline between the arms
 * (v: endline, baseline, 1 for the intervention arm, site), as
 * ssp_test_ancova gives it: clustered by site_id (CR2, Satterthwaite df)
 * where the subjects are in more than one site, else model-based. */
static ssp_status ancova_row(const struct indicator *d, struct vec v[4],
                             double level, ssp_ind_row *r)
{
    size_t n = v[0].n, m = 0, n1 = 0;
    for (size_t i = 0; i < n; i++)
        n1 += v[2].v[i] != 0;
    r->n = (double)n;
    r->n_arm[0] = (double)n1;
    r->n_arm[1] = (double)(n - n1);
    r->ci_method = "ols";
    if (n1 < 2 || n - n1 < 2) {
        note(r, n == n1 ? "no comparison arm"
                : !n1   ? "no intervention arm"
                        : "too few subjects in an arm");
        return SSP_OK;
    }
    unsigned char *arm = malloc(n);
    size_t *cl = malloc(n * sizeof *cl);
    if (!arm || !cl) {
        free(arm);
        free(cl);
        return SSP_EINTERNAL;
    }
    for (size_t i = 0; i < n; i++) { /* sites numbered 0 .. m-1 */
        size_t j = 0;
        while (j < i && v[3].v[j] != v[3].v[i])
            j++;
        arm[i] = v[2].v[i] != 0;
        cl[i] = j < i ? cl[j] : m++;
    }
    ssp_ancova a;
    ssp_status st = ssp_test_ancova(v[0].v, arm, v[1].v, 1, m > 1 ? cl : NULL,
                                    m, n, level, &a);
    free(arm);
    free(cl);
    if (st)
        return st;
    if (m > 1)
        r->ci_method = "cr2";
    r->estimate = d->factor * a.estimate;
    r->ci_low = d->factor * a.ci_low;
    r->ci_high = d->factor * a.ci_high;
    r->statistic = a.t;
    r->df = a.df;
    r->p = a.p;
    if (a.notes) { /* one reason: the note is short */
        note(r, a.notes & SSP_NOTE_RANK       ? "the baseline is constant"
                : a.notes & SSP_NOTE_FEW_ROWS ? "too few subjects"
                : a.notes & SSP_NOTE_CR2_DF   ? "no Satterthwaite df"
                                              : "no estimate");
        return SSP_OK;
    }
    if (m > 1 && isfinite(a.icc))
        snprintf(r->note, sizeof r->note,
                 "clustered by site_id: %zu sites, ICC %.3f, design effect "
                 "%.2f",
                 m, a.icc, a.design_effect);
    else if (m > 1)
        snprintf(r->note, sizeof r->note,
                 "clustered by site_id: %zu sites, ICC NA", m);
    else
        note(r, "one site: model-based se");
    return SSP_OK;
}

/* The adjusted difference between the arms at d->to by the mixed model
 * for repeated measures over d->visits (v: score, subject, visit, 1 for
 * the intervention arm, baseline), as ssp_test_mmrm gives it: every
 * subject with a baseline and a score at one of the visits counts. */
static ssp_status mmrm_row(const struct indicator *d, const char *toname,
                           struct vec v[5], double level, ssp_ind_row *r)
{
    size_t n = v[0].n, ns = 0, n1 = 0, nto = 0, to = 0;
    for (size_t j = 0; j < d->nvisits; j++)
        if (d->visits[j] == d->to)
            to = j;
    for (size_t i = 0; i < n; i++)
        if (!i || v[1].v[i] != v[1].v[i - 1]) {
            ns++;
            n1 += v[3].v[i] != 0;
        }
    r->n = (double)ns;
    r->n_arm[0] = (double)n1;
    r->n_arm[1] = (double)(ns - n1);
    r->ci_method = "mmrm_reml";
    if (n1 < 2 || ns - n1 < 2) {
        note(r, ns == n1 ? "no comparison arm"
                : !n1    ? "no intervention arm"
                         : "too few subjects in an arm");
        return SSP_OK;
    }
    size_t *sub = malloc(n * sizeof *sub), *vis = malloc(n * sizeof *vis);
    unsigned char *arm = malloc(n);
    if (!sub || !vis || !arm) {
        free(sub);
        free(vis);
        free(arm);
        return SSP_EINTERNAL;
    }
    for (size_t i = 0; i < n; i++) {
        sub[i] = (size_t)v[1].v[i];
        vis[i] = (size_t)v[2].v[i];
        arm[i] = v[3].v[i] != 0;
        nto += vis[i] == to;
    }
    ssp_mmrm m;
    ssp_mmrm_visit out[SSP_MMRM_MAX_VISITS];
    ssp_status st = ssp_test_mmrm(v[0].v, sub, vis, arm, v[4].v, n, ns,
                                  d->nvisits, level, &m, out);
    free(sub);
    free(vis);
    free(arm);
    if (st)
        return st;
    const ssp_mmrm_visit *o = &out[to];
    r->estimate = d->factor * o->estimate;
    r->ci_low = d->factor * o->ci_low;
    r->ci_high = d->factor * o->ci_high;
    r->statistic = o->t;
    r->df = o->df;
    r->p = o->p;
    if (m.notes) {
        note(r,
             m.notes & SSP_NOTE_ARM_EMPTY  ? "an arm without a score at a visit"
             : m.notes & SSP_NOTE_RANK     ? "the baseline is constant"
             : m.notes & SSP_NOTE_FEW_ROWS ? "too few subjects"
             : m.notes & SSP_NOTE_NO_CONVERGE ? "the REML fit did not converge"
                                              : "no estimate");
        return SSP_OK;
    }
    snprintf(r->note, sizeof r->note,
             "ITT (MMRM): %zu of %zu without a score at %.16s; not "
             "clustered by site",
             ns - nto, ns, toname);
    return SSP_OK;
}

/* Kaplan-Meier at day d->day of (time, event) pairs, as R's survfit with
 * the Greenwood variance and a log interval. */
static ssp_status retention_row(const struct indicator *d, struct vec *tv,
                                struct vec *ev, double level, ssp_ind_row *r)
{
    size_t n = tv->n;
    r->ci_method = "km_log";
    r->denominator = (double)n;
    r->numerator = 0;
    if (!n) {
        note(r, "no data");
        return SSP_OK;
    }
    /* Sort the pairs by time: events coded into the fraction-free order
     * of an index array. */
    size_t *ix = malloc(n * sizeof *ix);
    if (!ix)
        return SSP_EINTERNAL;
    for (size_t i = 0; i < n; i++)
        ix[i] = i;
    for (size_t i = 1; i < n; i++) /* insertion sort: groups are small */
        for (size_t j = i; j > 0 && tv->v[ix[j - 1]] > tv->v[ix[j]]; j--) {
            size_t t = ix[j];
            ix[j] = ix[j - 1];
            ix[j - 1] = t;
        }
    double S = 1, var = 0, events = 0;
    size_t atrisk = 0;
    for (size_t i = 0; i < n; i++)
        atrisk += tv->v[i] >= d->day;
    for (size_t i = 0; i < n;) {
        double t = tv->v[ix[i]], dn = 0;
        size_t nrisk = n - i, j = i;
        for (; j < n && tv->v[ix[j]] == t; j++)
            dn += ev->v[ix[j]];
        if (t <= d->day && dn > 0) {
            S *= 1 - dn / nrisk;
            var += dn / (nrisk * (nrisk - dn));
            events += dn;
        }
        i = j;
    }
    free(ix);
    r->numerator = events;
    if (!atrisk) {
        char buf[64];
        snprintf(buf, sizeof buf, "nobody followed to day %g", d->day);
        note(r, buf);
        return SSP_OK;
    }
    r->estimate = d->factor * S;
    if (S > 0) {
        double z = gsl_cdf_ugaussian_Pinv((1 + level) / 2), se = sqrt(var);
        r->ci_low = d->factor * S * exp(-z * se);
        r->ci_high = d->factor * fmin(1, S * exp(z * se));
    }
    return SSP_OK;
}

/* ---- groups ------------------------------------------------------------- */

/* A subject's membership of a group: key (region, arm, by...) and the
 * subject, stride 3 + nby. */
struct keyctx {
    const ssp_ind *x;
    size_t k;
};

static int arm_rank(const ssp_ind *x, size_t a)
{
    return a == x->v_int ? 0 : a == x->v_cmp ? 1 : 2;
}

static int key_cmp(const void *pa, const void *pb, void *ctx)
{
    const struct keyctx *c = ctx;
    const size_t *a = pa, *b = pb;
    int d = strcmp(str(c->x, a[0]), str(c->x, b[0]));
    if (d)
        return d;
    if ((d = arm_rank(c->x, a[1]) - arm_rank(c->x, b[1])))
        return d;
    for (size_t i = 2; i < c->k; i++) {
        if (a[i] == b[i])
            continue;
        if (a[i] == c->x->v_empty || b[i] == c->x->v_empty)
            return a[i] == c->x->v_empty ? -1 : 1;
        return strcmp(str(c->x, a[i]), str(c->x, b[i]));
    }
    return (a[c->k] > b[c->k]) - (a[c->k] < b[c->k]); /* stable */
}

static ssp_ind_row *new_row(ssp_ind *x, size_t def, size_t tech,
                            const size_t *key)
{
    if (!(x->rows = grow(x->rows, &x->rowcap, x->nrows, sizeof *x->rows)))
        return NULL;
    ssp_ind_row *r = &x->rows[x->nrows];
    memset(r, 0, sizeof *r);
    if (!(r->by = calloc(x->o.nby + 1, sizeof *r->by)))
        return NULL;
    x->nrows++;
    r->def = def;
    r->technology = str(x, tech);
    r->region = str(x, key[0]);
    r->arm = str(x, key[1]);
    for (size_t i = 0; i < x->o.nby; i++)
        r->by[i] = str(x, key[2 + i]);
    r->n = r->numerator = r->denominator = r->estimate = NAN;
    r->ci_low = r->ci_high = r->statistic = r->df = r->p = NAN;
    r->p_adjusted = r->effect = NAN;
    r->n_arm[0] = r->n_arm[1] = NAN;
    r->factor = x->ind[def].factor;
    r->ci_method = r->effect_method = "";
    return r;
}

/* The row of one group: subjects g[0..n) (stride, subject at [k]). */
static ssp_status group_row(ssp_ind *x, size_t def, size_t tech,
                            const size_t *g, size_t n, size_t stride,
                            struct vec v[5])
{
    const struct indicator *d = &x->ind[def];
    size_t k = stride - 1, nsub = 0;
    ssp_ind_row *r = new_row(x, def, tech, g);
    if (!r)
        return SSP_EINTERNAL;
    for (int i = 0; i < 5; i++)
        v[i].n = 0;
    for (size_t i = 0; i < n; i++) {
        const struct subj *s = &x->s[g[i * stride + k]];
        double a = NAN, b = NAN;
        switch (d->type) {
        case T_RATIO:
            a = eval(x, &d->num, s);
            b = eval(x, &d->den, s);
            if (isnan(a) || isnan(b))
                continue;
            break;
        case T_MEAN:
            a = eval(x, &d->val, s);
            if (isnan(a))
                continue;
            break;
        case T_QUANTILE:
            if (d->val.stat == S_ACK_MINUTES) {
                for (size_t j = s->e0; j < s->e1; j++)
                    if (counts(&d->val, s, &x->e[j]) && !isnan(x->e[j].ack) &&
                        push(&v[0], (x->e[j].ack - x->e[j].raised) / 60))
                        return SSP_EINTERNAL;
                continue;
            }
            a = eval(x, &d->val, s);
            if (isnan(a))
                continue;
            break;
        case T_PAIRED:
        case T_ARMDIFF:
        case T_ANCOVA:
            a = score(x, s, d->instrument, 0, d->from);
            b = score(x, s, d->instrument, 0, d->to);
            if (isnan(a) || isnan(b))
                continue;
            if (d->type == T_ARMDIFF) { /* changes by arm */
                if (push(&v[s->arm == x->v_int ? 2 : 3], b - a))
                    return SSP_EINTERNAL;
                continue;
            }
            if (d->type == T_ANCOVA) { /* endline, baseline, arm, site */
                if (push(&v[0], b) || push(&v[1], a) ||
                    push(&v[2], s->arm == x->v_int) ||
                    push(&v[3], (double)s->site))
                    return SSP_EINTERNAL;
                continue;
            }
            break;
        case T_MMRM: /* score, subject, visit, arm, baseline */
            a = score(x, s, d->instrument, 0, d->from);
            if (isnan(a))
                continue;
            int any = 0;
            for (size_t j = 0; j < d->nvisits; j++) {
                b = score(x, s, d->instrument, 0, d->visits[j]);
                if (isnan(b))
                    continue;
                if (push(&v[0], b) || push(&v[1], (double)nsub) ||
                    push(&v[2], (double)j) || push(&v[3], s->arm == x->v_int) ||
                    push(&v[4], a))
                    return SSP_EINTERNAL;
                any = 1;
            }
            nsub += any;
            continue;
        case T_RETENTION:
            /* Follow-up stops at the data end (--end): a later exit is
             * censored there. */
            a = (!(s->exited <= s->end) ? s->end : s->exited) - s->enrolled;
            b = s->exited <= s->end && !s->completed;
            break;
        }
        if (push(&v[0], a) || (!isnan(b) && push(&v[1], b)))
            return SSP_EINTERNAL;
    }
    r->n = (double)v[0].n;
    double level = x->o.level;
    switch (d->type) {
    case T_RATIO: ratio(d, &v[0], &v[1], level, r); break;
    case T_MEAN: mean_row(d, &v[0], level, r); break;
    case T_QUANTILE: quantile_row(d, &v[0], level, r); break;
    case T_PAIRED: return paired_row(d, &v[0], &v[1], level, r);
    case T_ARMDIFF: return armdiff_row(d, &v[2], &v[3], level, r);
    case T_RETENTION: return retention_row(d, &v[0], &v[1], level, r);
    case T_ANCOVA: return ancova_row(d, v, level, r);
    case T_MMRM: return mmrm_row(d, str(x, d->to), v, level, r);
    }
    return SSP_OK;
}

/* A manifest ratio: one row for the technology. */
static ssp_status manifest_row(ssp_ind *x, size_t def, size_t tech)
{
    const struct indicator *d = &x->ind[def];
    json_t *tables = json_object_get(x->devlogs, str(x, tech));
    double N = 0, D = 0;
    int any = 0;
    for (size_t i = 0; i < x->nman; i++) {
        size_t j;
        json_t *t;
        json_array_foreach(tables, j, t)
        {
            if (json_is_string(t) &&
                !strcmp(json_string_value(t), str(x, x->man[i].table))) {
                N += x->man[i].f[d->num.mfield];
                D += x->man[i].f[d->den.mfield];
                any = 1;
            }
        }
    }
    if (!any)
        return SSP_OK;
    size_t key[2 + 8], region = x->v_empty;
    for (size_t i = 0; i < x->ns; i++)
        if (x->s[i].tech == tech)
            region = region == x->v_empty || region == x->s[i].region
                         ? x->s[i].region
                         : x->v_unknown;
    key[0] = region == x->v_unknown ? x->v_empty : region;
    for (size_t i = 1; i < 2 + x->o.nby; i++)
        key[i] = x->v_empty;
    ssp_ind_row *r = new_row(x, def, tech, key);
    if (!r)
        return SSP_EINTERNAL;
    struct vec num = {&N, 1, 1}, den = {&D, 1, 1};
    ratio(d, &num, &den, x->o.level, r);
    r->n = D;
    return SSP_OK;
}

/* The one rule of who is in a denominator: a subject observed at least
 * one day of the observation period (enrolled by its end, not left before
 * its start). */
static int in_window(const struct subj *s)
{
    return s->to >= s->from;
}

/* Every row of indicator def for technology tech. */
static ssp_status indicator_rows(ssp_ind *x, size_t def, size_t tech,
                                 struct vec v[5])
{
    const struct indicator *d = &x->ind[def];
    if (d->type == T_RATIO && d->num.src == Q_MANIFEST)
        return manifest_row(x, def, tech);
    size_t nby = x->o.nby, stride = 3 + nby, n = 0;
    size_t *keys = malloc((x->ns * 2 + 1) * stride * sizeof *keys);
    if (!keys)
        return SSP_EINTERNAL;
    for (size_t i = 0; i < x->ns; i++) {
        const struct subj *s = &x->s[i];
        int arm = s->arm == x->v_int ? 1 : 2;
        int both = between_arms(d->type);
        if (s->tech != tech || (!both && !(d->arms & arm)) || !in_window(s))
            continue;
        for (int margin = 0; margin < 1 + (nby > 0); margin++) {
            size_t *k = keys + n++ * stride;
            k[0] = s->region;
            k[1] = both ? x->v_diff : s->arm;
            for (size_t j = 0; j < nby; j++)
                k[2 + j] = margin ? x->v_empty : s->by[j];
            k[2 + nby] = i;
        }
    }
    struct keyctx c = {x, 2 + nby};
    qsort_r(keys, n, stride * sizeof *keys, key_cmp, &c);
    ssp_status st = SSP_OK;
    for (size_t i = 0; i < n && !st;) {
        size_t j = i + 1;
        while (j < n && !memcmp(keys + j * stride, keys + i * stride,
                                (2 + nby) * sizeof *keys))
            j++;
        st = group_row(x, def, tech, keys + i * stride, j - i, stride, v);
        i = j;
    }
    free(keys);
    return st;
}

/* ---- adjustment and disclosure control --------------------------------- */

static int same_group(const ssp_ind *x, const ssp_ind_row *a,
                      const ssp_ind_row *b, int by)
{
    if (a->technology != b->technology || a->region != b->region ||
        a->arm != b->arm)
        return 0;
    for (size_t i = 0; by && i < x->o.nby; i++)
        if (a->by[i] != b->by[i])
            return 0;
    return 1;
}

/* p adjusted within the effectiveness family of each technology, region,
 * arm and disaggregation. */
static ssp_status adjust(ssp_ind *x)
{
    if (x->o.adjust < 0)
        return SSP_OK;
    double *p = malloc((x->nrows + 1) * 2 * sizeof *p);
    size_t *ix = malloc((x->nrows + 1) * sizeof *ix);
    char *done = calloc(x->nrows + 1, 1);
    ssp_status st = p && ix && done ? SSP_OK : SSP_EINTERNAL;
    for (size_t i = 0; i < x->nrows && !st; i++) {
        const ssp_ind_row *r = &x->rows[i];
        if (done[i] || strcmp(x->ind[r->def].def.domain, "effectiveness") ||
            isnan(r->p))
            continue;
        size_t n = 0;
        for (size_t j = i; j < x->nrows; j++) {
            const ssp_ind_row *q = &x->rows[j];
            if (!done[j] && !isnan(q->p) &&
                !strcmp(x->ind[q->def].def.domain, "effectiveness") &&
                same_group(x, r, q, 1)) {
                done[j] = 1;
                ix[n] = j;
                p[n++] = q->p;
            }
        }
        st = ssp_adjust((ssp_adjust_method)x->o.adjust, p, n, p + n);
        for (size_t j = 0; j < n && !st; j++)
            x->rows[ix[j]].p_adjusted = p[n + j];
    }
    free(p);
    free(ix);
    free(done);
    return st;
}

static void suppress(ssp_ind_row *r, const char *why)
{
    r->suppressed = 1;
    r->n = r->numerator = r->denominator = r->estimate = NAN;
    r->ci_low = r->ci_high = r->statistic = r->df = r->p = NAN;
    r->p_adjusted = r->effect = NAN;
    r->has_paired = 0;
    note(r, why);
}

static int small(double c, long min)
{
    return min > 0 && c > 0 && c < min;
}

static int margin(const ssp_ind *x, const ssp_ind_row *r)
{
    for (size_t i = 0; i < x->o.nby; i++)
        if (*r->by[i])
            return 0;
    return 1;
}

/* The disclosure rule, in one place: the counts row r shows are n, the
 * numerator and denominator where they count (subjects, events, days,
 * rows; a retention's leavers and subjects), and an arm difference's two
 * arms; 1 if one of them is small, or n (an arm's n) is below --min-n. */
static int primary(const ssp_ind *x, const ssp_ind_row *r, const char **why)
{
    const ssp_ind_options *o = &x->o;
    const struct indicator *d = &x->ind[r->def];
    double c[5] = {r->n, NAN, NAN, NAN, NAN};
    if (d->type == T_RETENTION || (d->type == T_RATIO && counted(&d->num)))
        c[1] = r->numerator;
    if (d->type == T_RETENTION || (d->type == T_RATIO && counted(&d->den)))
        c[2] = r->denominator;
    /* A share (or a retention's leavers of its subjects) shows the rest
     * too, by subtraction: 28 of 30 alerts acknowledged says 2 were not. */
    if (d->type == T_RETENTION || (d->type == T_RATIO && d->ci == CI_WILSON))
        c[4] = r->denominator - r->numerator;
    int between = between_arms(d->type);
    if (between) {
        c[2] = r->n_arm[0];
        c[3] = r->n_arm[1];
    }
    if (o->min_n > 0 && (!(r->n >= o->min_n) ||
                         (between && /* an arm without changes shows none */
                          ((r->n_arm[0] > 0 && r->n_arm[0] < o->min_n) ||
                           (r->n_arm[1] > 0 && r->n_arm[1] < o->min_n))))) {
        *why = "suppressed: n below --min-n";
        return 1;
    }
    for (int i = 0; i < 5; i++)
        if (small(c[i], o->min_cell)) {
            *why = "suppressed: a count below --min-cell";
            return 1;
        }
    return 0;
}

/* The paired counts (improved, worsened, unchanged) of a published row:
 * withheld all three when one is small (any two give the third). */
static void paired_counts(const ssp_ind *x, ssp_ind_row *r)
{
    ssp_paired *p = &r->paired;
    if (!r->has_paired || !(small(p->improved, x->o.min_cell) ||
                            small(p->worsened, x->o.min_cell) ||
                            small(p->unchanged, x->o.min_cell)))
        return;
    p->improved = p->worsened = p->unchanged = NAN;
}

/* 1 if a and b are the same group but for the arm. */
static int same_but_arm(const ssp_ind *x, const ssp_ind_row *a,
                        const ssp_ind_row *b)
{
    if (a->technology != b->technology || a->region != b->region)
        return 0;
    for (size_t i = 0; i < x->o.nby; i++)
        if (a->by[i] != b->by[i])
            return 0;
    return 1;
}

/* An arm difference published beside its two arms' paired changes (same
 * instrument and phases, same group) gives away the suppressed one of
 * them by subtraction (n, mean change): it is suppressed too. */
static int did_complement(ssp_ind *x, ssp_ind_row *t)
{
    const struct indicator *d = &x->ind[t->def];
    int hidden = 0, shown = 0;
    for (size_t j = 0; j < x->nrows; j++) {
        const ssp_ind_row *c = &x->rows[j];
        const struct indicator *e = &x->ind[c->def];
        if (e->type != T_PAIRED || e->instrument != d->instrument ||
            e->from != d->from || e->to != d->to || !same_but_arm(x, t, c))
            continue;
        if (c->suppressed)
            hidden++;
        else
            shown++;
    }
    return hidden == 1 || (hidden && shown);
}

/* Primary suppression (primary()), then complementary until nothing
 * changes: where a published margin row has exactly one suppressed cell
 * beneath it, the next smallest cell is suppressed too (or, with one
 * cell, the margin); and an arm difference whose arms' rows are one shown
 * and one suppressed. */
static void disclose(ssp_ind *x)
{
    for (size_t i = 0; i < x->nrows; i++) {
        ssp_ind_row *r = &x->rows[i];
        const char *why;
        if (primary(x, r, &why))
            suppress(r, why);
    }
    for (int changed = 1; changed;) {
        changed = 0;
        for (size_t i = 0; i < x->nrows; i++) {
            ssp_ind_row *t = &x->rows[i];
            if (t->suppressed)
                continue;
            int between = between_arms(x->ind[t->def].type);
            if (between && did_complement(x, t)) {
                suppress(t, "suppressed: complementary");
                changed = 1;
                continue;
            }
            if (!x->o.nby || !margin(x, t))
                continue;
            size_t hidden = 0, pick = SIZE_MAX;
            for (size_t j = i + 1; j < x->nrows; j++) {
                ssp_ind_row *c = &x->rows[j];
                if (c->def != t->def || !same_group(x, t, c, 0))
                    break;
                if (c->suppressed)
                    hidden++;
                else if (pick == SIZE_MAX || c->n < x->rows[pick].n)
                    pick = j;
            }
            if (hidden == 1) {
                suppress(pick != SIZE_MAX ? &x->rows[pick] : t,
                         "suppressed: complementary");
                changed = 1;
            }
        }
    }
    for (size_t i = 0; i < x->nrows; i++)
        if (!x->rows[i].suppressed)
            paired_counts(x, &x->rows[i]);
}

ssp_status ssp_ind_run(ssp_ind *x, ssp_error *err)
{
    if (arrange(x) || periods(x))
        return ssp_error_nomem(err);
    struct vec v[5] = {{0}};
    ssp_status st = SSP_OK;
    for (size_t i = 0; i < x->nind && !st; i++)
        for (size_t t = 0; t < x->ind[i].ntechs && !st; t++)
            st = indicator_rows(x, i, x->ind[i].techs[t], v);
    for (int i = 0; i < 5; i++)
        free(v[i].v);
    if (!st)
        st = adjust(x);
    if (st)
        return ssp_error_nomem(err);
    disclose(x);
    return SSP_OK;
}

static int by_week(const void *pa, const void *pb)
{
    const ssp_ind_week *a = pa, *b = pb;
    int d = strcmp(a->technology, b->technology);
    return d ? d : (a->monday > b->monday) - (a->monday < b->monday);
}

ssp_status ssp_ind_weekly(const ssp_ind *x, ssp_ind_week **out, size_t *n)
{
    ssp_ind_week *w = NULL;
    size_t nw = 0, cap = 0;
    for (size_t i = 0; i < x->ns; i++) {
        const struct subj *s = &x->s[i];
        if (s->arm != x->v_int || !(s->to >= s->from))
            continue;
        /* 1970-01-01 was a Thursday: Monday is day - (day + 3) mod 7. */
        for (double mon = s->from - fmod(s->from + 3, 7); mon <= s->to;
             mon += 7) {
            const char *tech = str(x, s->tech);
            size_t k = 0;
            while (k < nw && (w[k].technology != tech || w[k].monday != mon))
                k++;
            if (k == nw) {
                if (!(w = grow(w, &cap, nw, sizeof *w))) {
                    *out = NULL;
                    return SSP_EINTERNAL;
                }
                w[nw++] = (ssp_ind_week){tech, mon, 0, 0, 0};
            }
            double a = dmax(mon, s->from), b = dmin(mon + 6, s->to), last = NAN;
            w[k].subjects++;
            w[k].observed_days += b - a + 1;
            for (size_t j = s->u0; j < s->u1; j++) {
                double d = x->u[j].day;
                if (d >= a && d <= b && d != last)
                    w[k].used_days++;
                if (d >= a && d <= b)
                    last = d;
            }
        }
    }
    qsort(w, nw, sizeof *w, by_week);
    *out = w;
    *n = nw;
    return SSP_OK;
}

static json_t *jnum(double v)
{
    return isnan(v) ? json_null() : json_real(v);
}

static json_t *jtext(const char *s)
{
    return s && *s ? json_string(s) : json_null();
}

void *ssp_ind_json(const ssp_ind *x, int en)
{
    static const char *const adj[] = {"holm", "hochberg", "bonferroni", "bh",
                                      "by"};
    json_t *by = json_array(), *res = json_array();
    for (size_t i = 0; i < x->o.nby; i++)
        json_array_append_new(by, json_string(x->o.by[i]));
    json_t *root = json_pack("{s:{s:f, s:o, s:s, s:I, s:I}, s:o}", "parameters",
                             "level", x->o.level, "by", by, "adjust",
                             x->o.adjust < 0 ? "none" : adj[x->o.adjust],
                             "min_cell", (json_int_t)x->o.min_cell, "min_n",
                             (json_int_t)x->o.min_n, "results", res);
    if (root && json_object_set_new(root, "cohorts", ssp_ind_cohorts(x))) {
        json_decref(root);
        return NULL;
    }
    for (size_t i = 0; root && i < x->nrows; i++) {
        const ssp_ind_row *r = &x->rows[i];
        const ssp_ind_def *d = &x->ind[r->def].def;
        json_t *b = json_object();
        for (size_t k = 0; k < x->o.nby; k++)
            json_object_set_new(b, x->o.by[k], jtext(r->by[k]));
        json_t *o = json_pack(
            "{s:s, s:s, s:s, s:s, s:s, s:s, s:o, s:s, s:s, s:s, s:b, s:o}",
            "indicator", d->code, "label", en ? d->label_en : d->label_ko,
            "domain", d->domain, "technology", r->technology, "region",
            r->region, "arm", r->arm, "by", b, "type", d->type, "unit", d->unit,
            "direction", d->direction, "suppressed", r->suppressed, "note",
            jtext(r->note));
        const char *const k[] = {"n",       "numerator",  "denominator",
                                 "factor",  "estimate",   "ci_low",
                                 "ci_high", "statistic",  "df",
                                 "p",       "p_adjusted", "effect"};
        const double v[] = {r->n,       r->numerator,  r->denominator,
                            r->factor,  r->estimate,   r->ci_low,
                            r->ci_high, r->statistic,  r->df,
                            r->p,       r->p_adjusted, r->effect};
        for (size_t j = 0; o && j < 12; j++)
            json_object_set_new(o, k[j], jnum(isfinite(v[j]) ? v[j] : NAN));
        if (!o || json_array_append_new(res, o)) {
            json_decref(root);
            return NULL;
        }
    }
    if (ssp_json_failed()) {
        json_decref(root);
        return NULL;
    }
    return root;
}

ssp_status ssp_ind_screening(const ssp_ind *x, ssp_ind_screen **out, size_t *n,
                             ssp_error *err)
{
    *n = x->nscr;
    if (!(*out = calloc(x->nscr + 1, sizeof **out)))
        return ssp_error_nomem(err);
    for (size_t i = 0; i < x->nscr; i++)
        (*out)[i] =
            (ssp_ind_screen){str(x, x->scr[i].tech), str(x, x->scr[i].region),
                             str(x, x->scr[i].outcome)};
    return SSP_OK;
}

ssp_status ssp_ind_subjects(const ssp_ind *x, const char *instrument,
                            ssp_ind_subject **out, size_t *n, ssp_error *err)
{
    *out = NULL;
    *n = 0;
    size_t base = x->v_baseline, end = x->v_endline, ins = SIZE_MAX, ni = 0;
    /* (interned keys hold their NUL) */
    if (instrument &&
        !ssp_strmap_get(&x->vals, instrument, strlen(instrument) + 1, &ins))
        ins = SIZE_MAX - 1;        /* not in the data: no scores */
    size_t *instr = NULL, cap = 0; /* the instruments seen */
    for (size_t i = 0; i < x->nm; i++) {
        size_t j = 0, v = x->m[i].instr;
        while (j < ni && instr[j] != v)
            j++;
        if (j == ni && (!instrument || v == ins)) {
            if (!(instr = grow(instr, &cap, ni, sizeof *instr)))
                return ssp_error_nomem(err);
            instr[ni++] = v;
        }
    }
    /* per subject and instrument: 1 a baseline, 2 a later, 4 an endline */
    unsigned char *f = calloc(x->ns * ni + 1, 1);
    ssp_ind_subject *v = calloc(x->ns + 1, sizeof *v);
    if (!f || !v) {
        free(instr);
        free(f);
        free(v);
        return ssp_error_nomem(err);
    }
    for (size_t i = 0; i < x->nm; i++) {
        const struct mrow *m = &x->m[i];
        size_t j = 0;
        while (j < ni && instr[j] != m->instr)
            j++;
        if (j < ni)
            f[m->subj * ni + j] |= m->phase == base  ? 1
                                   : m->phase == end ? 2 | 4
                                                     : 2;
    }
    for (size_t i = 0; i < x->ns; i++) {
        const struct subj *s = &x->s[i];
        ssp_ind_subject *o = &v[i];
        o->technology = str(x, s->tech);
        o->region = str(x, s->region);
        o->arm = str(x, s->arm);
        o->exited = !isnan(s->exited);
        o->exit_reason = str(x, s->reason);
        for (size_t j = 0; j < ni; j++) {
            unsigned char b = f[i * ni + j];
            o->baseline |= (b & 1) != 0;
            o->followup |= (b & 3) == 3;
            o->completer |= (b & 5) == 5;
            o->endline |= (b & 4) != 0;
        }
    }
    free(instr);
    free(f);
    *out = v;
    *n = x->ns;
    return SSP_OK;
}

/* A day number as YYYY-MM-DD, or NULL for none. */
static json_t *jday(double day)
{
    struct tm tm;
    char b[16];
    time_t t = (time_t)(day * 86400);
    if (!(fabs(day) < 1e7) || !gmtime_r(&t, &tm) ||
        !strftime(b, sizeof b, "%Y-%m-%d", &tm))
        return json_null();
    return json_string(b);
}

void *ssp_ind_cohorts(const ssp_ind *x)
{
    size_t base = x->v_baseline, end = x->v_endline, n = 0, cap = 0;
    struct co {
        size_t tech, region;
        double first[2];
    } *c = NULL;
    size_t *of = calloc(x->ns + 1, sizeof *of); /* subject -> cohort */
    for (size_t i = 0; of && i < x->ns; i++) {
        size_t k = 0;
        while (k < n &&
               (c[k].tech != x->s[i].tech || c[k].region != x->s[i].region))
            k++;
        if (k == n) {
            struct co *g = grow(c, &cap, n, sizeof *c);
            if (!g) {
                free(of);
                of = NULL;
                break;
            }
            c = g;
            c[n++] = (struct co){x->s[i].tech, x->s[i].region, {NAN, NAN}};
        }
        of[i] = k;
    }
    json_t *out = of ? json_array() : NULL;
    for (size_t i = 0; out && i < x->nm; i++) {
        const struct mrow *m = &x->m[i];
        int j = m->phase == base ? 0 : m->phase == end ? 1 : -1;
        double *f = j < 0 ? NULL : &c[of[m->subj]].first[j];
        if (f && !isnan(m->day) && !(m->day >= *f))
            *f = m->day;
    }
    for (size_t k = 0; out && k < n; k++)
        if (json_array_append_new(
                out, json_pack("{s:s, s:s, s:o, s:o}", "technology",
                               str(x, c[k].tech), "region", str(x, c[k].region),
                               "first_baseline", jday(c[k].first[0]),
                               "first_endline", jday(c[k].first[1])))) {
            json_decref(out);
            out = NULL;
        }
    free(of);
    free(c);
    return out;
}
