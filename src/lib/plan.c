/* plan.c: evaluation plans (ssp-plan(5)): read and checked, then judged
 * criterion by criterion on indicator results. */
#include <jansson.h>
#include <math.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <gsl/gsl_cdf.h>

#include "ssp/adjust.h"
#include "ssp/io.h"
#include "ssp/plan.h"
#include "ssp/power.h"
#include "ssp/schema.h"
#include "ssp/sign.h"

static const char *const roles[] = {"primary", "secondary", "monitoring",
                                    "sensitivity", NULL};
static const char *const requires[] = {
    "significant_improvement", "estimate_at_least", "estimate_at_most",
    "ci_low_at_least",         "ci_high_at_most",   NULL};

static int one_of(const char *s, const char *const *list)
{
    for (size_t i = 0; s && list[i]; i++)
        if (!strcmp(s, list[i]))
            return (int)i;
    return -1;
}

static const char *text(const json_t *o, const char *k)
{
    return json_string_value(json_object_get(o, k));
}

static double num(const json_t *o, const char *k)
{
    json_t *v = json_object_get(o, k);
    return json_is_number(v) ? json_number_value(v) : NAN;
}

/* ---- the plan schema (data-schema/plan.schema.json) ----
 * Every value of a plan is checked against the schema ssp ships, so that
 * no value of a type or form the schema does not allow (an adjustment
 * that is a number, a technology with a '/' or a space) reaches the
 * judgement, a file name or a signed trusted comment. The subset of JSON
 * Schema the plan schema uses: type, const, enum, pattern (POSIX
 * extended), minLength, maxLength, required, properties,
 * additionalProperties: false, items, minItems, minimum,
 * exclusiveMinimum, exclusiveMaximum. */

/* The JSON type of v as JSON Schema names it. */
static const char *type_of(const json_t *v)
{
    switch (json_typeof(v)) {
    case JSON_OBJECT: return "object";
    case JSON_ARRAY: return "array";
    case JSON_STRING: return "string";
    case JSON_INTEGER: return "integer";
    case JSON_REAL: return "number";
    case JSON_TRUE:
    case JSON_FALSE: return "boolean";
    default: return "null";
    }
}

static int type_is(const json_t *v, const char *t)
{
    const char *have = type_of(v);
    return !strcmp(have, t) ||
           (!strcmp(t, "number") && !strcmp(have, "integer"));
}

/* v in the words of a message: a string quoted, else its JSON. */
static void show(const json_t *v, char *buf, size_t n)
{
    if (json_is_string(v)) {
        snprintf(buf, n, "\"%s\"", json_string_value(v));
        return;
    }
    char *t = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT);
    snprintf(buf, n, "%s", t ? t : "?");
    free(t);
}

/* Check v against the schema node s; on a failure, 0 with where (the
 * member's path, as technology or criteria[1].arm) and why filled. */
static int conform(const json_t *v, const json_t *s, char *where, size_t wn,
                   char *why, size_t yn)
{
    char val[160];
    const json_t *x;
    show(v, val, sizeof val);
    if ((x = json_object_get(s, "type")) && !type_is(v, json_string_value(x))) {
        snprintf(why, yn, "is %s, not %s %s", val,
                 strchr("aeiou", json_string_value(x)[0]) ? "an" : "a",
                 json_string_value(x));
        return 0;
    }
    if ((x = json_object_get(s, "const")) && !json_equal(v, x)) {
        char want[160];
        show(x, want, sizeof want);
        snprintf(why, yn, "is %s, not %s", val, want);
        return 0;
    }
    if ((x = json_object_get(s, "enum"))) {
        size_t i, ok = 0, used = 0;
        const json_t *e;
        char list[512] = "";
        json_array_foreach(x, i, e)
        {
            ok |= json_equal(v, e);
            used += (size_t)snprintf(
                list + used, used < sizeof list ? sizeof list - used : 0,
                "%s%s", i ? ", " : "", json_string_value(e) ?: "?");
            if (used >= sizeof list)
                used = sizeof list;
        }
        if (!ok) {
            snprintf(why, yn, "is %s, not one of %s", val, list);
            return 0;
        }
    }
    if (json_is_string(v)) {
        size_t len = strlen(json_string_value(v));
        if ((x = json_object_get(s, "minLength")) &&
            (json_int_t)len < json_integer_value(x)) {
            snprintf(why, yn, "is %s, shorter than %lld characters", val,
                     (long long)json_integer_value(x));
            return 0;
        }
        if ((x = json_object_get(s, "maxLength")) &&
            (json_int_t)len > json_integer_value(x)) {
            snprintf(why, yn, "is longer than %lld characters",
                     (long long)json_integer_value(x));
            return 0;
        }
        if ((x = json_object_get(s, "pattern"))) {
            regex_t re;
            if (regcomp(&re, json_string_value(x), REG_EXTENDED | REG_NOSUB)) {
                snprintf(why, yn,
                         "cannot be checked: the schema's pattern "
                         "'%s' does not compile",
                         json_string_value(x));
                return 0;
            }
            int m = regexec(&re, json_string_value(v), 0, NULL, 0);
            regfree(&re);
            if (m) {
                snprintf(why, yn, "is %s, which does not match '%s'", val,
                         json_string_value(x));
                return 0;
            }
        }
    }
    if (json_is_number(v)) {
        double d = json_number_value(v);
        if ((x = json_object_get(s, "minimum")) &&
            !(d >= json_number_value(x))) {
            snprintf(why, yn, "is %s, below %g", val, json_number_value(x));
            return 0;
        }
        if ((x = json_object_get(s, "exclusiveMinimum")) &&
            !(d > json_number_value(x))) {
            snprintf(why, yn, "is %s, not above %g", val, json_number_value(x));
            return 0;
        }
        if ((x = json_object_get(s, "exclusiveMaximum")) &&
            !(d < json_number_value(x))) {
            snprintf(why, yn, "is %s, not below %g", val, json_number_value(x));
            return 0;
        }
    }
    size_t wl = strlen(where);
    if (json_is_object(v)) {
        size_t i;
        const json_t *r;
        json_array_foreach(json_object_get(s, "required"), i, r)
        {
            if (!json_object_get(v, json_string_value(r))) {
                snprintf(why, yn, "has no member '%s'", json_string_value(r));
                return 0;
            }
        }
        const char *k;
        json_t *m;
        const json_t *props = json_object_get(s, "properties");
        json_object_foreach((json_t *)v, k, m)
        {
            const json_t *ps = json_object_get(props, k);
            snprintf(where + wl, wn - wl, "%s%s", wl ? "." : "", k);
            if (!ps) {
                if (json_is_false(json_object_get(s, "additionalProperties"))) {
                    snprintf(why, yn, "is not a member the schema knows");
                    return 0;
                }
            } else if (!conform(m, ps, where, wn, why, yn))
                return 0;
            where[wl] = '\0';
        }
    }
    if (json_is_array(v)) {
        if ((x = json_object_get(s, "minItems")) &&
            (json_int_t)json_array_size(v) < json_integer_value(x)) {
            snprintf(why, yn, "has fewer than %lld items",
                     (long long)json_integer_value(x));
            return 0;
        }
        const json_t *is = json_object_get(s, "items"), *m;
        size_t i;
        json_array_foreach(v, i, m)
        {
            snprintf(where + wl, wn - wl, "[%zu]", i);
            if (is && !conform(m, is, where, wn, why, yn))
                return 0;
            where[wl] = '\0';
        }
    }
    return 1;
}

/* The plan p against the shipped plan schema. */
static ssp_status schema_check(const json_t *p, const char *path,
                               ssp_error *err)
{
    char *sp = ssp_schema_find("plan.schema.json", err);
    if (!sp)
        return err ? err->status : SSP_EUSAGE;
    json_error_t je;
    json_t *schema = json_load_file(sp, JSON_REJECT_DUPLICATES, &je);
    ssp_status st = SSP_OK;
    char where[512] = "", why[800] = "";
    if (!schema && ssp_json_nomem(&je))
        st = ssp_error_nomem(err);
    else if (!schema)
        st = ssp_error_set(err, SSP_EUSAGE, sp, je.line, je.column,
                           "the plan schema cannot be read: %s", je.text);
    else if (!conform(p, schema, where, sizeof where, why, sizeof why))
        st = *where ? ssp_error_set(err, SSP_EUSAGE, path, 0, 0,
                                    "'%s' %s (ssp-plan(5))", where, why)
                    : ssp_error_set(err, SSP_EUSAGE, path, 0, 0,
                                    "the plan %s (ssp-plan(5))", why);
    json_decref(schema);
    free(sp);
    return st;
}

static int refuse(ssp_error *err, const char *path, const char *what,
                  const char *detail)
{
    ssp_error_set(err, SSP_EUSAGE, path, 0, 0, "%s%s", what, detail);
    return -1;
}

ssp_status ssp_plan_check(void *plan, const char *path, ssp_error *err)
{
    json_t *p = plan;
    static const char *const top[] = {"format",         "title",
                                      "firm",           "technology",
                                      "region",         "period",
                                      "alpha",          "level",
                                      "adjust",         "secondary_testing",
                                      "min_completers", "disclosure",
                                      "criteria",       NULL};
    static const char *const crit[] = {
        "id",        "role",  "indicator",  "arm",
        "require",   "value", "min_change", "expected_effect",
        "n_planned", "note",  NULL};
    const char *k;
    if (!json_is_object(p))
        return refuse(err, path, "a plan is a JSON object", ""), SSP_EUSAGE;
    if ((k = ssp_json_unknown_key(p, top)))
        return refuse(err, path, "not a member of a plan: ", k), SSP_EUSAGE;
    if (!text(p, "format") || strcmp(text(p, "format"), "ssp-plan-1"))
        return refuse(err, path, "'format' must be \"ssp-plan-1\"", ""),
               SSP_EUSAGE;
    json_t *firm = json_object_get(p, "firm"),
           *per = json_object_get(p, "period");
    if (!text(firm, "name_ko") || !text(firm, "name_en"))
        return refuse(err, path, "'firm' needs name_ko and name_en", ""),
               SSP_EUSAGE;
    if (!json_object_get(p, "technology") || !json_object_get(p, "region"))
        return refuse(err, path, "the plan names no technology or region", ""),
               SSP_EUSAGE;
    double d;
    if (!text(per, "from") || !text(per, "to") ||
        !ssp_iso_date(text(per, "from"), strlen(text(per, "from")), &d) ||
        !ssp_iso_date(text(per, "to"), strlen(text(per, "to")), &d))
        return refuse(err, path, "'period' needs from and to dates", ""),
               SSP_EUSAGE;
    /* Defaults, written into the plan so the certificate shows them. */
    if (!json_object_get(p, "alpha"))
        json_object_set_new(p, "alpha", json_real(0.05));
    if (!json_object_get(p, "level"))
        json_object_set_new(p, "level", json_real(0.95));
    if (!json_object_get(p, "adjust"))
        json_object_set_new(p, "adjust", json_string("holm"));
    if (!json_object_get(p, "secondary_testing"))
        json_object_set_new(p, "secondary_testing", json_string("adjust"));
    if (!json_object_get(p, "min_completers"))
        json_object_set_new(p, "min_completers", json_integer(0));
    if (!json_object_get(p, "disclosure"))
        json_object_set_new(
            p, "disclosure",
            json_pack("{s:i, s:i}", "min_cell", 5, "min_n", 10));
    double a = num(p, "alpha"), lv = num(p, "level");
    json_t *dis = json_object_get(p, "disclosure");
    if (!(a > 0 && a < 1) || !(lv > 0 && lv < 1))
        return refuse(err, path, "'alpha' and 'level' lie between 0 and 1", ""),
               SSP_EUSAGE;
    if (!json_is_integer(json_object_get(p, "min_completers")) ||
        !json_is_integer(json_object_get(dis, "min_cell")) ||
        !json_is_integer(json_object_get(dis, "min_n")))
        return refuse(err, path,
                      "'min_completers' and 'disclosure' min_cell, min_n are "
                      "whole numbers",
                      ""),
               SSP_EUSAGE;
    json_t *cs = json_object_get(p, "criteria"), *c;
    size_t i;
    if (!json_is_array(cs) || !json_array_size(cs))
        return refuse(err, path, "the plan has no criteria", ""), SSP_EUSAGE;
    json_array_foreach(cs, i, c)
    {
        const char *id = text(c, "id");
        if (!json_is_object(c) || !id)
            return refuse(err, path, "a criterion has no id", ""), SSP_EUSAGE;
        if ((k = ssp_json_unknown_key(c, crit)))
            return refuse(err, path, "not a member of a criterion: ", k),
                   SSP_EUSAGE;
        if (one_of(text(c, "role"), roles) < 0)
            return refuse(err, path, id,
                          ": 'role' is primary, secondary, monitoring or "
                          "sensitivity"),
                   SSP_EUSAGE;
        if (!json_object_get(c, "indicator"))
            return refuse(err, path, id, ": no indicator"), SSP_EUSAGE;
        int r = one_of(text(c, "require"), requires);
        if (r < 0)
            return refuse(err, path, id,
                          ": 'require' is significant_improvement, "
                          "estimate_at_least, estimate_at_most, "
                          "ci_low_at_least or ci_high_at_most"),
                   SSP_EUSAGE;
        if (r > 0 && isnan(num(c, "value")))
            return refuse(err, path, id, ": a number 'value' is needed"),
                   SSP_EUSAGE;
        if (json_object_get(c, "min_change") && !(num(c, "min_change") >= 0))
            return refuse(err, path, id, ": 'min_change' is 0 or more"),
                   SSP_EUSAGE;
        if (json_object_get(c, "expected_effect") &&
            !(num(c, "expected_effect") > 0))
            return refuse(err, path, id,
                          ": 'expected_effect' is a size above 0, in the "
                          "better direction"),
                   SSP_EUSAGE;
        json_t *np = json_object_get(c, "n_planned");
        if (np && !(json_is_integer(np) && json_integer_value(np) >= 2))
            return refuse(err, path, id,
                          ": 'n_planned' is a whole number, 2 or more"),
                   SSP_EUSAGE;
        if ((np || json_object_get(c, "expected_effect")) && r != 0)
            return refuse(err, path, id,
                          ": 'expected_effect' and 'n_planned' are for "
                          "significant_improvement"),
                   SSP_EUSAGE;
        for (size_t j = 0; j < i; j++)
            if (!strcmp(text(json_array_get(cs, j), "id"), id))
                return refuse(err, path, id, ": the id is used twice"),
                       SSP_EUSAGE;
    }
    /* The defaults set above are all there. */
    if (ssp_json_failed())
        return ssp_error_nomem(err);
    /* Then every value, against the schema: types, enums, patterns. */
    return schema_check(p, path, err);
}

void *ssp_plan_load(const char *path, ssp_error *err)
{
    json_error_t je;
    json_t *p = json_load_file(path, JSON_REJECT_DUPLICATES, &je);
    if (!p && ssp_json_nomem(&je)) {
        ssp_error_nomem(err);
        return NULL;
    }
    if (!p) {
        FILE *fp = fopen(path, "r");
        if (!fp)
            ssp_error_set(err, SSP_EIO, path, 0, 0, "cannot read the plan");
        else {
            fclose(fp);
            ssp_error_set(err, SSP_EUSAGE, path, je.line, je.column, "%s",
                          je.text);
        }
        return NULL;
    }
    if (ssp_plan_check(p, path, err)) {
        json_decref(p);
        return NULL;
    }
    return p;
}

/* The result row of an indicator for the plan's technology and region,
 * in arm (NULL: intervention, or intervention-comparison for an indicator
 * between the arms; an indicator with rows of no arm, such as the
 * manifest's, matches those), without disaggregation. */
static const json_t *find(const json_t *results, const char *code,
                          const char *tech, const char *region, const char *arm)
{
    const json_t *any = NULL, *r;
    size_t i;
    json_array_foreach(json_object_get(results, "results"), i, r)
    {
        const char *k;
        json_t *v;
        int margin = 1;
        json_object_foreach(json_object_get(r, "by"), k, v) margin &=
            json_is_null(v);
        if (!margin || strcmp(text(r, "indicator") ?: "", code) ||
            strcmp(text(r, "technology") ?: "", tech) ||
            strcmp(text(r, "region") ?: "", region))
            continue;
        const char *ra = text(r, "arm") ?: "";
        if (!strcmp(ra, arm ? arm : "intervention"))
            return r;
        if (!*ra || (!arm && !strcmp(ra, "intervention-comparison")))
            any = r;
    }
    return any;
}

/* The digits of v's integer part (so that 20 is not shown as 2e+01). */
static int int_digits(double v)
{
    double a = fabs(v);
    return a >= 1 && a < 1e17 ? (int)floor(log10(a)) + 1 : 1;
}

/* v in the fewest significant digits that read back as v. */
static const char *exact(double v, char *buf, size_t n)
{
    for (int p = int_digits(v); p <= 17; p++) {
        snprintf(buf, n, "%.*g", p, v);
        if (strtod(buf, NULL) == v)
            break;
    }
    return buf;
}

/* x as compared with the threshold t: four significant digits, or more
 * until the number shown compares with t as x does (never "87.2 is below
 * 87.2"). */
static const char *beside(double x, double t, char *buf, size_t n)
{
    int want = (x > t) - (x < t);
    for (int p = int_digits(x) > 4 ? int_digits(x) : 4; p <= 17; p++) {
        snprintf(buf, n, "%.*g", p, x);
        double y = strtod(buf, NULL);
        if ((y > t) - (y < t) == want)
            break;
    }
    return buf;
}

/* The rule in words (Korean, as the certificate shows it). */
static void rule(const json_t *c, const json_t *row, double alpha, int adjusted,
                 char *buf, size_t n)
{
    const char *pw = adjusted ? "보정 p" : "p";
    char a[32], b[32];
    double v = num(c, "value"), mc = num(c, "min_change");
    const char *dir = row ? text(row, "direction") : NULL;
    const char *unit = row ? text(row, "unit") : "";
    switch (one_of(text(c, "require"), requires)) {
    case 0:
        if (!isnan(mc) && mc > 0)
            snprintf(buf, n, "%s < %s, 변화 %s %s%s %s", pw,
                     exact(alpha, a, sizeof a),
                     dir && !strcmp(dir, "lower") ? "≤" : "≥",
                     dir && !strcmp(dir, "lower") ? "−" : "",
                     exact(mc, b, sizeof b), unit ? unit : "");
        else
            snprintf(buf, n, "%s < %s, 개선 방향", pw,
                     exact(alpha, a, sizeof a));
        break;
    case 1: snprintf(buf, n, "추정값 ≥ %s", exact(v, a, sizeof a)); break;
    case 2: snprintf(buf, n, "추정값 ≤ %s", exact(v, a, sizeof a)); break;
    case 3:
        snprintf(buf, n, "신뢰구간 하한 ≥ %s", exact(v, a, sizeof a));
        break;
    default: snprintf(buf, n, "신뢰구간 상한 ≤ %s", exact(v, a, sizeof a));
    }
}

/* met (1), not met (0) or not evaluable (-1), and why; p is the p
 * the criterion is judged on (adjusted within its family or not). */
static int judge(const json_t *c, const json_t *row, double alpha, double p,
                 int adjusted, char *why, size_t n)
{
    *why = '\0';
    if (!row) {
        snprintf(why, n,
                 "no such result (is the indicator in the catalogue "
                 "and the technology in the data?)");
        return -1;
    }
    const char *note = text(row, "note");
    if (json_is_true(json_object_get(row, "suppressed"))) {
        snprintf(why, n, "suppressed by disclosure control%s%s",
                 note && *note ? ": " : "", note && *note ? note : "");
        return -1;
    }
    double est = num(row, "estimate"), lo = num(row, "ci_low"),
           hi = num(row, "ci_high"), v = num(c, "value");
    int r = one_of(text(c, "require"), requires);
    double x = r == 0 ? p : r <= 2 ? est : r == 3 ? lo : hi;
    const char *pname = adjusted ? "adjusted p" : "p";
    if (isnan(x) || (r == 0 && isnan(est))) {
        /* Name what is missing, and the result's reason if it gives one. */
        static const char *const what[] = {"estimate", "estimate", "ci_low",
                                           "ci_high"};
        const char *m = r == 0 ? isnan(p) ? "p" : "estimate" : what[r - 1];
        if (note && *note)
            snprintf(why, n, "no value: the result has no %s (%s)", m, note);
        else
            snprintf(why, n,
                     "no value: the result has no %s and gives no "
                     "reason",
                     m);
        return -1;
    }
    char a[32], b[32];
    switch (r) {
    case 0: {
        const char *dir = text(row, "direction") ?: "none";
        int better = !strcmp(dir, "higher")  ? 1
                     : !strcmp(dir, "lower") ? -1
                                             : 0;
        const char *bw = better > 0 ? "higher is better" : "lower is better";
        double mc = num(c, "min_change");
        if (!(p < alpha))
            snprintf(why, n, "%s %s is not below %s", pname,
                     beside(p, alpha, a, sizeof a), exact(alpha, b, sizeof b));
        else if (better == 0)
            snprintf(why, n, "the indicator has no better direction");
        else if (est * better <= 0)
            snprintf(why, n, "the change %s is in the worse direction (%s)",
                     beside(est, 0, a, sizeof a), bw);
        else if (!isnan(mc) && est * better < mc)
            /* The plan's minimum change is a size in the better direction:
             * shown with the sign it has as a change. */
            snprintf(why, n, "the change %s falls short of %s (%s)",
                     beside(est, better * mc, a, sizeof a),
                     exact(better * mc, b, sizeof b), bw);
        return !*why;
    }
    case 1:
    case 3:
        if (!(x >= v))
            snprintf(why, n, "the %s %s is below %s",
                     r == 1 ? "estimate" : "interval's lower bound",
                     beside(x, v, a, sizeof a), exact(v, b, sizeof b));
        return x >= v;
    default:
        if (!(x <= v))
            snprintf(why, n, "the %s %s is above %s",
                     r == 2 ? "estimate" : "interval's upper bound",
                     beside(x, v, a, sizeof a), exact(v, b, sizeof b));
        return x <= v;
    }
}

static json_t *copy_num(const json_t *row, const char *k)
{
    json_t *v = row ? json_object_get(row, k) : NULL;
    return json_is_number(v) ? json_copy(v) : json_null();
}

/* The results must be computed as the plan asks. */
static int same_parameters(const json_t *plan, const json_t *results,
                           ssp_error *err)
{
    json_t *rp = json_object_get(results, "parameters");
    json_t *dis = json_object_get(plan, "disclosure");
    const char *adj = text(rp, "adjust");
    if (num(rp, "level") != num(plan, "level"))
        ssp_error_set(err, SSP_EUSAGE, NULL, 0, 0,
                      "the results were computed at level %g, the plan asks "
                      "for %g: run ssp indicators --level %g",
                      num(rp, "level"), num(plan, "level"), num(plan, "level"));
    else if (!adj || strcmp(adj, text(plan, "adjust")))
        ssp_error_set(err, SSP_EUSAGE, NULL, 0, 0,
                      "the results were adjusted by %s, the plan asks for "
                      "%s: run ssp indicators --adjust %s",
                      adj ? adj : "nothing", text(plan, "adjust"),
                      text(plan, "adjust"));
    else if (!(num(rp, "min_cell") >= num(dis, "min_cell")) ||
             !(num(rp, "min_n") >= num(dis, "min_n")))
        ssp_error_set(err, SSP_EUSAGE, NULL, 0, 0,
                      "the results were computed with --min-cell %g --min-n "
                      "%g, the plan asks for at least %g and %g",
                      num(rp, "min_cell"), num(rp, "min_n"),
                      num(dis, "min_cell"), num(dis, "min_n"));
    else
        return 1;
    return 0;
}

/* The p each criterion that tests significance is judged on: the
 * primaries are one family and the secondaries another, each adjusted by
 * the plan's method (a family of one is its own p: the primary tested
 * alone, as pre-specified); a member without a p (missing, suppressed)
 * still counts in its family's size, at p = 1, so that losing one never
 * makes the others' bar lower. With secondary_testing fixed_sequence the
 * secondaries are tested at alpha in the plan's order (ssp_plan_judge
 * stops at the first not met); monitoring and sensitivity criteria are
 * judged on their own p. adj[i] says whether p[i] is adjusted. */
static ssp_status family_p(const json_t *plan, const json_t **rows, size_t nc,
                           double *p, int *adj)
{
    const char *m = text(plan, "adjust");
    int fixed =
        !strcmp(text(plan, "secondary_testing") ?: "", "fixed_sequence");
    ssp_adjust_method method = SSP_ADJ_HOLM;
    int none = !m || !strcmp(m, "none") || !ssp_adjust_parse(m, &method);
    double *in = malloc((nc + 1) * 2 * sizeof *in);
    size_t *ix = malloc((nc + 1) * sizeof *ix);
    ssp_status st = in && ix ? SSP_OK : SSP_EINTERNAL;
    for (int fam = 0; fam < 4 && !st; fam++) {
        size_t n = 0;
        for (size_t i = 0; i < nc; i++) {
            const json_t *c =
                json_array_get(json_object_get(plan, "criteria"), i);
            if (strcmp(text(c, "role"), roles[fam]) ||
                one_of(text(c, "require"), requires) != 0)
                continue;
            p[i] = num(rows[i], "p");
            adj[i] = 0;
            ix[n] = i;
            in[n++] = isnan(p[i]) ? 1 : p[i];
        }
        if (n < 2 || none || fam >= 2 || (fam == 1 && fixed))
            continue;
        st = ssp_adjust(method, in, n, in + n);
        for (size_t j = 0; j < n && !st; j++)
            if (!isnan(p[ix[j]])) {
                p[ix[j]] = in[n + j];
                adj[ix[j]] = 1;
            }
    }
    free(in);
    free(ix);
    return st;
}

/* The power of a primary criterion at the study's n, from the standard
 * error its t interval implies: the chance of meeting it (significant at
 * alpha in the better direction, and at least min_change when the plan
 * asks for one) if the true effect were the plan's expected_effect (else
 * its min_change), and its minimum detectable effect, the true effect
 * that would meet it with 80% power: {se, df, alpha, min_change, mde,
 * effect, effect_from, power}, and a sentence saying whether "not met"
 * means no effect or too small to tell. NULL where the result is no t
 * interval. */
static json_t *power_of(const json_t *c, const json_t *row, double alpha,
                        double level, int met, char *words, size_t n)
{
    static const char *const ttypes[] = {"paired_change", "arm_difference",
                                         "ancova", "mmrm", NULL};
    *words = '\0';
    double lo = num(row, "ci_low"), hi = num(row, "ci_high"),
           df = num(row, "df");
    if (!row || one_of(text(row, "type"), ttypes) < 0 || !(df > 0) ||
        !(hi > lo))
        return NULL;
    double se = (hi - lo) / (2 * gsl_cdf_tdist_Pinv((1 + level) / 2, df));
    double mc = num(c, "min_change") > 0 ? num(c, "min_change") : 0;
    double mde = ssp_mde_se(se, df, alpha, 0.8, mc);
    double want = num(c, "expected_effect");
    const char *whose = "the plan's expected effect", *from = "expected_effect";
    if (isnan(want) && mc > 0) {
        want = mc;
        whose = "the plan's minimum change";
        from = "min_change";
    }
    double pw = ssp_power_se(want, se, df, alpha, mc);
    char a[32], b[32], u[48];
    const char *unit = text(row, "unit");
    snprintf(u, sizeof u, "%s%s", unit && *unit ? " " : "", unit ? unit : "");
    int k = snprintf(words, n,
                     "minimum detectable effect %.3g%s (80%% power to meet "
                     "the criterion, two-sided %s, se %.3g on %.3g df)",
                     mde, u, exact(alpha, a, sizeof a), se, df);
    if (!isnan(pw) && k > 0 && (size_t)k < n)
        k += snprintf(words + k, n - (size_t)k, "; power %.2f for %s, %s%s", pw,
                      whose, exact(want, b, sizeof b), u);
    if (!met && k > 0 && (size_t)k < n)
        snprintf(words + k, n - (size_t)k, "%s",
                 isnan(pw)  ? ": with no expected effect in the plan, not "
                              "met cannot say whether there is no effect"
                 : pw < 0.8 ? ": too small to tell, not evidence of no effect"
                            : ": an effect of that size would likely have "
                              "been found");
    return json_pack("{s:f, s:f, s:f, s:f, s:o, s:o, s:o, s:o}", "se", se, "df",
                     df, "alpha", alpha, "min_change", mc, "mde",
                     isnan(mde) ? json_null() : json_real(mde), "effect",
                     isnan(want) ? json_null() : json_real(want), "effect_from",
                     isnan(want) ? json_null() : json_string(from), "power",
                     isnan(pw) ? json_null() : json_real(pw));
}

/* The denominator of DQ_ENDLINE of an arm: the subjects enrolled. */
static double enrolled(const json_t *results, const char *tech,
                       const char *region, const char *arm)
{
    const json_t *dq = find(results, "DQ_ENDLINE", tech, region, arm);
    return dq && !json_is_true(json_object_get(dq, "suppressed"))
               ? num(dq, "denominator")
               : NAN;
}

static void warn(json_t *warnings, const char *id, const char *w)
{
    json_array_append_new(warnings,
                          json_pack("{s:s, s:s}", "criterion", id, "why", w));
}

/* A warning when a criterion's n_planned is more than was enrolled: per
 * arm for a difference between arms, in its arm otherwise. Where
 * disclosure control hides an arm's enrolment, the subjects the result
 * analysed stand in for it (never more than were enrolled). A criterion
 * without its result is reported missing already. */
static void enrolment(const json_t *c, const json_t *results, const char *tech,
                      const char *region, json_t *warnings)
{
    json_t *np = json_object_get(c, "n_planned");
    const json_t *row =
        find(results, text(c, "indicator"), tech, region, text(c, "arm"));
    if (!np || !row)
        return;
    double need = (double)json_integer_value(np);
    if (!*(text(row, "arm") ?: "")) /* not a result of an arm */
        return;
    int both = !strcmp(text(row, "arm"), "intervention-comparison");
    const char *id = text(c, "id"), *per = both ? " per arm" : "";
    const char *arms[2] = {both ? "intervention" : text(row, "arm"),
                           "comparison"};
    char w[256], hidden[64] = "";
    int nh = 0;
    for (int i = 0; i < 1 + both; i++) {
        double e = enrolled(results, tech, region, arms[i]);
        if (isnan(e))
            snprintf(hidden + strlen(hidden), sizeof hidden - strlen(hidden),
                     "%s%s", nh++ ? " and " : "", arms[i]);
        else if (e < need) {
            snprintf(w, sizeof w,
                     "%s: the plan needs %g%s; %g enrolled "
                     "in the %s arm",
                     id, need, per, e, arms[i]);
            warn(warnings, id, w);
        }
    }
    if (!*hidden)
        return;
    double n = num(row, "n"), all = need * (both ? 2 : 1);
    if (isnan(n))
        snprintf(w, sizeof w,
                 "%s: the plan needs %g%s; disclosure control "
                 "hides the enrolment of the %s arm%s and the "
                 "result has no n",
                 id, need, per, hidden, nh > 1 ? "s" : "");
    else if (n < all)
        snprintf(w, sizeof w,
                 "%s: the plan needs %g%s (%g in all); %g "
                 "analysed (disclosure control hides the "
                 "enrolment of the %s arm%s)",
                 id, need, per, all, n, hidden, nh > 1 ? "s" : "");
    else
        return;
    warn(warnings, id, w);
}

void *ssp_plan_judge(const void *plan_, const void *results_, ssp_error *err)
{
    const json_t *plan = plan_, *results = results_;
    if (!same_parameters(plan, results, err))
        return NULL;
    const char *tech = text(plan, "technology"), *region = text(plan, "region");
    double alpha = num(plan, "alpha"), level = num(plan, "level");
    json_t *list = json_object_get(plan, "criteria");
    size_t nc = json_array_size(list);
    const json_t **rows = calloc(nc + 1, sizeof *rows);
    double *pj = malloc((nc + 1) * sizeof *pj);
    int *adj = calloc(nc + 1, sizeof *adj);
    json_t *out = json_object(), *crits = json_array(), *missing = json_array(),
           *warnings = json_array();
    int verdict = 1,
        fixed =
            !strcmp(text(plan, "secondary_testing") ?: "", "fixed_sequence"),
        open = 1;
    const char *stopped = NULL, *stopped_as = "";
    const json_t *c;
    size_t i;
    if (!rows || !pj || !adj || !out || !crits || !missing || !warnings) {
        ssp_error_nomem(err);
        goto fail;
    }
    json_array_foreach(list, i, c)
    {
        rows[i] =
            find(results, text(c, "indicator"), tech, region, text(c, "arm"));
        pj[i] = NAN;
    }
    if (family_p(plan, rows, nc, pj, adj)) {
        ssp_error_set(err, SSP_EINTERNAL, NULL, 0, 0,
                      "adjusting the families' p failed (out of memory?)");
        goto fail;
    }
    json_array_foreach(list, i, c)
    {
        const json_t *row = rows[i];
        const char *arm = text(c, "arm") ?: "intervention";
        const char *role = text(c, "role");
        int test = one_of(text(c, "require"), requires) == 0;
        char why[256], words[160], pw[320];
        int o;
        if (fixed && test && !strcmp(role, "secondary") && !open) {
            o = 0;
            snprintf(why, sizeof why,
                     "not tested: %s before it in the fixed "
                     "testing order was %s",
                     stopped, stopped_as);
        } else
            o = judge(c, row, alpha, pj[i], adj[i], why, sizeof why);
        if (fixed && test && !strcmp(role, "secondary") && open && o != 1) {
            open = 0;
            stopped = text(c, "id");
            stopped_as = o ? "not evaluable" : "not met";
        }
        rule(c, row, alpha, adj[i], words, sizeof words);
        if (strcmp(role, "monitoring") && strcmp(role, "sensitivity") && o != 1)
            verdict = 0;
        if (o < 0)
            json_array_append_new(missing,
                                  json_pack("{s:s, s:s}", "criterion",
                                            text(c, "id"), "why", why));
        json_t *e = json_pack(
            "{s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s, s:s}", "id",
            text(c, "id"), "role", role, "indicator", text(c, "indicator"),
            "label", row ? text(row, "label") ?: "" : "", "arm",
            row ? text(row, "arm") ?: "" : arm, "unit",
            row ? text(row, "unit") ?: "" : "", "direction",
            row ? text(row, "direction") ?: "" : "", "rule", words, "outcome",
            o > 0    ? "met"
            : o == 0 ? "not_met"
                     : "not_evaluable",
            "reason", why);
        if (!e) {
            ssp_error_nomem(err);
            goto fail;
        }
        const char *const copy[] = {"require", "value", "min_change",
                                    "expected_effect", "n_planned"};
        for (size_t k = 0; k < 5; k++)
            if (json_object_get(c, copy[k]))
                json_object_set(e, copy[k], json_object_get(c, copy[k]));
        const char *const nums[] = {"n", "estimate", "ci_low", "ci_high", "p"};
        for (size_t k = 0; k < 5; k++)
            json_object_set_new(e, nums[k], copy_num(row, nums[k]));
        const char *est = row ? text(row, "estimand") : NULL;
        if (est && *est) /* whom the effect rests on: itt, completers */
            json_object_set_new(e, "estimand", json_string(est));
        /* the p it was judged on: adjusted within its family, or its own */
        json_object_set_new(e, "p_adjusted",
                            test && !isnan(pj[i]) ? json_real(pj[i])
                                                  : json_null());
        if (test)
            json_object_set_new(e, "p_adjusted_in",
                                json_string(adj[i] ? "family" : "alone"));
        json_t *power =
            test && !strcmp(role, "primary") && o >= 0
                ? power_of(c, row, alpha, level, o == 1, pw, sizeof pw)
                : NULL;
        if (power) {
            json_object_set_new(e, "power", power);
            json_object_set_new(e, "power_statement", json_string(pw));
        }
        enrolment(c, results, tech, region, warnings);
        json_array_append_new(crits, e);
    }
    /* Participants: the intervention arm's enrolled and assessed at
     * endline (DQ_ENDLINE). */
    const json_t *dq =
        find(results, "DQ_ENDLINE", tech, region, "intervention");
    json_t *minc = json_object_get(plan, "min_completers");
    double done = dq && !json_is_true(json_object_get(dq, "suppressed"))
                      ? num(dq, "numerator")
                      : NAN;
    json_t *part = json_pack("{s:o, s:o, s:O}", "enrolled",
                             copy_num(dq, "denominator"), "completers",
                             copy_num(dq, "numerator"), "min_completers", minc);
    if (json_integer_value(minc) > 0 &&
        !(done >= (double)json_integer_value(minc))) {
        verdict = 0;
        char why[160];
        if (isnan(done))
            snprintf(why, sizeof why,
                     "the completers (DQ_ENDLINE) are not "
                     "known");
        else
            snprintf(why, sizeof why, "%g completers, the plan needs %lld",
                     done, (long long)json_integer_value(minc));
        json_array_append_new(missing, json_pack("{s:s, s:s}", "criterion",
                                                 "min_completers", "why", why));
    }
    json_object_set_new(out, "participants", part);
    json_object_set_new(out, "criteria", crits);
    json_object_set_new(out, "missing", missing);
    json_object_set_new(out, "warnings", warnings);
    json_object_set_new(out, "verdict",
                        json_string(verdict ? "met" : "not_met"));
    free(rows);
    free(pj);
    free(adj);
    if (ssp_json_failed()) { /* a member could not be made */
        json_decref(out);
        ssp_error_nomem(err);
        return NULL;
    }
    return out;
fail:
    json_decref(out);
    json_decref(crits);
    json_decref(missing);
    json_decref(warnings);
    free(rows);
    free(pj);
    free(adj);
    return NULL;
}

const char *ssp_plan_outcome_word(const char *outcome, int en)
{
    static const char *const w[][3] = {
        {"met", "충족", "met"},
        {"not_met", "미충족", "not met"},
        {"not_evaluable", "평가 불가", "not evaluable"}};
    for (size_t i = 0; outcome && i < sizeof w / sizeof w[0]; i++)
        if (!strcmp(w[i][0], outcome))
            return w[i][en ? 2 : 1];
    return NULL;
}

ssp_status ssp_plan_register(const char *path, const char *seckey,
                             long long when, ssp_plan_reg *reg, ssp_error *err)
{
    json_t *plan = ssp_plan_load(path, err);
    if (!plan)
        return err->status;
    json_decref(plan);
    struct tm tm;
    time_t t = (time_t)when;
    if (when < 0 || !gmtime_r(&t, &tm) ||
        !strftime(reg->registered, sizeof reg->registered, "%Y-%m-%dT%H:%M:%SZ",
                  &tm))
        return ssp_error_set(err, SSP_EUSAGE, NULL, 0, 0,
                             "a registration time before 1970 or after 9999");
    unsigned long long bytes;
    ssp_sha256_file(path, reg->sha256, &bytes);
    char tc[128];
    snprintf(tc, sizeof tc, "ssp-plan sha256=%s registered=%s", reg->sha256,
             reg->registered);
    return ssp_sign_file(seckey, path, tc, err);
}

ssp_status ssp_plan_registration(const char *path, const char *sigfile,
                                 const char *pubkey, ssp_plan_reg *reg,
                                 ssp_error *err)
{
    char sig[4096], tc[8192], now[65];
    if (!sigfile) {
        if ((size_t)snprintf(sig, sizeof sig, "%s.minisig", path) >= sizeof sig)
            return ssp_error_set(err, SSP_EUSAGE, path, 0, 0, "path too long");
        sigfile = sig;
    }
    ssp_status st = ssp_verify_file(pubkey, path, sigfile, tc, sizeof tc, err);
    if (st)
        return st;
    int y, mo, d, h, mi, se, k = 0;
    if (strlen(tc) != 112 ||
        sscanf(tc,
               "ssp-plan sha256=%64[0-9a-f] registered=%4d-%2d-%2dT"
               "%2d:%2d:%2dZ%n",
               reg->sha256, &y, &mo, &d, &h, &mi, &se, &k) != 7 ||
        k != 112)
        return ssp_error_set(err, SSP_EDATA, sigfile, 0, 0,
                             "its trusted comment is not a registration "
                             "of ssp plan register: '%s'",
                             tc);
    memcpy(reg->registered, tc + 92, 20);
    reg->registered[20] = '\0';
    unsigned long long bytes;
    ssp_sha256_file(path, now, &bytes);
    if (strcmp(now, reg->sha256))
        return ssp_error_set(err, SSP_EDATA, path, 0, 0,
                             "the plan changed since it was registered "
                             "(SHA-256 %.12s..., registered %.12s...)",
                             now, reg->sha256);
    return SSP_OK;
}

/* A registration time (YYYY-MM-DDTHH:MM:SSZ) before the day first
 * (YYYY-MM-DD; NULL: no endline yet). */
static int before(const char *when, const char *first)
{
    return !first || strncmp(when, first, 10) < 0;
}

void *ssp_plan_registration_record(const void *plan_, const char *path,
                                   const char *sigfile, const char *pubkey,
                                   const void *results_, ssp_plan_reg *reg,
                                   ssp_error *err)
{
    const json_t *plan = plan_, *results = results_;
    json_t *rec;
    if (!pubkey) {
        if (!(rec = json_pack("{s:s}", "status", "unregistered")))
            ssp_error_nomem(err);
        return rec;
    }
    if (ssp_plan_registration(path, sigfile, pubkey, reg, err)) {
        if (err->status == SSP_EDATA) {
            char why[sizeof err->msg];
            snprintf(why, sizeof why, "%s", err->msg);
            ssp_error_set(err, SSP_EDATA, NULL, 0, 0,
                          "its registration does not hold: %s", why);
        }
        return NULL;
    }
    const char *tech = text(plan, "technology"), *region = text(plan, "region");
    const json_t *co = json_object_get(results, "cohorts"), *c, *found = NULL;
    size_t i;
    json_array_foreach(co, i, c)
    {
        if (!strcmp(text(c, "technology") ?: "", tech) &&
            !strcmp(text(c, "region") ?: "", region))
            found = c;
    }
    if (!co)
        return ssp_error_set(err, SSP_EDATA, NULL, 0, 0,
                             "the results do not say when the first endline "
                             "was measured: run ssp indicators again"),
               NULL;
    const char *first = found ? text(found, "first_endline") : NULL;
    if (!before(reg->registered, first))
        return ssp_error_set(err, SSP_EDATA, NULL, 0, 0,
                             "the plan was registered on %.10s, not before "
                             "the first endline measurement of %s in %s "
                             "(%s): a plan must be fixed before the data",
                             reg->registered, tech, region, first),
               NULL;
    if (!(rec = json_pack("{s:s, s:s, s:s, s:o}", "status", "registered",
                          "registered", reg->registered, "sha256", reg->sha256,
                          "first_endline",
                          first ? json_string(first) : json_null())))
        ssp_error_nomem(err);
    return rec;
}

int ssp_plan_registration_holds(const void *record_, const char *plansha)
{
    const json_t *r = record_;
    const char *st = text(r, "status"), *when = text(r, "registered"),
               *sha = text(r, "sha256");
    if (st && !strcmp(st, "unregistered"))
        return 1;
    return st && !strcmp(st, "registered") && when && strlen(when) == 20 &&
           sha && plansha && !strcmp(sha, plansha) &&
           before(when, text(r, "first_endline"));
}
